using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Cases of our own in the conformance format (KernelCases/NAME: case.vnet, expected.txt, captures/,
/// kernel/), recorded with ../shared/conformance/tools/record-kernel.sh on Linux 6.18 with iproute2 6.1, for
/// behaviour the shared suite does not pin down. Re-record with <c>record-kernel.sh --check</c>.</summary>
public class LocalKernelCaseTests
{
    private static string CasesDirectory => Path.Combine(AppContext.BaseDirectory, "KernelCases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(CasesDirectory).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_MatchesKernelRecording(string name)
    {
        using var run = new TempDirectory();
        string caseDir = Path.Combine(CasesDirectory, name);
        RunResult result = CaseRun.Execute(caseDir, run.Path);
        CaseComparison comparison = CaseComparer.Compare(caseDir, run.Path);
        Assert.True(comparison.Passed, $"{result.Error}\n{comparison.Report}");
    }
}
