// A port of the walk/eval half of Go's text/template/exec.go over decoded JSON. Error texts are Go's.
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting.Template;

/// <summary>A value as reflect sees it: <see cref="Boxed"/> when its static type is interface{} (an element
/// of a map[string]interface{} or []interface{}).</summary>
internal readonly record struct Val(object? Obj, bool Boxed = false)
{
    public static readonly Val NoValue = new(GoValues.NoValue);

    public bool IsValid => !ReferenceEquals(Obj, GoValues.NoValue);

    public string TypeName => GoValues.TypeName(Obj, Boxed);
}

/// <summary>Executes one parsed template set over one value.</summary>
internal sealed partial class TemplateExecutor
{
    private const int MaxDepth = 1000;

    private readonly string _name;
    private readonly string _text;
    private readonly Dictionary<string, ListNode> _treeSet;
    private readonly GoTemplateOptions _options;
    private readonly IReadOnlyDictionary<string, TemplateFunction>? _overrides;
    private readonly StringBuilder _out = new();
    private readonly List<(string Name, Val Value)> _vars = [];
    private object? _root;
    private Node? _node;
    private int _depth;

    public TemplateExecutor(string name, string text, Dictionary<string, ListNode> treeSet, GoTemplateOptions options,
        IReadOnlyDictionary<string, TemplateFunction>? overrides = null)
    {
        _overrides = overrides;
        _name = name;
        _text = text;
        _treeSet = treeSet;
        _options = options;
    }

    public string Execute(string templateName, JsonNode? data)
    {
        if (!_treeSet.TryGetValue(templateName, out ListNode? root))
        {
            throw new GoTemplateException($"template: no template {GoFormat.Quote(templateName)} associated with template {GoFormat.Quote(_name)}", false);
        }
        _root = data;
        var dot = new Val(GoValues.FromNode(data));
        _vars.Add(("$", dot));
        Walk(dot, root);
        return _out.ToString();
    }

    /// <summary>Like <see cref="Execute"/> but returns the output written before an execution error.</summary>
    public string ExecutePartial(string templateName, JsonNode? data)
    {
        try
        {
            return Execute(templateName, data);
        }
        catch (GoTemplateException)
        {
            return _out.ToString();
        }
    }

    private sealed class BreakSignal : Exception;

    private sealed class ContinueSignal : Exception;

    private void At(Node node) => _node = node;

    [DoesNotReturn]
    internal void Errorf(string message)
    {
        if (_node is null)
        {
            throw new GoTemplateException($"template: {_name}: {message}", false);
        }
        int pos = Math.Min(_node.Pos, _text.Length);
        string before = _text[..pos];
        int nl = before.LastIndexOf('\n');
        int column = nl < 0 ? pos : pos - (nl + 1);
        int line = 1 + before.Count(c => c == '\n');
        // Go 1.11+ prints the whole node; older releases cut it at 20 bytes.
        string context = _node.ToString() ?? "";
        throw new GoTemplateException(
            $"template: {_name}:{line}:{column}: executing {GoFormat.Quote(_name)} at <{context}>: {message}", false);
    }

