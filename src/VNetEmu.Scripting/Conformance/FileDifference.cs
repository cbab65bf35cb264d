namespace VNetEmu.Scripting.Conformance;

/// <summary>One compared file that differs.</summary>
/// <param name="File">Relative to the case: <c>expected.txt</c> or <c>captures/NS.DEV.txt</c>.</param>
/// <param name="Kind">Lines differ, or the file is missing or extra.</param>
/// <param name="Line">1-based number of the first differing line (0 for a missing or extra file).</param>
/// <param name="Expected">That line in the case without its line end, or null past the case's last line.</param>
/// <param name="Actual">That line of the run without its line end, or null past the run's last line.</param>
/// <param name="Report">What <c>normalize compare</c> prints for the file: the unified diff, or its one-line message.</param>
public sealed record FileDifference(string File, FileDifferenceKind Kind, int Line, string? Expected, string? Actual, string Report);
