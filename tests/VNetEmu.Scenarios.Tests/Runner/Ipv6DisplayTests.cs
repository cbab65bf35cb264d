using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>The IPv6 state an unconfigured Linux host shows, and `ip -4`/`-6`/`route table local`, against output
/// recorded on Linux 6.18 with iproute2 6.1 in a fresh namespace (MACs fixed so the link-local addresses are known).</summary>
public class Ipv6DisplayTests
{
    private static string Run(string script)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(script, dir.Path);
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        return r.Transcript;
    }

    [Fact]
    public void LinkLocalAddresses_AppearOnceADeviceHasCarrier_WithTheirFdbEntryAndRoutes()
    {
        string t = Run("""
            ip netns add v6
            ip -n v6 link set lo up
            ip -n v6 link add br0 address 02:42:11:22:33:44 type bridge
            ip -n v6 link set br0 up
            ip -n v6 addr show br0
            ip -n v6 link add v1 address 5a:8d:86:17:26:da type veth peer name v2 address 32:ab:b9:af:c3:6d
            ip -n v6 link set v1 master br0
            ip -n v6 link set v1 up
            ip -n v6 link set v2 up
            ip -n v6 addr add 10.0.0.1/24 dev br0
            ip -n v6 -br addr
            bridge -n v6 fdb show dev v1
            ip -n v6 route show table local
            ip -n v6 -6 route
            """);
        // no carrier yet: no link-local address
        Assert.Contains("$ ip -n v6 addr show br0\n2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000\n    link/ether 02:42:11:22:33:44 brd ff:ff:ff:ff:ff:ff\n$", t);
        Assert.Contains("""
            lo               UNKNOWN        127.0.0.1/8 ::1/128 
            br0              UP             10.0.0.1/24 fe80::42:11ff:fe22:3344/64 
            v2@v1            UP             fe80::30ab:b9ff:feaf:c36d/64 
            v1@v2            UP             fe80::588d:86ff:fe17:26da/64 

            """, t);
        Assert.Contains("33:33:ff:17:26:da dev v1 self permanent\n", t);
        Assert.Contains("""
            local 10.0.0.1 dev br0 proto kernel scope host src 10.0.0.1 
            broadcast 10.0.0.255 dev br0 proto kernel scope link src 10.0.0.1 
            local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
            local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
            broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 

            """, t);
        Assert.Contains("fe80::/64 dev br0 proto kernel metric 256 pref medium\n", t);
    }

    [Fact]
    public void FamilyFilters_ChangeTheHeader_AndDisabledIpv6ShowsNone()
    {
        string t = Run("""
            ip netns add v6
            ip -n v6 link set lo up
            ip -n v6 addr add 10.1.1.1/8 dev lo
            ip -n v6 -6 addr
            ip -n v6 -4 addr
            ip netns exec v6 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
            ip -n v6 -br addr
            """);
        Assert.Contains("$ ip -n v6 -6 addr\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n", t);
        Assert.Contains("$ ip -n v6 -4 addr\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n", t);
        Assert.EndsWith("lo               UNKNOWN        127.0.0.1/8 10.1.1.1/8 \n", t);
    }
}
