using VNetEmu.Capture;
using VNetEmu.Cli;
using VNetEmu.Scenarios.Tests.Conformance;

namespace VNetEmu.Scenarios.Tests.Cli;

/// <summary>`vnetemu` with bad arguments: every mistake is one line on stderr with the right exit code (2 for a
/// usage mistake, 1 for a failure), never a .NET exception or stack trace.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _ok;
    private readonly string _cases;

    public CliErrorTests()
    {
        _ok = Path.Combine(_dir.Path, "ok.vnet");
        File.WriteAllText(_ok, "ip netns add t-a\n");
        _cases = Path.Combine(_dir.Path, "cases");
        string one = Path.Combine(_cases, "01-one");
        Directory.CreateDirectory(one);
        File.WriteAllText(Path.Combine(one, "case.vnet"), "ip netns add vc-a\n");
        File.WriteAllText(Path.Combine(one, "expected.txt"), "");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "empty"));
        File.WriteAllBytes(Path.Combine(_dir.Path, "binary.vnet"), [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0xFF, 0xFE]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "latin1.vnet"), [0x65, 0x63, 0x68, 0x6F, 0x20, 0xE9, 0x0A]);
        File.WriteAllText(Path.Combine(_dir.Path, "syntax.vnet"), "echo 'unterminated\n");
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, int, string> BadArguments => new()
    {
        { "bogus", 2, "vnetemu: unknown command 'bogus'" },
        { "run", 2, "vnetemu: run needs a scenario file" },
        { "run|", 1, "vnetemu: '': No such file or directory" },
        { "run|{dir}", 1, "vnetemu: {dir}: Is a directory" },
        { "run|{dir}/missing.vnet", 1, "vnetemu: {dir}/missing.vnet: No such file or directory" },
        { "run|{dir}/binary.vnet", 1, "vnetemu: {dir}/binary.vnet: not a text scenario (it contains NUL bytes)" },
        { "run|{dir}/latin1.vnet", 1, "vnetemu: {dir}/latin1.vnet: not a text scenario (it is not UTF-8 text)" },
        { "run|{dir}/syntax.vnet", 1, "{dir}/syntax.vnet:1: " },
        { "run|{ok}|--seed|x", 2, "vnetemu: --seed expects an integer, got 'x'" },
        { "run|{ok}|--seed", 2, "vnetemu: --seed needs a value" },
        { "run|{ok}|--bogus", 2, "vnetemu: unexpected argument '--bogus'" },
        { "run|{ok}|{ok}", 2, "vnetemu: unexpected argument '{ok}'" },
        { "run|{ok}|--docker-version|3", 2, "vnetemu: --docker-version expects 20.10, 27, 28 or 29, got '3'" },
        { "run|{ok}|--userland-proxy|maybe", 2, "vnetemu: --userland-proxy expects true or false, got 'maybe'" },
        { "run|{ok}|--transcript|/nonexistent/t", 1, "vnetemu: /nonexistent/t: No such file or directory" },
        { "run|{ok}|--transcript|{dir}", 1, "vnetemu: {dir}: Is a directory" },
        { "run|{ok}|--transcript|", 1, "vnetemu: '': " },
        { "run|{ok}|-w|/nonexistent/x.pcapng", 1, "vnetemu: /nonexistent/x.pcapng: No such file or directory" },
        { "run|{ok}|-w|{dir}", 1, "vnetemu: {dir}: Is a directory" },
        { "conformance", 2, "vnetemu: conformance needs a directory of cases" },
        { "conformance|{dir}/missing", 1, "vnetemu: {dir}/missing: No such directory" },
        { "conformance|", 1, "vnetemu: '': No such directory" },
        { "conformance|{dir}/empty", 1, "vnetemu: {dir}/empty: no conformance cases here (a case is a folder with case.vnet)" },
        { "conformance|{cases}|--case|typo", 1, "vnetemu: no case in {cases} matches 'typo'" },
        { "conformance|{cases}|--out|/proc/x", 1, "vnetemu: /proc/x: " },
        { "conformance|{cases}|--out", 2, "vnetemu: --out needs a value" },
        { "conformance|{cases}|--bogus", 2, "vnetemu: unexpected argument '--bogus'" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArguments_OneLine_RightExitCode_NoException(string argv, int code, string start)
    {
        string[] args = argv.Split('|').Select(Expand).ToArray();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = CliMain.Run(args, stdout, stderr);

        string err = stderr.ToString();
        Assert.Equal(code, exit);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("\n", err);
        Assert.StartsWith(Expand(start), err);
        Assert.DoesNotContain("Exception", err + stdout);
        Assert.DoesNotContain("   at ", err + stdout);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void RunWithPcapExtension_WritesClassicPcap_AndPcapngOtherwise()
    {
        string script = Path.Combine(_dir.Path, "ping.vnet");
        File.WriteAllText(script, "ip netns add t-a\nip -n t-a link set lo up\nip netns exec t-a ping -c 1 127.0.0.1\n");
        string pcap = Path.Combine(_dir.Path, "all.pcap");
        string pcapng = Path.Combine(_dir.Path, "all.pcapng");

        Assert.Equal(0, CliMain.Run(["run", script, "-q", "-w", pcap], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, CliMain.Run(["run", script, "-q", "-w", pcapng], TextWriter.Null, TextWriter.Null));

        Assert.Equal([0xB2, 0xA1], File.ReadAllBytes(pcap)[2..4]); // pcap, µs or ns
        Assert.Equal([0x0A, 0x0D, 0x0D, 0x0A], File.ReadAllBytes(pcapng)[..4]);
        using var reader = CaptureReader.Open(pcap);
        int frames = 0;
        while (reader.TryReadNext(out _))
        {
            frames++;
        }
        Assert.Equal(2, frames); // the echo request and its reply on lo
    }

    [Fact]
    public void PathsTheScenarioNames_AreRelativeToTheScriptsFolder()
    {
        string folder = Path.Combine(_dir.Path, "scenario");
        Directory.CreateDirectory(Path.Combine(folder, "captures"));
        File.WriteAllText(Path.Combine(folder, "rules.txt"), "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n");
        string script = Path.Combine(folder, "paths.vnet");
        File.WriteAllText(script, """
            ip netns add t-a
            ip -n t-a link set lo up
            ip netns exec t-a tcpdump -i lo -w captures/lo.pcap &
            vnet capture captures/all.pcapng
            ip netns exec t-a iptables-restore < rules.txt
            ip netns exec t-a ping -c 1 127.0.0.1
            """);
        string transcript = Path.Combine(_dir.Path, "t.raw");

        Assert.Equal(0, CliMain.Run(["run", script, "-q", "--transcript", transcript], TextWriter.Null, TextWriter.Null));

        Assert.True(File.Exists(Path.Combine(folder, "captures", "lo.pcap")));
        Assert.True(File.Exists(Path.Combine(folder, "captures", "all.pcapng")));
        Assert.Contains("1 packets transmitted, 1 received", File.ReadAllText(transcript));
    }

    private string Expand(string s) => s.Replace("{ok}", _ok).Replace("{cases}", _cases).Replace("{dir}", _dir.Path);
}
