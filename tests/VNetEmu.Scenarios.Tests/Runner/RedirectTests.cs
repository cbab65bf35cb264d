using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>ICMP redirects received, as a Linux host takes them (net/ipv4/route.c __ip_do_redirect): two routers
/// on one LAN, the host's default gateway r1, the destination behind r2.</summary>
public class RedirectTests
{
    private const string HostMac = "02:00:00:00:00:10";
    private const string R1Mac = "02:00:00:00:00:01";
    private const string R2Mac = "02:00:00:00:00:02";

    /// <summary>t-h (10.1.0.10), t-r1 (10.1.0.1) and t-r2 (10.1.0.2) on bridge br0 in t-lan; t-s (10.2.0.2) behind
    /// t-r2. <paramref name="beforeLinks"/> runs in the fresh namespaces before any link exists (for `default`
    /// sysctls); <paramref name="beforePing"/> once everything is up; the host's eth0 is captured.</summary>
    private static string Scenario(string beforeLinks = "", string beforePing = "") => $"""
        ip netns add t-lan
        ip netns add t-h
        ip netns add t-r1
        ip netns add t-r2
        ip netns add t-s
        {beforeLinks}
        ip -n t-lan link add br0 type bridge
        ip -n t-lan link set br0 up
        ip -n t-lan link add p-h type veth peer name eth0 address {HostMac} netns t-h
        ip -n t-lan link add p-r1 type veth peer name eth0 address {R1Mac} netns t-r1
        ip -n t-lan link add p-r2 type veth peer name eth0 address {R2Mac} netns t-r2
        ip -n t-lan link set p-h master br0
        ip -n t-lan link set p-r1 master br0
        ip -n t-lan link set p-r2 master br0
        ip -n t-lan link set p-h up
        ip -n t-lan link set p-r1 up
        ip -n t-lan link set p-r2 up
        ip -n t-r2 link add eth1 type veth peer name eth0 netns t-s
        ip -n t-h addr add 10.1.0.10/24 dev eth0
        ip -n t-r1 addr add 10.1.0.1/24 dev eth0
        ip -n t-r2 addr add 10.1.0.2/24 dev eth0
        ip -n t-r2 addr add 10.2.0.1/24 dev eth1
        ip -n t-s addr add 10.2.0.2/24 dev eth0
        ip -n t-h link set eth0 up
        ip -n t-r1 link set eth0 up
        ip -n t-r2 link set eth0 up
        ip -n t-r2 link set eth1 up
        ip -n t-s link set eth0 up
        ip -n t-h route add default via 10.1.0.1
        ip -n t-r1 route add 10.2.0.0/24 via 10.1.0.2
        ip -n t-s route add default via 10.2.0.1
        ip netns exec t-r1 sysctl -qw net.ipv4.ip_forward=1
        ip netns exec t-r2 sysctl -qw net.ipv4.ip_forward=1
        {beforePing}
        ip netns exec t-h tcpdump -i eth0 -w h.pcap &
        ip netns exec t-h ping -c 4 10.2.0.2
        ip -n t-h route get 10.2.0.2

        """;

    private static (RunResult Run, string[] Capture) RunScenario(string script)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(script, dir.Path);
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        string[] lines = CaptureNormalizer.Normalize(Path.Combine(dir.Path, "h.pcap")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (r, lines);
    }

    /// <summary>The router each echo request was sent to, by destination MAC, in sequence order.</summary>
    private static string[] RequestsSentTo(string[] capture) =>
        [.. capture.Where(l => l.Contains(" ICMP echo-request") && !l.Contains('{')).Select(l => l.Split(' ')[2] switch
        {
            R1Mac => "r1",
            R2Mac => "r2",
            string mac => mac,
        })];

    private static string[] Redirects(string[] capture) => [.. capture.Where(l => l.Contains(" ICMP redirect/"))];

