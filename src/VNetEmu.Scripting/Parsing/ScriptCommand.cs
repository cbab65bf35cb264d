namespace VNetEmu.Scripting.Parsing;

/// <summary>One logical line of a scenario: what the transcript shows (<see cref="Text"/>), the argument vector,
/// and the shell decorations around it.</summary>
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
}
