namespace VNetEmu.Scripting.Conformance;

/// <summary>The verdict on one run of a case.</summary>
/// <param name="CaseName">The case directory's name (<c>07-closed-ports</c>).</param>
/// <param name="Differences">Every differing file, in the order <c>normalize compare</c> reports them:
/// <c>expected.txt</c> first, then the captures by name.</param>
/// <param name="Report">Exactly what <c>normalize compare</c> prints: the diffs and messages, then the summary line.</param>
public sealed record CaseComparison(string CaseName, IReadOnlyList<FileDifference> Differences, string Report)
{
    public bool Passed => Differences.Count == 0;

    /// <summary>The first difference (in <c>expected.txt</c> before the captures), or null when the run passed.</summary>
    public FileDifference? FirstDifference => Differences.Count > 0 ? Differences[0] : null;

    /// <summary><c>NN-name: PASS</c> or <c>NN-name: FAIL (N file(s) differ)</c>, as the Python tool words it.</summary>
    public string Summary => Passed ? $"{CaseName}: PASS" : $"{CaseName}: FAIL ({Differences.Count} file(s) differ)";
}
