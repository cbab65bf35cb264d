using VNetEmu.Scripting.Conformance;

namespace VNetEmu.Scenarios.Tests.Conformance;

/// <summary>The C# capture normalizer against the Python tool it ports (python3 + tshark 4.0 where installed).</summary>
public class CaptureCrossCheckTests
{
    [RequiresTheory(Requirement.SharedSuite | Requirement.Python | Requirement.Tshark)]
    [InlineData("07-closed-ports", "vc-srv.eth0")]
    [InlineData("09-reject-variants", "vc-cli.eth0")]
    [InlineData("14-hairpin-nat", "vc-c1.eth0")]
    [InlineData("16-mtu-fragmentation", "vc-a.eth0")]
    public void Normalize_KernelPcap_EqualsPythonTool(string caseName, string capture)
    {
        string pcap = Path.Combine(SharedPaths.Cases!, caseName, "kernel", capture + ".pcap");

        Assert.Equal(PythonTool.Normalize("capture", pcap), CaptureNormalizer.Normalize(pcap));
    }

    [RequiresFact(Requirement.SharedSuite | Requirement.Python | Requirement.Tshark)]
    public void NormalizeFile_SplitPcapng_EqualsPythonSplit()
    {
        string kernel = Path.Combine(SharedPaths.Cases!, "14-hairpin-nat", "kernel");
        string[] pcaps = Directory.GetFiles(kernel, "*.pcap").Order(StringComparer.Ordinal).ToArray();
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "all.pcapng");
        var frames = pcaps.SelectMany((p, i) => TestCaptures.ReadPcap(p).Select((f, n) => (Order: n * pcaps.Length + i, Interface: i, Frame: f)))
            .OrderBy(x => x.Order).Select(x => (x.Interface, x.Frame));
        TestCaptures.WritePcapng(path, pcaps.Select(p => Path.GetFileNameWithoutExtension(p).Replace('.', ':')).ToList(), frames);
        string outDir = Path.Combine(dir.Path, "out");

        PythonTool.Normalize("split", path, outDir);
        IReadOnlyList<NormalizedCapture> results = CaptureNormalizer.NormalizeFile(path);

        Assert.Equal(Directory.GetFiles(outDir).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal),
            results.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (NormalizedCapture result in results)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(outDir, result.Name + ".txt")), result.Text);
        }
    }

    /// <summary>Thousands of kernel frames, mutated (truncated, snapped, bytes changed, IP options and VLAN tags
    /// inserted, random frames), in one capture so that TCP state carries across them: every line as tshark.</summary>
    [RequiresTheory(Requirement.SharedSuite | Requirement.Python | Requirement.Tshark)]
    [InlineData(1)]
    [InlineData(2)]
    public void Normalize_MutatedFrames_EqualsPythonTool(int seed)
    {
        List<TestCaptures.Frame> frames = FrameMutations.Generate(PacketLineFormatterTests.KernelFrames(), seed, 4000);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "mutated.pcap");
        TestCaptures.WritePcap(path, frames);

        string[] expected = PythonTool.Normalize("capture", path).Split('\n');
        string[] actual = CaptureNormalizer.Normalize(path).Split('\n');

        var differences = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .Where(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i])
            .Take(5)
            .Select(i => $"frame {i} {Convert.ToHexString(frames[Math.Min(i, frames.Count - 1)].Data)}\n  tshark: {(i < expected.Length ? expected[i] : "")}\n  ours:   {(i < actual.Length ? actual[i] : "")}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }
}