    private void Walk(Val dot, Node node)
    {
        switch (node)
        {
            case ActionNode action:
                Val val = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Decl.Count == 0)
                {
                    PrintValue(action, val);
                }
                break;
            case BreakNode:
                throw new BreakSignal();
            case ContinueNode:
                throw new ContinueSignal();
            case BranchNode { Kind: BranchKind.Range } range:
                WalkRange(dot, range);
                break;
            case BranchNode branch:
                WalkIfOrWith(dot, branch);
                break;
            case ListNode list:
                foreach (Node n in list.Nodes)
                {
                    Walk(dot, n);
                }
                break;
            case TemplateNode template:
                WalkTemplate(dot, template);
                break;
            case TextNode text:
                _out.Append(text.Text);
                break;
            default:
                Errorf("unknown node: " + node);
                break;
        }
    }

    private void WalkIfOrWith(Val dot, BranchNode branch)
    {
        int mark = _vars.Count;
        Val val = EvalPipeline(dot, branch.Pipe);
        (bool truth, bool ok) = IsTrue(val);
        if (!ok)
        {
            At(branch.Pipe);
            Errorf($"if/with can't use {GoFormat.Sprint(val.Obj)}");
        }
        if (truth)
        {
            Walk(branch.Kind == BranchKind.With ? val : dot, branch.List);
        }
        else if (branch.ElseList is not null)
        {
            Walk(dot, branch.ElseList);
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
    }

    internal static (bool Truth, bool Ok) IsTrue(Val val) => val.Obj switch
    {
        _ when !val.IsValid => (false, true),
        null => (false, true),
        bool b => (b, true),
        string s => (s.Length > 0, true),
        long l => (l != 0, true),
        double d => (d != 0, true),
        string[] a => (a.Length > 0, true),
        JsonArray a => (a.Count > 0, true),
        JsonObject o => (!GoJson.IsMap(o) || o.Count > 0, true),
        _ => (true, true),
    };

    private void WalkRange(Val dot, BranchNode range)
    {
        At(range);
        int mark = _vars.Count;
        Val val = EvalPipeline(dot, range.Pipe);
        var items = new List<(Val Key, Val Elem)>();
        switch (val.Obj)
        {
            case var _ when !val.IsValid:
                break;
            case null:
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    items.Add((new Val((long)i), new Val(GoValues.FromNode(a[i]), true)));
                }
                break;
            case string[] a:
                for (int i = 0; i < a.Length; i++)
                {
                    items.Add((new Val((long)i), new Val(a[i])));
                }
                break;
            case JsonObject o:
                foreach (KeyValuePair<string, JsonNode?> kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    items.Add((new Val(kv.Key), new Val(GoValues.FromNode(kv.Value), true)));
                }
                break;
            case long n:
                for (long i = 0; i < n; i++)
                {
                    items.Add((new Val(i), new Val(i)));
                }
                break;
            default:
                Errorf($"range can't iterate over {GoFormat.Sprint(val.Obj)}");
                break;
        }
        foreach ((Val key, Val elem) in items)
        {
            if (range.Pipe.Decl.Count > 0)
            {
                SetTopVar(1, elem);
            }
            if (range.Pipe.Decl.Count > 1)
            {
                SetTopVar(2, key);
            }
            int iterationMark = _vars.Count;
            try
            {
                Walk(elem, range.List);
            }
            catch (ContinueSignal)
            {
            }
            catch (BreakSignal)
            {
                break;
            }
            finally
            {
                _vars.RemoveRange(iterationMark, _vars.Count - iterationMark);
            }
        }
        if (items.Count == 0 && range.ElseList is not null)
        {
            Walk(dot, range.ElseList);
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
    }

    private void SetTopVar(int n, Val value) => _vars[^n] = (_vars[^n].Name, value);

    private void WalkTemplate(Val dot, TemplateNode template)
    {
        At(template);
        if (!_treeSet.TryGetValue(template.Name, out ListNode? tree))
        {
            Errorf($"template {GoFormat.Quote(template.Name)} not defined");
        }
        if (_depth == MaxDepth)
        {
            Errorf($"exceeded maximum template depth ({MaxDepth})");
        }
        Val newDot = template.Pipe is null ? Val.NoValue : EvalPipeline(dot, template.Pipe);
        var saved = _vars.ToList();
        _vars.Clear();
        _vars.Add(("$", newDot));
        _depth++;
        try
        {
            Walk(newDot, tree);
        }
        finally
        {
            _depth--;
            _vars.Clear();
            _vars.AddRange(saved);
        }
    }

    internal Val EvalPipeline(Val dot, PipeNode pipe)
    {
        At(pipe);
        Val? value = null;
        foreach (CommandNode cmd in pipe.Cmds)
        {
            Val v = EvalCommand(dot, cmd, value);
            if (v.Boxed)
            {
                v = v.Obj is null && !_options.NullPrintsNil ? Val.NoValue : v with { Boxed = false };
            }
            value = v;
        }
        Val result = value ?? Val.NoValue;
        foreach (VariableNode variable in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVar(variable.Ident[0], result);
            }
            else
            {
                _vars.Add((variable.Ident[0], result));
            }
        }
        return result;
    }

    private void SetVar(string name, Val value)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }
        Errorf($"undefined variable: {name}");
    }

    private Val VarValue(string name)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                return _vars[i].Value;
            }
        }
        Errorf($"undefined variable: {name}");
        return default;
    }

    private void NotAFunction(List<Node> args, Val? final)
    {
        if (args.Count > 1 || final is not null)
        {
            Errorf($"can't give argument to non-function {args[0]}");
        }
    }

    private Val EvalCommand(Val dot, CommandNode cmd, Val? final)
    {
        Node first = cmd.Args[0];
        switch (first)
        {
            case FieldNode field:
                At(field);
                return EvalFieldChain(dot, dot, field, field.Ident, cmd.Args, final);
            case ChainNode chain:
                return EvalChainNode(dot, chain, cmd.Args, final);
            case IdentifierNode ident:
                return EvalFunction(dot, ident, cmd, cmd.Args, final);
            case PipeNode pipe:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariableNode(dot, variable, cmd.Args, final);
        }
        At(first);
        NotAFunction(cmd.Args, final);
        switch (first)
        {
            case BoolNode b:
                return new Val(b.True);
            case DotNode:
                return dot;
            case NilNode:
                Errorf("nil is not a command");
                break;
            case NumberNode n:
                return new Val(n.Value);
            case StringNode s:
                return new Val(s.Text);
        }
        Errorf($"can't evaluate command {GoFormat.Quote(first.ToString()!)}");
        return default;
    }
}
