using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Each public conformance case that the emulator implements, run end to end and judged against the
/// kernel's recording (transcript and every captured interface).</summary>
public class KernelConformanceTests
{
    /// <summary>Every case of the shared suite: all of them pass, so a new case joins by being there.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in SharedPaths.CaseNames)
        {
            data.Add(name);
        }
        if (data.Count == 0)
        {
            data.Add("(no shared suite)");
        }
        return data;
    }

    [RequiresTheory(Requirement.SharedSuite)]
    [MemberData(nameof(Cases))]
    public void Case_MatchesKernelRecording(string name)
    {
        string cases = SharedPaths.Cases!;
        using var run = new TempDirectory();
        string caseDir = Path.Combine(cases, name);
        RunResult result = CaseRun.Execute(caseDir, run.Path);
        CaseComparison comparison = CaseComparer.Compare(caseDir, run.Path);
        Assert.True(comparison.Passed, $"{result.Error}\n{comparison.Report}");
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void Comparer_FailsARunThatDiffers()
    {
        string cases = SharedPaths.Cases!;
        using var run = new TempDirectory();
        string caseDir = Path.Combine(cases, "01-veth-ping");
        CaseRun.Execute(caseDir, run.Path);
        string transcript = Path.Combine(run.Path, "transcript.raw");
        File.WriteAllText(transcript, File.ReadAllText(transcript).Replace("ttl=64", "ttl=63"));
        Assert.False(CaseComparer.Compare(caseDir, run.Path).Passed);
    }
}
