// The parse tree of Go's text/template/parse/node.go. String() gives Go's text: it is the "<…>" context of
// execution errors.
using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

internal abstract class Node(int pos)
{
    public int Pos { get; } = pos;
}

internal sealed class ListNode(int pos) : Node(pos)
{
    public List<Node> Nodes { get; } = [];

    public override string ToString() => string.Concat(Nodes.Select(n => n.ToString()));
}

internal sealed class TextNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public override string ToString() => Text;
}

internal sealed class ActionNode(int pos, PipeNode pipe) : Node(pos)
{
    public PipeNode Pipe { get; } = pipe;

    public override string ToString() => "{{" + Pipe + "}}";
}

internal sealed class PipeNode(int pos) : Node(pos)
{
    public bool IsAssign { get; set; }

    public List<VariableNode> Decl { get; } = [];

    public List<CommandNode> Cmds { get; } = [];

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Decl.Count > 0)
        {
            sb.Append(string.Join(", ", Decl.Select(d => d.ToString())));
            sb.Append(IsAssign ? " = " : " := ");
        }
        sb.Append(string.Join(" | ", Cmds.Select(c => c.ToString())));
        return sb.ToString();
    }
}

internal sealed class CommandNode(int pos) : Node(pos)
{
    public List<Node> Args { get; } = [];

    public override string ToString() =>
        string.Join(" ", Args.Select(a => a is PipeNode ? "(" + a + ")" : a.ToString()));
}

internal sealed class IdentifierNode(int pos, string ident) : Node(pos)
{
    public string Ident { get; } = ident;

    public override string ToString() => Ident;
}

internal sealed class VariableNode(int pos, string[] ident) : Node(pos)
{
    /// <summary>"$x" then the field names: $x.A.B → ["$x", "A", "B"].</summary>
    public string[] Ident { get; } = ident;

    public override string ToString() => string.Join(".", Ident);
}

internal sealed class DotNode(int pos) : Node(pos)
{
    public override string ToString() => ".";
}

internal sealed class NilNode(int pos) : Node(pos)
{
    public override string ToString() => "nil";
}

internal sealed class FieldNode(int pos, string[] ident) : Node(pos)
{
    public string[] Ident { get; } = ident;

    public override string ToString() => string.Concat(Ident.Select(i => "." + i));
}

internal sealed class ChainNode(int pos, Node node) : Node(pos)
{
    public Node Node { get; } = node;

    public List<string> Field { get; } = [];

    public override string ToString() =>
        (Node is PipeNode ? "(" + Node + ")" : Node.ToString()) + string.Concat(Field.Select(f => "." + f));
}

internal sealed class BoolNode(int pos, bool value) : Node(pos)
{
    public bool True { get; } = value;

    public override string ToString() => True ? "true" : "false";
}

/// <summary>A number constant; <see cref="Value"/> is a long (Go int) or a double (float64).</summary>
internal sealed class NumberNode(int pos, string text, object value) : Node(pos)
{
    public string Text { get; } = text;

    public object Value { get; } = value;

    public override string ToString() => Text;
}

internal sealed class StringNode(int pos, string quoted, string text) : Node(pos)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override string ToString() => Quoted;
}

internal sealed class EndNode(int pos) : Node(pos)
{
    public override string ToString() => "{{end}}";
}

internal sealed class ElseNode(int pos) : Node(pos)
{
    public override string ToString() => "{{else}}";
}

internal sealed class BreakNode(int pos) : Node(pos)
{
    public override string ToString() => "{{break}}";
}

internal sealed class ContinueNode(int pos) : Node(pos)
{
    public override string ToString() => "{{continue}}";
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

internal sealed class BranchNode(int pos, BranchKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(pos)
{
    public BranchKind Kind { get; } = kind;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override string ToString()
    {
        string name = Kind.ToString().ToLowerInvariant();
        return ElseList is null
            ? "{{" + name + " " + Pipe + "}}" + List + "{{end}}"
            : "{{" + name + " " + Pipe + "}}" + List + "{{else}}" + ElseList + "{{end}}";
    }
}

internal sealed class TemplateNode(int pos, string name, PipeNode? pipe) : Node(pos)
{
    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override string ToString() =>
        Pipe is null ? "{{template " + GoFormat.Quote(Name) + "}}" : "{{template " + GoFormat.Quote(Name) + " " + Pipe + "}}";
}
