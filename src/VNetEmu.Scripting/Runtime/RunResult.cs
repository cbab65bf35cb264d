namespace VNetEmu.Scripting.Runtime;

/// <summary>The outcome of a scenario run: the raw transcript (conformance format; empty when the runner wrote it to
/// its <see cref="ScenarioRunner.TranscriptOut"/> as it went) and, when the run stopped early,
/// the one-line error (<c>file:line: command: what happened</c>).</summary>
public sealed record RunResult(string Transcript, string? Error, int CommandsRun)
{
    public bool Success => Error is null;
}
