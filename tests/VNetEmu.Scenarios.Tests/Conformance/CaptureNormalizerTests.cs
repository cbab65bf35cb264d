using VNetEmu.Scripting.Conformance;

namespace VNetEmu.Scenarios.Tests.Conformance;

public class CaptureNormalizerTests
{
    /// <summary>(case, capture name) for every kernel capture of every public case.</summary>
    public static TheoryData<string, string> KernelCaptures()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in SharedPaths.CaseNames)
        {
            foreach (string pcap in Directory.GetFiles(Path.Combine(SharedPaths.Cases!, name, "kernel"), "*.pcap").Order(StringComparer.Ordinal))
            {
                data.Add(name, Path.GetFileNameWithoutExtension(pcap));
            }
        }
        if (data.Count == 0)
        {
            data.Add("", ""); // no suite here: one row, so that the theory reports as skipped
        }
        return data;
    }

    [RequiresTheory(Requirement.SharedSuite), MemberData(nameof(KernelCaptures))]
    public void NormalizeFile_KernelPcap_EqualsRecordedCaptureText(string caseName, string capture)
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, caseName);
        IReadOnlyList<NormalizedCapture> results = CaptureNormalizer.NormalizeFile(Path.Combine(caseDir, "kernel", capture + ".pcap"));

        NormalizedCapture result = Assert.Single(results);
        Assert.Equal(capture, result.Name);
        Assert.Equal(File.ReadAllText(Path.Combine(caseDir, "captures", capture + ".txt")), result.Text);
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void NormalizeFile_PcapngWithNsDevNames_SplitsPerInterfaceInFrameOrder()
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, "01-veth-ping");
        List<TestCaptures.Frame> a = TestCaptures.ReadPcap(Path.Combine(caseDir, "kernel", "vc-a.veth0.pcap"));
        List<TestCaptures.Frame> b = TestCaptures.ReadPcap(Path.Combine(caseDir, "kernel", "vc-b.veth0.pcap"));
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "all.pcapng");
        // interleaved, with an interface that never captures anything (tshark cannot name it: no result)
        var frames = a.Select(f => (0, f)).Zip(b.Select(f => (2, f))).SelectMany(p => new[] { p.First, p.Second });
        TestCaptures.WritePcapng(path, ["vc-a:veth0", "vc-c:eth9", "vc-b:veth0"], frames);

        IReadOnlyList<NormalizedCapture> results = CaptureNormalizer.NormalizeFile(path);

        Assert.Equal(["vc-a.veth0", "vc-b.veth0"], results.Select(r => r.Name));
        Assert.Equal(File.ReadAllText(Path.Combine(caseDir, "captures", "vc-a.veth0.txt")), results[0].Text);
        Assert.Equal(File.ReadAllText(Path.Combine(caseDir, "captures", "vc-b.veth0.txt")), results[1].Text);
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void NormalizeFile_PcapngWithOneUnqualifiedName_IsNamedAfterTheFile()
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, "01-veth-ping");
        List<TestCaptures.Frame> a = TestCaptures.ReadPcap(Path.Combine(caseDir, "kernel", "vc-a.veth0.pcap"));
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "vc-a.veth0.pcapng");
        TestCaptures.WritePcapng(path, ["veth0"], a.Select(f => (0, f)));

        NormalizedCapture result = Assert.Single(CaptureNormalizer.NormalizeFile(path));

        Assert.Equal("vc-a.veth0", result.Name);
        Assert.Equal(File.ReadAllText(Path.Combine(caseDir, "captures", "vc-a.veth0.txt")), result.Text);
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void Normalize_Interface_KeepsOnlyItsFrames()
    {
        string caseDir = Path.Combine(SharedPaths.Cases!, "01-veth-ping");
        List<TestCaptures.Frame> a = TestCaptures.ReadPcap(Path.Combine(caseDir, "kernel", "vc-a.veth0.pcap"));
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "x.pcapng");
        TestCaptures.WritePcapng(path, ["vc-a/veth0", "other"], a.Select((f, i) => (i % 2, f)));

        string all = CaptureNormalizer.Normalize(path);
        string first = CaptureNormalizer.Normalize(path, "vc-a/veth0");

        Assert.Equal(File.ReadAllText(Path.Combine(caseDir, "captures", "vc-a.veth0.txt")), all);
        Assert.Equal(string.Concat(all.Split('\n').Where((_, i) => i % 2 == 0 && i < a.Count).Select(l => l + "\n")), first);
        Assert.Equal(["vc-a.veth0", "other"], CaptureNormalizer.NormalizeFile(path).Select(r => r.Name));
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void NormalizeDirectory_LaterFileReplacesSameName_SortedByName()
    {
        string kernel = Path.Combine(SharedPaths.Cases!, "01-veth-ping", "kernel");
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(kernel, "vc-b.veth0.pcap"), Path.Combine(dir.Path, "vc-b.veth0.pcap"));
        File.Copy(Path.Combine(kernel, "vc-a.veth0.pcap"), Path.Combine(dir.Path, "vc-a.veth0.cap"));
        File.Copy(Path.Combine(kernel, "vc-b.veth0.pcap"), Path.Combine(dir.Path, "vc-a.veth0.pcap")); // sorts after .cap
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "not a capture");

        IReadOnlyList<NormalizedCapture> results = CaptureNormalizer.NormalizeDirectory(dir.Path);

        Assert.Equal(["vc-a.veth0", "vc-b.veth0"], results.Select(r => r.Name));
        Assert.Equal(results[1].Text, results[0].Text);
    }

    [Fact]
    public void NormalizeFile_NonEthernetLinkType_PrintsFrameLengthOnly()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "raw.pcap");
        TestCaptures.WritePcap(path, [new TestCaptures.Frame(new byte[40], 60)], linkType: 101);

        NormalizedCapture result = Assert.Single(CaptureNormalizer.NormalizeFile(path));

        Assert.Equal(("raw", "non-ethernet frame len=60\n"), (result.Name, result.Text));
    }
}
