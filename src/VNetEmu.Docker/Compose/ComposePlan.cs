namespace VNetEmu.Docker.Compose;

/// <summary>The ordered steps of one compose command.</summary>
/// <param name="Steps">In the order compose performs them.</param>
/// <param name="ExternalNetworks">Networks that must already exist (compose fails with
/// <see cref="ComposePlanner.ExternalNotFound"/> otherwise); checked before any step.</param>
public sealed record ComposePlan(IReadOnlyList<ComposeStep> Steps, IReadOnlyList<string> ExternalNetworks)
{
    /// <summary>All progress lines, each followed by a newline, as compose prints them to stderr.</summary>
    public string ProgressText => string.Concat(Steps.SelectMany(s => s.Progress).Select(l => l + "\n"));
}
