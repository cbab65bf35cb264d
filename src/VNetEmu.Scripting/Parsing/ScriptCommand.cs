namespace VNetEmu.Scripting.Parsing;

/// <summary>One logical line of a scenario: what the transcript shows (<see cref="Text"/>), the argument vector,
/// and the shell decorations around it. <see cref="ExpectFailure"/>: the line is <c>! PIPELINE</c>.</summary>
public sealed record ScriptCommand(
    string File,
    int Line,
    string Text,
    IReadOnlyList<string> Argv,
    bool ExpectFailure,
    bool Background,
    string? Stdin)
{
    public string Where => $"{File}:{Line}";

    /// <summary>The command as run: without "! " and " &amp;".</summary>
    public string RunText { get; init; } = Text;

    /// <summary>The line as the shell reads it (null: read <see cref="RunText"/> when it runs).</summary>
    internal ShellList? Syntax { get; init; }
}
