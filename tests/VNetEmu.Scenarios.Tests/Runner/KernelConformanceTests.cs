using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Each public conformance case that the emulator implements, run end to end and judged against the
/// kernel's recording (transcript and every captured interface). A case joins this list when it passes.</summary>
public class KernelConformanceTests
{
    public static readonly string[] Passing =
    [
        "01-veth-ping",
        "02-arp-neighbours",
        "03-bridge-learning",
        "04-bridge-unknown-unicast",
        "05-router-ip-forward",
        "06-ttl-time-exceeded",
        "16-mtu-fragmentation",
    ];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in Passing)
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_MatchesKernelRecording(string name)
    {
        if (SharedPaths.Cases is not { } cases)
        {
            return; // the shared suite is not beside this checkout
        }
        using var run = new TempDirectory();
        string caseDir = Path.Combine(cases, name);
        RunResult result = CaseRun.Execute(caseDir, run.Path);
        CaseComparison comparison = CaseComparer.Compare(caseDir, run.Path);
        Assert.True(comparison.Passed, $"{result.Error}\n{comparison.Report}");
    }

    [Fact]
    public void Comparer_FailsARunThatDiffers()
    {
        if (SharedPaths.Cases is not { } cases)
        {
            return;
        }
        using var run = new TempDirectory();
        string caseDir = Path.Combine(cases, "01-veth-ping");
        CaseRun.Execute(caseDir, run.Path);
        string transcript = Path.Combine(run.Path, "transcript.raw");
        File.WriteAllText(transcript, File.ReadAllText(transcript).Replace("ttl=64", "ttl=63"));
        Assert.False(CaseComparer.Compare(caseDir, run.Path).Passed);
    }
}
