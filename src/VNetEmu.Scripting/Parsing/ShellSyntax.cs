namespace VNetEmu.Scripting.Parsing;

// The shell grammar the scenarios accept (a subset of bash's, read exactly as bash reads it).

/// <summary>A piece of a word: literal text, a parameter (<c>$X</c>, <c>${X}</c>, <c>$?</c>) or a command
/// substitution; <c>Quoted</c> parts are not word-split.</summary>
internal abstract record WordPart(bool Quoted);

internal sealed record LiteralPart(string Text, bool Quoted) : WordPart(Quoted);

internal sealed record ParameterPart(string Name, bool Quoted) : WordPart(Quoted);

internal sealed record SubstitutionPart(ShellList List, bool Quoted) : WordPart(Quoted);

internal sealed record ShellWord(IReadOnlyList<WordPart> Parts)
{
    /// <summary>The word's text when it has no expansion and no quotes (reserved words, builtin names).</summary>
    public string? Bare => Parts.Count == 1 && Parts[0] is LiteralPart { Quoted: false } l ? l.Text : null;
}

/// <summary><c>[Fd]&gt;target</c>, <c>&gt;&gt;</c>, <c>&lt;</c>, <c>Fd&gt;&amp;DupFd</c>, or a heredoc/parse-time file
/// (<c>Content</c>).</summary>
internal sealed record Redirection(int Fd, string Op, ShellWord? Target, int DupFd = -1, string? Content = null);

internal abstract record ShellCommand;

internal sealed record SimpleCommand(
    IReadOnlyList<KeyValuePair<string, ShellWord>> Assignments,
    IReadOnlyList<ShellWord> Words,
    IReadOnlyList<Redirection> Redirections) : ShellCommand;

internal sealed record ForCommand(string Variable, IReadOnlyList<ShellWord> Items, ShellList Body) : ShellCommand;

internal sealed record IfCommand(IReadOnlyList<KeyValuePair<ShellList, ShellList>> Branches, ShellList? Else) : ShellCommand;

/// <summary><c>{ LIST; }</c>.</summary>
internal sealed record BraceGroup(ShellList Body) : ShellCommand;

/// <summary><c>NAME() { LIST; }</c> (or <c>function NAME { LIST; }</c>): defines a function.</summary>
internal sealed record FunctionDefinition(string Name, BraceGroup Body) : ShellCommand;

internal sealed record Pipeline(bool Negated, IReadOnlyList<ShellCommand> Commands);

/// <summary>Pipelines joined by <c>&amp;&amp;</c> and <c>||</c>: <c>Operators[i]</c> joins pipeline i and i+1.</summary>
internal sealed record AndOrList(IReadOnlyList<Pipeline> Pipelines, IReadOnlyList<string> Operators);

internal sealed record ShellList(IReadOnlyList<AndOrList> Items);
