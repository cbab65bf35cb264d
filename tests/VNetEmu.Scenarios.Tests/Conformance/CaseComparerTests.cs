using VNetEmu.Scripting.Conformance;

namespace VNetEmu.Scenarios.Tests.Conformance;

public class CaseComparerTests
{
    public static TheoryData<string> Cases() => TranscriptNormalizerTests.Cases();

    /// <summary>A run directory as the README lays it out, made from the case's kernel recording.</summary>
    internal static TempDirectory KernelRun(string caseDir)
    {
        var run = new TempDirectory();
        File.Copy(Path.Combine(caseDir, "kernel", "transcript.raw"), Path.Combine(run.Path, "transcript.raw"));
        Directory.CreateDirectory(Path.Combine(run.Path, "captures"));
        foreach (string pcap in Directory.GetFiles(Path.Combine(caseDir, "kernel"), "*.pcap"))
        {
            File.Copy(pcap, Path.Combine(run.Path, "captures", Path.GetFileName(pcap)));
        }
        return run;
    }

    [RequiresTheory(Requirement.SharedSuite), MemberData(nameof(Cases))]
    public void Compare_KernelRecording_Passes(string caseName)
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, caseName);
        using TempDirectory run = KernelRun(caseDir);

        CaseComparison result = CaseComparer.Compare(caseDir, run.Path);

        Assert.True(result.Passed, result.Report);
        Assert.Equal($"{caseName}: PASS", result.Summary);
        Assert.Equal($"{caseName}: PASS\n", result.Report);
        Assert.Null(result.FirstDifference);
    }

    [RequiresTheory(Requirement.SharedSuite), MemberData(nameof(Cases))]
    public void Compare_OneTranscriptLineChanged_FailsAtThatLine(string caseName)
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, caseName);
        using TempDirectory run = KernelRun(caseDir);
        // The first command that shows in expected.txt gets one more output line (sorting first where output is sorted).
        string[] expected = File.ReadAllLines(Path.Combine(caseDir, "expected.txt"));
        string command = expected[0];
        string transcript = Path.Combine(run.Path, "transcript.raw");
        string raw = File.ReadAllText(transcript);
        int at = raw.IndexOf(command + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{command} not found verbatim in the raw transcript");
        File.WriteAllText(transcript, raw.Insert(at + command.Length + 1, "!mutated line\n"));

        CaseComparison result = CaseComparer.Compare(caseDir, run.Path);

        Assert.False(result.Passed);
        Assert.Equal($"{caseName}: FAIL (1 file(s) differ)", result.Summary);
        FileDifference first = Assert.Single(result.Differences);
        Assert.Equal(("expected.txt", FileDifferenceKind.Different, 2), (first.File, first.Kind, first.Line));
        Assert.Equal(expected.Length > 1 ? expected[1] : null, first.Expected);
        Assert.Equal("!mutated line", first.Actual);
        Assert.StartsWith("--- expected/expected.txt\n+++ got/expected.txt\n@@ -1", first.Report, StringComparison.Ordinal);
        Assert.Contains("\n+!mutated line\n", first.Report, StringComparison.Ordinal);
        Assert.EndsWith($"{caseName}: FAIL (1 file(s) differ)\n", result.Report, StringComparison.Ordinal);
    }

    [RequiresTheory(Requirement.SharedSuite), MemberData(nameof(Cases))]
    public void Compare_OnePacketChanged_FailsAtThatPacket(string caseName)
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, caseName);
        using TempDirectory run = KernelRun(caseDir);
        string pcap = Directory.GetFiles(Path.Combine(run.Path, "captures"), "*.pcap").Order(StringComparer.Ordinal).First();
        List<TestCaptures.Frame> frames = TestCaptures.ReadPcap(pcap);
        int index = frames.FindLastIndex(f => f.Data.Length > 34 && f.Data[12] == 0x08 && f.Data[13] == 0x00);
        Assert.True(index >= 0, "no IPv4 frame to change");
        frames[index].Data[22] ^= 0x80; // the TTL
        TestCaptures.WritePcap(pcap, frames);
        string name = Path.GetFileNameWithoutExtension(pcap);

        CaseComparison result = CaseComparer.Compare(caseDir, run.Path);

        Assert.False(result.Passed);
        FileDifference first = Assert.Single(result.Differences);
        Assert.Equal(($"captures/{name}.txt", index + 1), (first.File, first.Line));
        string[] expectedLines = File.ReadAllLines(Path.Combine(caseDir, "captures", name + ".txt"));
        Assert.Equal(expectedLines[index], first.Expected);
        Assert.NotNull(first.Actual);
        Assert.Contains($" ttl={frames[index].Data[22]} ", first.Actual, StringComparison.Ordinal);
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void Compare_MissingExtraAndUnreadableCaptures_AreReported()
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, "01-veth-ping");
        using TempDirectory run = KernelRun(caseDir);
        string captures = Path.Combine(run.Path, "captures");
        File.Move(Path.Combine(captures, "vc-b.veth0.pcap"), Path.Combine(captures, "vc-z.eth0.pcapng"));
        byte[] truncated = File.ReadAllBytes(Path.Combine(captures, "vc-a.veth0.pcap"));
        File.WriteAllBytes(Path.Combine(captures, "vc-q.eth0.cap"), truncated[..^5]);

        CaseComparison result = CaseComparer.Compare(caseDir, run.Path);

        Assert.Equal(
            [
                ("captures/vc-q.eth0.cap", FileDifferenceKind.Unreadable),
                ("captures/vc-b.veth0.txt", FileDifferenceKind.Missing),
                ("captures/vc-z.eth0.txt", FileDifferenceKind.Extra),
            ],
            result.Differences.Select(d => (d.File, d.Kind)));
        Assert.EndsWith("missing output: captures/vc-b.veth0.txt\nextra output (not in the case): captures/vc-z.eth0.txt\n"
            + "01-veth-ping: FAIL (3 file(s) differ)\n", result.Report, StringComparison.Ordinal);
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void Compare_NoTranscript_IsMissingExpectedTxt()
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, "07-closed-ports") + "/";
        using TempDirectory run = KernelRun(caseDir);
        File.Delete(Path.Combine(run.Path, "transcript.raw"));

        CaseComparison result = CaseComparer.Compare(caseDir, run.Path);

        Assert.Equal("07-closed-ports: FAIL (1 file(s) differ)", result.Summary);
        Assert.Equal(("expected.txt", FileDifferenceKind.Missing, 0), (result.FirstDifference!.File, result.FirstDifference.Kind, result.FirstDifference.Line));
    }
}
