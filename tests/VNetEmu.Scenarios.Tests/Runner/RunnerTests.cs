using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>The scenario language through the runner: exit codes, `!`, background commands, errors with file:line.</summary>
public class RunnerTests
{
    [Fact]
    public void UnknownDevice_FailsLikeIproute2()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("ip netns add t-a\nip -n t-a link set veth9 up\n", dir.Path);
        Assert.False(r.Success);
        Assert.Contains("$ ip -n t-a link set veth9 up\n[stderr]\nCannot find device \"veth9\"\n[exit 1]\n", r.Transcript);
        Assert.StartsWith("test.vnet:2: ip -n t-a link set veth9 up: exit 1", r.Error);
    }

    [Fact]
    public void ExpectedFailure_ContinuesAndRecordsExit()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("! ip link set veth9 up\nip netns add t-a\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("[exit 1]", r.Transcript);
    }

    [Fact]
    public void ExpectedFailure_ThatSucceeds_StopsTheRun()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("! ip netns add t-a\n", dir.Path);
        Assert.Equal("test.vnet:1: ip netns add t-a: expected a failure (!), but it exited 0", r.Error);
    }

    [Fact]
    public void UnknownCommand_Is127()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("frobnicate --now\n", dir.Path);
        Assert.Contains("bash: line 1: frobnicate: command not found\n[exit 127]", r.Transcript);
    }

    [Fact]
    public void UnterminatedHeredoc_NamesTheLine()
    {
        var e = Assert.Throws<ScriptSyntaxException>(() => ScriptParser.Parse("ip netns add a\nnc -u 1.2.3.4 5 <<EOF\nhello\n", "x.vnet"));
        Assert.Equal("x.vnet:2: heredoc 'EOF' is not terminated (expected a line 'EOF')", e.Message);
    }

    [Fact]
    public void Parser_JoinsContinuationsAndStripsComments()
    {
        var cmds = ScriptParser.Parse("ip link \\\n  show # list them\n! ping -c 1 x &\n", "x.vnet");
        Assert.Equal("ip link show", cmds[0].Text);
        Assert.Equal(["ip", "link", "show"], cmds[0].Argv);
        Assert.True(cmds[1].ExpectFailure);
        Assert.True(cmds[1].Background);
        Assert.Equal(3, cmds[1].Line);
    }

    [Fact]
    public void PingThroughVeth_PrintsIputilsSummary()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\nip netns exec t-a ping -c 2 10.9.0.2\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.\n64 bytes from 10.9.0.2: icmp_seq=1 ttl=64 time=0.000 ms\n", r.Transcript);
        Assert.Contains("2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n", r.Transcript);
    }

    [Fact]
    public void PingWithNoRoute_IsNetworkUnreachable()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\n! ip netns exec t-a ping -c 1 192.0.2.1\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("[stderr]\nping: connect: Network is unreachable\n[exit 2]", r.Transcript);
    }

    [Fact]
    public void ForegroundCommandThatNeverEnds_IsReported()
    {
        using var dir = new TempDirectory();
        // Someone listens, so no ICMP error ends the client; without -w, nc -u waits for ever.
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\nip netns exec t-b nc -l -u -p 9 &\nip netns exec t-a nc -u 10.9.0.2 9 <<EOF\nx\nEOF\n", dir.Path);
        Assert.False(r.Success);
        Assert.Contains("nothing left that could end it", r.Error);
    }

    [Fact]
    public void UdpListener_InBackground_PrintsWhatItReceived()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + """

            ip netns exec t-b nc -l -u -p 7000 &
            ip netns exec t-a nc -u -n -w 1 -p 5000 10.9.0.2 7000 <<EOF
            hello
            EOF
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("$ ip netns exec t-b nc -l -u -p 7000 &\nhello\n", r.Transcript);
    }

    [Fact]
    public void Sleep_AdvancesVirtualTime_NeighbourBecomesStale()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\nip netns exec t-a ping -c 1 10.9.0.2\nsleep 60\nip -n t-a neigh show\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("10.9.0.2 dev eth0 lladdr ", r.Transcript);
        Assert.Contains(" STALE \n", r.Transcript);
    }

    [Fact]
    public void RouteAdd_WithUnreachableGateway_FailsLikeTheKernel()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\n! ip -n t-a route add default via 192.0.2.1\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("Error: Nexthop has invalid gateway.\n[exit 2]", r.Transcript);
    }

    [Fact]
    public void PingToTheSubnetBroadcast_AsksForMinusB()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\n! ip netns exec t-a ping -c 1 10.9.0.255\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("[stderr]\nping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n[exit 2]", r.Transcript);
    }

    [Fact]
    public void PeerGoingDown_FlushesNeighboursButNotPermanentOnes()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + """

            ip -n t-a neigh replace 10.9.0.7 lladdr 02:00:00:00:00:07 dev eth0 nud permanent
            ip netns exec t-a ping -c 1 10.9.0.2
            ip -n t-b link set eth0 down
            ip -n t-a neigh show
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.EndsWith("$ ip -n t-a neigh show\n10.9.0.7 dev eth0 lladdr 02:00:00:00:00:07 PERMANENT \n", r.Transcript);
    }
}
