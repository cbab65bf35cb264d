using VNetEmu.Docker.Firewall;
using VNetEmu.Wire;
using static VNetEmu.Docker.Tests.Firewall.FirewallHarness;

namespace VNetEmu.Docker.Tests.Firewall;

/// <summary>The 28.3–28.5 and 29 layouts against docker-semantics.md §1.3, §1.4 and moby's own iptabler goldens.</summary>
public class ModernLayoutTests
{
    private static readonly string[] s_nat =
    [
        "*nat",
        ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
        ":DOCKER - [0:0]",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
        "-A POSTROUTING -s 172.20.0.0/16 ! -o br-0a1b2c3d4e5f -j MASQUERADE",
        "-A POSTROUTING -s 172.18.0.0/16 ! -o br-3f1c9a7d2b4e -j MASQUERADE",
        "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    ];

    private static readonly string[] s_sharedFilter =
    [
        "-A FORWARD -j DOCKER-USER",
        "-A FORWARD -j DOCKER-FORWARD",
        "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
        "-A DOCKER ! -i docker0 -o docker0 -j DROP",
        "-A DOCKER ! -i br-3f1c9a7d2b4e -o br-3f1c9a7d2b4e -j DROP",
        "-A DOCKER ! -i br-0a1b2c3d4e5f -o br-0a1b2c3d4e5f -j DROP",
        "-A DOCKER-BRIDGE -o docker0 -j DOCKER",
        "-A DOCKER-BRIDGE -o br-3f1c9a7d2b4e -j DOCKER",
        "-A DOCKER-BRIDGE -o br-0a1b2c3d4e5f -j DOCKER",
        "-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-CT -o br-3f1c9a7d2b4e -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-CT -o br-0a1b2c3d4e5f -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-FORWARD -j DOCKER-CT",
    ];

    private static readonly string[] s_forwardPerNetwork =
    [
        "-A DOCKER-FORWARD -i docker0 -j ACCEPT",
        "-A DOCKER-FORWARD -i br-3f1c9a7d2b4e -j ACCEPT",
        "-A DOCKER-FORWARD -i br-5a6b7c8d9e0f -o br-5a6b7c8d9e0f -j ACCEPT",
        "-A DOCKER-FORWARD -i br-0a1b2c3d4e5f -o br-0a1b2c3d4e5f -j DROP",
        "-A DOCKER-FORWARD -i br-0a1b2c3d4e5f ! -o br-0a1b2c3d4e5f -j ACCEPT",
    ];

    private static readonly string s_raw = Lines(
        "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
        "-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP", "COMMIT");

    [Fact]
    public void V28_WorkedExample_MatchesSemanticsDoc()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V28).WorkedExample();

