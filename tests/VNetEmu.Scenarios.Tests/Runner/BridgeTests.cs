using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>The Linux bridge as tools see it: tcpdump on the bridge device, the FDB, link state.</summary>
public class BridgeTests
{
    /// <summary>Bridge t-sw (br0, ports p1 p2) with hosts t-h1 (10.4.0.1) and t-h2 (10.4.0.2).</summary>
    private const string TwoPortBridge = """
        ip netns add t-sw
        ip netns add t-h1
        ip netns add t-h2
        ip -n t-sw link add br0 address 02:00:00:00:04:00 type bridge
        ip -n t-sw link add p1 address 02:00:00:00:04:f1 type veth peer name eth0 address 02:00:00:00:04:01 netns t-h1
        ip -n t-sw link add p2 address 02:00:00:00:04:f2 type veth peer name eth0 address 02:00:00:00:04:02 netns t-h2
        ip -n t-sw link set p1 master br0
        ip -n t-sw link set p2 master br0
        ip -n t-sw link set br0 up
        ip -n t-sw link set p1 up
        ip -n t-sw link set p2 up
        ip -n t-h1 addr add 10.4.0.1/24 dev eth0
        ip -n t-h2 addr add 10.4.0.2/24 dev eth0
        ip -n t-h1 link set eth0 up
        ip -n t-h2 link set eth0 up

        """;

    [Theory]
    [InlineData("", true)]
    [InlineData("-p ", false)] // --no-promiscuous-mode: only what the bridge floods or delivers to itself
    public void TcpdumpOnTheBridge_IsPromiscuous_AndSeesUnicastItBridges(string option, bool seen)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(TwoPortBridge + $"""
            ip netns exec t-sw tcpdump -n {option}-i br0 &
            ip netns exec t-h1 ping -c 1 10.4.0.2
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        string block = r.Transcript.Split("$ ").Single(b => b.StartsWith("ip netns exec t-sw tcpdump", StringComparison.Ordinal));
        Assert.Contains("ARP, Request who-has 10.4.0.2 tell 10.4.0.1, length 28", block);
        Assert.Equal(seen, block.Contains("IP 10.4.0.1 > 10.4.0.2: ICMP echo request, id ", StringComparison.Ordinal));
        Assert.Equal(seen, block.Contains("IP 10.4.0.2 > 10.4.0.1: ICMP echo reply, id ", StringComparison.Ordinal));
        Assert.Equal(seen, block.Contains("ARP, Reply 10.4.0.2 is-at 02:00:00:00:04:02, length 28", StringComparison.Ordinal));
    }

    [Fact]
    public void BridgeLearningExample_LearntEntriesAgeOut300sAfterTheLastFrameFromThem()
    {
        string example = Path.Combine(RepositoryRoot(), "examples", "bridge-learning.vnet");
        using var dir = new TempDirectory();
        var commands = VNetEmu.Scripting.Parsing.ScriptParser.Parse(File.ReadAllText(example), example);
        using var emulator = new Emulator(0, dir.Path);
        RunResult r = new ScenarioRunner(emulator).Run(commands);
        Assert.True(r.Success, r.Error);
        string[] blocks = r.Transcript.Split("$ ");
        string[] showmacs = blocks.Where(b => b.StartsWith("ip netns exec ex-sw brctl showmacs br0", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, showmacs.Length);
        // After the sleep of 290 s the entries are still there: the ARP re-confirmation refreshed them about 5 s
        // after the pings. 20 s later they are gone; the ports' own addresses stay.
        Assert.Contains("  1\t02:00:00:00:03:01\tno\t\t 285.00\n", showmacs[1]);
        Assert.DoesNotContain("\tno\t", showmacs[2]);
        Assert.Contains("  1\t02:00:00:00:03:f1\tyes\t\t   0.00\n", showmacs[2]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VNetEmu.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("VNetEmu.sln not found above " + AppContext.BaseDirectory);
    }
}
