using System.Diagnostics;
using VNetEmu.Cli;
using VNetEmu.Scenarios.Tests.Conformance;

namespace VNetEmu.Scenarios.Tests.Docker;

/// <summary>Every example scenario runs to the end from the CLI, gives a byte-identical capture and transcript when run twice,
/// and Wireshark decodes its DNS and HTTP without a warning, interface by interface (one capture holds each frame
/// once per interface it crossed, which Wireshark's cross-frame analysis would take for retransmissions).</summary>
public class ExampleCaptureTests
{
    private static string ExamplesDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(dir.FullName, "VNetEmu.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("examples/ not found above the test binaries");
    }

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        string[] files = Directory.GetFiles(ExamplesDir(), "*.vnet");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string f in files)
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    private static byte[] RunExample(string name, string dir) => RunExampleWithTranscript(name, dir).Capture;

    private static (byte[] Capture, string Transcript) RunExampleWithTranscript(string name, string dir)
    {
        string capture = Path.Combine(dir, name + ".pcapng");
        string transcript = Path.Combine(dir, name + ".transcript");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliMain.Run(["run", Path.Combine(ExamplesDir(), name + ".vnet"), "-q", "-w", capture, "--transcript", transcript], stdout, stderr);
        Assert.True(code == 0, $"{name}: exit {code}: {stderr}");
        return (File.ReadAllBytes(capture), File.ReadAllText(transcript));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_RunsAndIsDeterministic(string name)
    {
        using var tmp = new TempDirectory();
        var first = RunExampleWithTranscript(name, tmp.Path);
        var second = RunExampleWithTranscript(name, Directory.CreateDirectory(Path.Combine(tmp.Path, "again")).FullName);
        Assert.True(first.Capture.AsSpan().SequenceEqual(second.Capture), $"{name}: two runs gave different captures");
        Assert.Equal(first.Transcript, second.Transcript);
    }

    [RequiresTheory(Requirement.Tshark)]
    [InlineData("docker-user-network")]
    [InlineData("docker-ports")]
    [InlineData("docker-default")]
    public void DockerExample_DnsAndHttpDecodeWithoutWarnings(string name)
    {
        using var tmp = new TempDirectory();
        RunExample(name, tmp.Path);
        string capture = Path.Combine(tmp.Path, name + ".pcapng");
        (string ids, _, _) = Tshark("-r", capture, "-T", "fields", "-e", "frame.interface_id");
        var interfaces = new SortedSet<int>(ids.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        var problems = new List<string>();
        int dnsAndHttp = 0;
        foreach (int i in interfaces)
        {
            (string warns, string err, int code) = Tshark("-r", capture, "-2", "-R", $"frame.interface_id == {i}", "-z", "expert,warn", "-q");
            Assert.True(code == 0, err);
            foreach (string line in warns.Split('\n'))
            {
                if (line.Contains(" DNS ", StringComparison.Ordinal) || line.Contains(" HTTP ", StringComparison.Ordinal) || line.Contains("Malformed", StringComparison.Ordinal))
                {
                    problems.Add($"interface {i}: {line.Trim()}");
                }
            }
            (string count, _, _) = Tshark("-r", capture, "-2", "-R", $"frame.interface_id == {i} && (dns || http)", "-T", "fields", "-e", "frame.number");
            dnsAndHttp += count.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(dnsAndHttp > 0, $"{name}: no DNS or HTTP frame decoded");
    }

    private static (string Stdout, string Stderr, int Code) Tshark(params string[] args)
    {
        var psi = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (output, err.Result.Replace("Running as user \"root\" and group \"root\". This could be dangerous.\n", "", StringComparison.Ordinal), p.ExitCode);
    }
}