        Assert.Equal(s_raw, host.Table("raw"));
        Assert.Equal(Lines([.. s_nat,
            "-A DOCKER -i br-0a1b2c3d4e5f -j RETURN",
            "-A DOCKER -i br-3f1c9a7d2b4e -j RETURN",
            "-A DOCKER -i docker0 -j RETURN",
            "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "COMMIT"]), host.Table("nat"));
        Assert.Equal(Lines([
            "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
            ":DOCKER - [0:0]", ":DOCKER-BRIDGE - [0:0]", ":DOCKER-CT - [0:0]", ":DOCKER-FORWARD - [0:0]",
            ":DOCKER-ISOLATION-STAGE-1 - [0:0]", ":DOCKER-ISOLATION-STAGE-2 - [0:0]", ":DOCKER-USER - [0:0]",
            .. s_sharedFilter,
            "-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1",
            "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
            .. s_forwardPerNetwork,
            "-A DOCKER-ISOLATION-STAGE-1 ! -s 172.19.0.0/16 -o br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 ! -d 172.19.0.0/16 -i br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-1 -i br-3f1c9a7d2b4e ! -o br-3f1c9a7d2b4e -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-1 -i br-0a1b2c3d4e5f ! -o br-0a1b2c3d4e5f -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-2 -o br-0a1b2c3d4e5f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-2 -o br-3f1c9a7d2b4e -j DROP",
            "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
            "COMMIT"]), host.Table("filter"));
    }

    [Fact]
    public void V29_WorkedExample_MatchesSemanticsDoc()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V29).WorkedExample();

        Assert.Equal(s_raw, host.Table("raw"));
        Assert.Equal(Lines([.. s_nat,
            "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "COMMIT"]), host.Table("nat"));
        Assert.Equal(Lines([
            "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
            ":DOCKER - [0:0]", ":DOCKER-BRIDGE - [0:0]", ":DOCKER-CT - [0:0]", ":DOCKER-FORWARD - [0:0]",
            ":DOCKER-INTERNAL - [0:0]", ":DOCKER-USER - [0:0]",
            .. s_sharedFilter,
            "-A DOCKER-FORWARD -j DOCKER-INTERNAL",
            "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
            .. s_forwardPerNetwork,
            "-A DOCKER-INTERNAL ! -s 172.19.0.0/16 -o br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-INTERNAL ! -d 172.19.0.0/16 -i br-5a6b7c8d9e0f -j DROP",
            "COMMIT"]), host.Table("filter"));
    }

    /// <summary>moby's <c>TestIptabler</c> goldens at docker-v29.0.0 (one network br-dummy 192.168.0.0/24,
    /// container 192.168.0.2 publishing 8080→80, FORWARD policy left alone). That test runs the bridge driver
    /// only, so the controller's DOCKER-USER chain and jump are left out of the comparison.</summary>
    [Theory]
    [InlineData(true, true, false, new[]
    {
        "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
        "-A PREROUTING -d 192.168.0.2/32 ! -i br-dummy -j DROP", "COMMIT",
        "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
        ":DOCKER - [0:0]", ":DOCKER-BRIDGE - [0:0]", ":DOCKER-CT - [0:0]", ":DOCKER-FORWARD - [0:0]", ":DOCKER-INTERNAL - [0:0]",
        "-A FORWARD -j DOCKER-FORWARD",
        "-A DOCKER -d 192.168.0.2/32 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT",
        "-A DOCKER ! -i br-dummy -o br-dummy -j DROP",
        "-A DOCKER-BRIDGE -o br-dummy -j DOCKER",
        "-A DOCKER-CT -o br-dummy -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-FORWARD -j DOCKER-CT", "-A DOCKER-FORWARD -j DOCKER-INTERNAL", "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
        "-A DOCKER-FORWARD -i br-dummy -j ACCEPT", "COMMIT",
        "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
        ":DOCKER - [0:0]",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
        "-A POSTROUTING -s 192.168.0.0/24 ! -o br-dummy -j MASQUERADE",
        "-A DOCKER ! -i br-dummy -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.0.2:80", "COMMIT",
    })]
    [InlineData(false, false, true, new[]
    {
        "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
        "-A PREROUTING -d 192.168.0.2/32 ! -i br-dummy -j DROP",
        "-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP", "COMMIT",
        "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
        ":DOCKER - [0:0]", ":DOCKER-BRIDGE - [0:0]", ":DOCKER-CT - [0:0]", ":DOCKER-FORWARD - [0:0]", ":DOCKER-INTERNAL - [0:0]",
        "-A FORWARD -j DOCKER-FORWARD",
        "-A DOCKER -d 192.168.0.2/32 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT",
        "-A DOCKER ! -i br-dummy -o br-dummy -j DROP",
        "-A DOCKER-BRIDGE -o br-dummy -j DOCKER",
        "-A DOCKER-CT -o br-dummy -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-FORWARD -j DOCKER-CT", "-A DOCKER-FORWARD -j DOCKER-INTERNAL", "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
        "-A DOCKER-FORWARD -i br-dummy -o br-dummy -j DROP",
        "-A DOCKER-FORWARD -i br-dummy ! -o br-dummy -j ACCEPT", "COMMIT",
        "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
        ":DOCKER - [0:0]",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER",
        "-A POSTROUTING -o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE",
        "-A POSTROUTING -s 192.168.0.0/24 ! -o br-dummy -j MASQUERADE",
        "-A POSTROUTING -s 192.168.0.2/32 -d 192.168.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
        "-A DOCKER -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.0.2:80", "COMMIT",
    })]
    public void V29_OneNetwork_MatchesMobyIptablerGolden(bool userlandProxy, bool icc, bool bindLocalhost, string[] expected)
    {
        var host = new FirewallHarness(DockerVersion.V29, userlandProxy);
        BridgeNetworkRules dummy = Network("br-dummy", "192.168.0.0/24", icc: icc);
        PublishedPortRule port = Port("tcp", bindLocalhost ? "127.0.0.1" : "0.0.0.0", 8080, "192.168.0.2", 80);
        host.Firewall.DaemonStart(ipForwardWasOff: false);
        host.Firewall.AddNetwork(dummy);
        host.Firewall.AddEndpoint(dummy, port.ContainerIp);
        host.Firewall.AddPort(dummy, port);

        string actual = string.Concat(new[] { "raw", "filter", "nat" }.Select(host.Table));
        Assert.Equal(Lines(expected), string.Concat(actual.Split('\n')
            .Where(l => l.Length > 0 && !l.Contains("DOCKER-USER", StringComparison.Ordinal)).Select(l => l + "\n")));
    }

    [Theory, InlineData(DockerVersion.V28), InlineData(DockerVersion.V29)]
    public void ProxyOff_HairpinMasqueradeAndNoReturn(DockerVersion version)
    {
        FirewallHarness host = new FirewallHarness(version, userlandProxy: false).Start();
        host.Firewall.AddPort(Docker0, Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80));

        string nat = host.Table("nat");
        Assert.Contains("-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE\n", nat);
        Assert.Contains("-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n", nat);
        Assert.DoesNotContain("RETURN", nat);
    }

    [Theory, InlineData(DockerVersion.V28), InlineData(DockerVersion.V29)]
    public void PortAccepts_AreInsertedAboveEarlierOnesAndTheNetworkDrops(DockerVersion version)
    {
        FirewallHarness host = new FirewallHarness(version).Start();
        host.Firewall.AddPort(Docker0, Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80));
        host.Firewall.AddPort(Docker0, Port("udp", "0.0.0.0", 5353, "172.17.0.3", 53));

        Assert.Contains(Lines(
            ":DOCKER-USER - [0:0]",
            "-A FORWARD -j DOCKER-USER",
            "-A FORWARD -j DOCKER-FORWARD",
            "-A DOCKER -d 172.17.0.3/32 ! -i docker0 -o docker0 -p udp -m udp --dport 53 -j ACCEPT",
            "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
            "-A DOCKER ! -i docker0 -o docker0 -j DROP"), host.Table("filter"));
        Assert.DoesNotContain("-A DOCKER-USER -j RETURN", host.Table("filter"));
    }

    [Theory, InlineData(DockerVersion.V28), InlineData(DockerVersion.V29)]
    public void InternalNetwork_NoEndpointDropNoPortRules(DockerVersion version)
    {
        FirewallHarness host = new FirewallHarness(version).Start();
        string before = host.Save();
        host.Firewall.AddNetwork(Int1);
        host.Firewall.AddEndpoint(Int1, Ipv4Address.Parse("172.19.0.2"));
        host.Firewall.AddPort(Int1, Port("tcp", "0.0.0.0", 8080, "172.19.0.2", 80));

        Assert.Equal(before.Replace("-A DOCKER-FORWARD -i docker0 -j ACCEPT\n",
            "-A DOCKER-FORWARD -i docker0 -j ACCEPT\n-A DOCKER-FORWARD -i br-5a6b7c8d9e0f -o br-5a6b7c8d9e0f -j ACCEPT\n"),
            string.Concat(host.Save().Split('\n').Where(l => !l.Contains("172.19.0.0/16", StringComparison.Ordinal)).Select(l => l + "\n"))[..^1]);
    }

    [Theory]
    [InlineData(DockerVersion.V28, true), InlineData(DockerVersion.V28, false)]
    [InlineData(DockerVersion.V29, true), InlineData(DockerVersion.V29, false)]
    public void AddThenRemove_EveryKindOfNetwork_LeavesDaemonStartTables(DockerVersion version, bool userlandProxy)
    {
        FirewallHarness host = new FirewallHarness(version, userlandProxy).Start();
        string before = host.Save();
        BridgeNetworkRules snat = Network("br-222222222222", "10.5.0.0/24", hostIpv4: "192.0.2.10");
        BridgeNetworkRules[] networks = [Net1, Int1, NoIcc, snat];
        PublishedPortRule loopback = Port("tcp", "127.0.0.1", 8081, "172.18.0.2", 80);
        PublishedPortRule any = Port("udp", "0.0.0.0", 5353, "172.18.0.2", 53);
        var link = new LinkRule(Ipv4Address.Parse("172.20.0.3"), Ipv4Address.Parse("172.20.0.2"), "tcp", 5432);
        foreach (BridgeNetworkRules network in networks)
        {
            host.Firewall.AddNetwork(network);
        }
        host.Firewall.AddEndpoint(Net1, loopback.ContainerIp);
        host.Firewall.AddPort(Net1, loopback);
        host.Firewall.AddPort(Net1, any);
        host.Firewall.AddLink(NoIcc, link);
        Assert.NotEqual(before, host.Save());

        host.Firewall.RemoveLink(NoIcc, link);
        host.Firewall.RemovePort(Net1, any);
        host.Firewall.RemovePort(Net1, loopback);
        host.Firewall.RemoveEndpoint(Net1, loopback.ContainerIp);
        foreach (BridgeNetworkRules network in networks.Reverse())
        {
            host.Firewall.RemoveNetwork(network);
        }

        // The raw table, once created, stays (with its policies only), as in iptables.
        Assert.Equal(before, host.Save().Replace(Lines(
            "# Generated by iptables-save v1.8.9 (nf_tables) on <DATE>", "*raw", ":PREROUTING ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]", "COMMIT", "# Completed on <DATE>"), ""));
    }

    [Fact]
    public void V28_LoopbackPort_RawDropForNonLoopbackArrivals()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V28).Start();
        host.Firewall.AddEndpoint(Docker0, Ipv4Address.Parse("172.17.0.3"));
        host.Firewall.AddPort(Docker0, Port("tcp", "127.0.0.1", 8081, "172.17.0.3", 80));

        Assert.Equal(Lines(
            "*raw", ":PREROUTING ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
            "-A PREROUTING -d 172.17.0.3/32 ! -i docker0 -j DROP",
            "-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8081 -j DROP",
            "COMMIT"), host.Table("raw"));
        Assert.Contains("-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.17.0.3:80\n",
            host.Table("nat"));
    }
}
