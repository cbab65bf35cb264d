namespace VNetEmu.Scripting.Runtime;

/// <summary>A shell command's standard input (text, or null: none) and its stdout and stderr.</summary>
internal sealed record ShellFds(string? Stdin, ShellOutput Out, ShellOutput Err);