    [Fact]
    public void Host_TakesTheRedirect_OnceTheNewGatewayIsResolved()
    {
        (RunResult r, string[] capture) = RunScenario(Scenario());
        // Redirect 1 finds 10.1.0.2 unresolved: the host only ARPs for it (neigh_event_send). Redirect 2 (r1 sends
        // again, 1 s later, within its back-off) creates the exception, and echo requests 3 and 4 go to r2.
        Assert.Equal(["r1", "r1", "r2", "r2"], RequestsSentTo(capture));
        string[] redirects = Redirects(capture);
        Assert.Equal(2, redirects.Length);
        Assert.Equal($"{R1Mac} > {HostMac} IPv4 10.1.0.1 > 10.1.0.10 ttl=64 tos=0xc0 ICMP redirect/host gw=10.1.0.2 "
            + "{IPv4 10.1.0.10 > 10.2.0.2 ttl=63 df ICMP echo-request id=* seq=1} len=126", redirects[0]); // the whole request quoted
        Assert.Contains($"{HostMac} > ff:ff:ff:ff:ff:ff ARP request sender={HostMac}/10.1.0.10 target=00:00:00:00:00:00/10.1.0.2 len=42", capture);
        Assert.Contains("4 packets transmitted, 4 received, 0% packet loss", r.Transcript);
        // ping (raw socket) prints each redirect about its requests before the reply, and does not count it as an error.
        Assert.Contains("From 10.1.0.1: icmp_seq=1 Redirect Host(New nexthop: 10.1.0.2)\n64 bytes from 10.2.0.2: icmp_seq=1 ttl=63", r.Transcript);
        Assert.Contains("From 10.1.0.1: icmp_seq=2 Redirect Host(New nexthop: 10.1.0.2)\n64 bytes from 10.2.0.2: icmp_seq=2 ttl=63", r.Transcript);
        // Learnt at 1 s, shown at 3 s: 298 of ip_rt_gc_timeout's 300 s left.
        Assert.Contains("$ ip -n t-h route get 10.2.0.2\n10.2.0.2 via 10.1.0.2 dev eth0 src 10.1.0.10 uid 0 \n    cache <redirected> expires 298sec \n", r.Transcript);
    }

    [Fact]
    public void Host_WithTheGatewayAlreadyResolved_TakesTheFirstRedirect()
    {
        (_, string[] capture) = RunScenario(Scenario(beforePing: $"ip -n t-h neigh replace 10.1.0.2 lladdr {R2Mac} dev eth0 nud permanent"));
        Assert.Equal(["r1", "r2", "r2", "r2"], RequestsSentTo(capture));
        Assert.Single(Redirects(capture));
    }

    [Fact]
    public void AcceptRedirectsOff_ForAllAndTheDevice_KeepsTheRoute()
    {
        // IN_DEV_ORCONF on a host: `all` alone is not enough, the device's own key must be off too.
        (RunResult r, string[] capture) = RunScenario(Scenario(beforePing: """
            ip netns exec t-h sysctl -w net.ipv4.conf.all.accept_redirects=0 net.ipv4.conf.eth0.accept_redirects=0
            """));
        Assert.Equal(["r1", "r1", "r1", "r1"], RequestsSentTo(capture));
        Assert.Equal(4, Redirects(capture).Length); // r1 still redirects, within its back-off
        Assert.Contains("net.ipv4.conf.all.accept_redirects = 0\nnet.ipv4.conf.eth0.accept_redirects = 0\n", r.Transcript);
        Assert.Contains("10.2.0.2 via 10.1.0.1 dev eth0 src 10.1.0.10 uid 0 \n    cache \n", r.Transcript);
    }

    [Fact]
    public void AcceptRedirectsOff_ForAllOnly_StillRedirects()
    {
        (_, string[] capture) = RunScenario(Scenario(beforePing: "ip netns exec t-h sysctl -qw net.ipv4.conf.all.accept_redirects=0"));
        Assert.Equal(["r1", "r1", "r2", "r2"], RequestsSentTo(capture));
    }

    [Fact]
    public void AcceptRedirectsOff_ForAllAndDefault_BeforeTheDeviceExists_KeepsTheRoute()
    {
        (RunResult r, string[] capture) = RunScenario(Scenario(
            beforeLinks: "ip netns exec t-h sysctl -qw net.ipv4.conf.all.accept_redirects=0 net.ipv4.conf.default.accept_redirects=0",
            beforePing: "ip netns exec t-h sysctl net.ipv4.conf.eth0.accept_redirects"));
        Assert.Equal(["r1", "r1", "r1", "r1"], RequestsSentTo(capture));
        Assert.Contains("net.ipv4.conf.eth0.accept_redirects = 0\n", r.Transcript);
    }

