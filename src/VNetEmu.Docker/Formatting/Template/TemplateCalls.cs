// Function calls of Go's text/template/exec.go (evalFunction, evalCall, evalArg, validateType).
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting.Template;

/// <summary>The Go parameter type a template function declares, which decides how arguments are checked.</summary>
internal enum ParamType
{
    /// <summary>interface{} / any.</summary>
    Any,

    /// <summary>reflect.Value: the value as is, invalid included.</summary>
    Reflect,
    String,
    Int,
    StringSlice,
}

/// <summary>A failure inside a function body: printed as <c>error calling NAME: MESSAGE</c>.</summary>
internal sealed class FunctionException(string message) : Exception(message);

/// <summary>A function's signature and body. Variadic functions take their extra arguments as
/// <see cref="Variadic"/>.</summary>
internal sealed record TemplateFunction(ParamType[] Fixed, ParamType? Variadic, Func<Val[], Val> Body);

internal sealed partial class TemplateExecutor
{
    private static string GoTypeName(ParamType type) => type switch
    {
        ParamType.Any => "interface {}",
        ParamType.Reflect => "reflect.Value",
        ParamType.String => "string",
        ParamType.Int => "int",
        _ => "[]string",
    };

    private Val EvalFunction(Val dot, IdentifierNode node, Node cmd, List<Node>? args, Val? final)
    {
        At(node);
        string name = node.Ident;
        if (name is "and" or "or")
        {
            return EvalAndOr(dot, name, cmd, args, final);
        }
        TemplateFunction? function = null;
        if (_overrides?.TryGetValue(name, out function) != true)
        {
            TemplateFunctions.All.TryGetValue(name, out function);
        }
        if (function is null)
        {
            Errorf($"{GoFormat.Quote(name)} is not a defined function");
        }
        List<Node> argNodes = args is null ? [] : args.GetRange(1, args.Count - 1);
        int numIn = argNodes.Count + (final is null ? 0 : 1);
        int numFixed = function.Fixed.Length;
        if (function.Variadic is not null)
        {
            if (numIn < numFixed)
            {
                Errorf($"wrong number of args for {name}: want at least {numFixed} got {argNodes.Count}");
            }
        }
        else if (numIn != numFixed)
        {
            Errorf($"wrong number of args for {name}: want {numFixed} got {numIn}");
        }
        var argv = new Val[numIn];
        int i = 0;
        for (; i < numFixed && i < argNodes.Count; i++)
        {
            argv[i] = EvalArg(dot, function.Fixed[i], argNodes[i]);
        }
        for (; i < argNodes.Count; i++)
        {
            argv[i] = EvalArg(dot, function.Variadic!.Value, argNodes[i]);
        }
        if (final is Val f)
        {
            ParamType last = function.Variadic ?? function.Fixed[^1];
            argv[i] = ValidateType(f, last);
        }
        try
        {
            return function.Body(argv);
        }
        catch (FunctionException e)
        {
            At(cmd);
            Errorf($"error calling {name}: {e.Message}");
            return default;
        }
    }

    /// <summary>and/or short-circuit (Go 1.18): the first falsy (and) or truthy (or) argument, else the last.</summary>
    private Val EvalAndOr(Val dot, string name, Node cmd, List<Node>? args, Val? final)
    {
        List<Node> argNodes = args is null ? [] : args.GetRange(1, args.Count - 1);
        int numIn = argNodes.Count + (final is null ? 0 : 1);
        if (numIn < 1)
        {
            Errorf($"wrong number of args for {name}: want at least 1 got {argNodes.Count}");
        }
        Val v = default;
        for (int i = 0; i < numIn; i++)
        {
            v = i < argNodes.Count ? EvalArg(dot, ParamType.Reflect, argNodes[i]) : final!.Value;
            bool truth = IsTrue(v with { Boxed = false }).Truth;
            if (truth == (name == "or"))
            {
                return v;
            }
        }
        _ = cmd;
        return v;
    }

    private Val EvalArg(Val dot, ParamType type, Node node)
    {
        At(node);
        switch (node)
        {
            case DotNode:
                return ValidateType(dot, type);
            case NilNode:
                if (type is ParamType.Any or ParamType.Reflect or ParamType.StringSlice)
                {
                    return type == ParamType.StringSlice ? new Val(Array.Empty<string>()) : new Val(null);
                }
                Errorf($"cannot assign nil to {GoTypeName(type)}");
                break;
            case FieldNode field:
                return ValidateType(EvalFieldChain(dot, dot, field, field.Ident, [node], null), type);
            case VariableNode variable:
                return ValidateType(EvalVariableNode(dot, variable, null, null), type);
            case PipeNode pipe:
                return ValidateType(EvalPipeline(dot, pipe), type);
            case IdentifierNode ident:
                return ValidateType(EvalFunction(dot, ident, ident, null, null), type);
            case ChainNode chain:
                return ValidateType(EvalChainNode(dot, chain, null, null), type);
        }
        switch (type)
        {
            case ParamType.String:
                if (node is StringNode s)
                {
                    return new Val(s.Text);
                }
                Errorf($"expected string; found {node}");
                break;
            case ParamType.Int:
                if (node is NumberNode { Value: long l })
                {
                    return new Val(l);
                }
                Errorf($"expected integer; found {node}");
                break;
            case ParamType.Any or ParamType.Reflect:
                switch (node)
                {
                    case BoolNode b:
                        return new Val(b.True);
                    case NumberNode n:
                        return new Val(n.Value);
                    case StringNode str:
                        return new Val(str.Text);
                }
                break;
        }
        Errorf($"can't handle {node} for arg of type {GoTypeName(type)}");
        return default;
    }

    private Val ValidateType(Val value, ParamType type)
    {
        if (!value.IsValid)
        {
            switch (type)
            {
                case ParamType.Any:
                    return new Val(null);
                case ParamType.Reflect:
                    return value;
                case ParamType.StringSlice:
                    return new Val(Array.Empty<string>());
                default:
                    Errorf($"invalid value; expected {GoTypeName(type)}");
                    break;
            }
        }
        switch (type)
        {
            case ParamType.Reflect:
                return value;
            case ParamType.Any:
                return value with { Boxed = false };
            case ParamType.String when value.Obj is string:
            case ParamType.Int when value.Obj is long:
            case ParamType.StringSlice when value.Obj is string[]:
                return value with { Boxed = false };
            case ParamType.StringSlice when value.Obj is JsonArray a && a.All(x => GoValues.FromNode(x) is string):
                // docker's typed fields are []string (Cmd, Entrypoint, Aliases): a JSON array of strings stands for one.
                return new Val(a.Select(x => (string)GoValues.FromNode(x)!).ToArray());
        }
        string got = value.Obj is null ? value.TypeName : GoValues.TypeName(value.Obj, false);
        Errorf($"wrong type for value; expected {GoTypeName(type)}; got {got}");
        return default;
    }
}