    [Fact]
    public void SendRedirectsOff_OnTheRouter_SendsNone()
    {
        (_, string[] capture) = RunScenario(Scenario(
            beforeLinks: "ip netns exec t-r1 sysctl -qw net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0"));
        Assert.Empty(Redirects(capture));
        Assert.Equal(["r1", "r1", "r1", "r1"], RequestsSentTo(capture));
    }

    [Fact]
    public void SendRedirectsOff_ForAllOnly_StillSends()
    {
        (_, string[] capture) = RunScenario(Scenario(beforePing: "ip netns exec t-r1 sysctl -qw net.ipv4.conf.all.send_redirects=0"));
        Assert.Equal(2, Redirects(capture).Length);
    }

    [Fact]
    public void Router_IgnoresRedirects_AndIpForwardTurnsAcceptRedirectsOff()
    {
        (RunResult r, string[] capture) = RunScenario(Scenario(beforePing: """
            ip netns exec t-h sysctl -qw net.ipv4.ip_forward=1
            ip netns exec t-h sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.eth0.accept_redirects
            """));
        Assert.Equal(["r1", "r1", "r1", "r1"], RequestsSentTo(capture));
        Assert.Contains("net.ipv4.conf.all.accept_redirects = 0\nnet.ipv4.conf.eth0.accept_redirects = 1\n", r.Transcript);
    }

    [Fact]
    public void SecureRedirects_WithoutSharedMedia_WantAKnownGateway()
    {
        const string NotShared = """
            ip netns exec t-h sysctl -qw net.ipv4.conf.all.shared_media=0 net.ipv4.conf.eth0.shared_media=0
            ip -n t-h neigh replace 10.1.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent
            """;
        (_, string[] secure) = RunScenario(Scenario(beforePing: NotShared));
        Assert.Equal(["r1", "r1", "r1", "r1"], RequestsSentTo(secure)); // 10.1.0.2 is no route's gateway
        (_, string[] known) = RunScenario(Scenario(beforePing: NotShared + "\nip -n t-h route add 192.0.2.0/24 via 10.1.0.2"));
        Assert.Equal(["r1", "r2", "r2", "r2"], RequestsSentTo(known));
        (_, string[] insecure) = RunScenario(Scenario(beforePing: NotShared
            + "\nip netns exec t-h sysctl -qw net.ipv4.conf.all.secure_redirects=0 net.ipv4.conf.eth0.secure_redirects=0"));
        Assert.Equal(["r1", "r2", "r2", "r2"], RequestsSentTo(insecure));
    }

    [Fact]
    public void Exception_ExpiresAfter300s_AndFlushCacheClearsIt()
    {
        (RunResult r, string[] capture) = RunScenario(Scenario() + """
            sleep 299
            ip -n t-h route get 10.2.0.2
            ip netns exec t-h ping -c 1 10.2.0.2
            ip -n t-h route get 10.2.0.2
            ip -n t-h route flush cache
            ip -n t-h route get 10.2.0.2
            """);
        // Learnt again at 1 s (the second redirect), so at 302 s it has expired; the next ping goes to r1 and is
        // redirected again (r1's back-off has long reset), the neighbour being known by now.
        string[] after = r.Transcript.Split("$ sleep 299\n")[1].Split("$ ip -n t-h route get 10.2.0.2\n");
        Assert.StartsWith("10.2.0.2 via 10.1.0.1 dev eth0 src 10.1.0.10 uid 0 \n    cache \n", after[1]);
        Assert.StartsWith("10.2.0.2 via 10.1.0.2 dev eth0 src 10.1.0.10 uid 0 \n    cache <redirected> expires 300sec \n", after[2]);
        Assert.StartsWith("10.2.0.2 via 10.1.0.1 dev eth0 src 10.1.0.10 uid 0 \n    cache \n", after[3]);
        Assert.Equal(["r1", "r1", "r2", "r2", "r1"], RequestsSentTo(capture));
        Assert.Equal(3, Redirects(capture).Length);
    }
}
