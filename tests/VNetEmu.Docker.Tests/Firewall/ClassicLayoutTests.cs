using VNetEmu.Docker.Firewall;
using VNetEmu.Wire;
using static VNetEmu.Docker.Tests.Firewall.FirewallHarness;

namespace VNetEmu.Docker.Tests.Firewall;

/// <summary>The classic layout (20.10, 27) against docker-semantics.md §1.1.</summary>
public class ClassicLayoutTests
{
    /// <summary>§1.1's worked example prints nat before filter; iptables-save (nf_tables) prints filter first, as
    /// the recordings show, so the tables are compared one by one.</summary>
    [Theory, InlineData(DockerVersion.V20_10), InlineData(DockerVersion.V27)]
    public void WorkedExample_MatchesSemanticsDoc(DockerVersion version)
    {
        FirewallHarness host = new FirewallHarness(version).WorkedExample();

        Assert.Equal(Lines(
            "*nat",
            ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
            ":DOCKER - [0:0]",
            "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
            "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
            "-A POSTROUTING -s 172.20.0.0/16 ! -o br-0a1b2c3d4e5f -j MASQUERADE",
            "-A POSTROUTING -s 172.18.0.0/16 ! -o br-3f1c9a7d2b4e -j MASQUERADE",
            "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
            "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
            "-A DOCKER -i br-0a1b2c3d4e5f -j RETURN",
            "-A DOCKER -i br-3f1c9a7d2b4e -j RETURN",
            "-A DOCKER -i docker0 -j RETURN",
            "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "COMMIT"), host.Table("nat"));
        Assert.Equal(Lines(
            "*filter",
            ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
            ":DOCKER - [0:0]", ":DOCKER-ISOLATION-STAGE-1 - [0:0]", ":DOCKER-ISOLATION-STAGE-2 - [0:0]", ":DOCKER-USER - [0:0]",
            "-A FORWARD -j DOCKER-USER",
            "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
            "-A FORWARD -o br-0a1b2c3d4e5f -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -o br-0a1b2c3d4e5f -j DOCKER",
            "-A FORWARD -i br-0a1b2c3d4e5f ! -o br-0a1b2c3d4e5f -j ACCEPT",
            "-A FORWARD -i br-5a6b7c8d9e0f -o br-5a6b7c8d9e0f -j ACCEPT",
            "-A FORWARD -o br-3f1c9a7d2b4e -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -o br-3f1c9a7d2b4e -j DOCKER",
            "-A FORWARD -i br-3f1c9a7d2b4e ! -o br-3f1c9a7d2b4e -j ACCEPT",
            "-A FORWARD -i br-3f1c9a7d2b4e -o br-3f1c9a7d2b4e -j ACCEPT",
            "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -o docker0 -j DOCKER",
            "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
            "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
            "-A FORWARD -i br-0a1b2c3d4e5f -o br-0a1b2c3d4e5f -j DROP",
            "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
            "-A DOCKER-ISOLATION-STAGE-1 -i br-0a1b2c3d4e5f ! -o br-0a1b2c3d4e5f -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-1 ! -s 172.19.0.0/16 -o br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 ! -d 172.19.0.0/16 -i br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 -i br-3f1c9a7d2b4e ! -o br-3f1c9a7d2b4e -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
            "-A DOCKER-ISOLATION-STAGE-1 -j RETURN",
            "-A DOCKER-ISOLATION-STAGE-2 -o br-0a1b2c3d4e5f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-2 -o br-3f1c9a7d2b4e -j DROP",
            "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
            "-A DOCKER-ISOLATION-STAGE-2 -j RETURN",
            "-A DOCKER-USER -j RETURN",
            "COMMIT"), host.Table("filter"));
        Assert.Null(host.Host.GetTable("raw"));
        Assert.Null(host.Host.GetTable("mangle"));
    }

    [Fact]
    public void ProxyOff_NatTable_HasLocalMasqueradeNoReturnAndNoInterfaceOnDnat()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10, userlandProxy: false).Start();
        host.Firewall.AddPort(Docker0, Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80));

        Assert.Equal(Lines(
            "*nat",
            ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
            ":DOCKER - [0:0]",
            "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
            "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER",
            "-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE",
            "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
            "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
            "-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "COMMIT"), host.Table("nat"));
    }

    [Fact]
    public void ProxyOff_FilterTable_SameAsProxyOn()
    {
        FirewallHarness on = new FirewallHarness(DockerVersion.V20_10).Start();
        FirewallHarness off = new FirewallHarness(DockerVersion.V20_10, userlandProxy: false).Start();

        Assert.Equal(on.Table("filter"), off.Table("filter"));
    }

    [Fact]
    public void InternalNetwork_OnlyIsolationDropsAndIcc()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        string natBefore = host.Table("nat");
        host.Firewall.AddNetwork(Int1);
        host.Firewall.AddPort(Int1, Port("tcp", "0.0.0.0", 8080, "172.19.0.2", 80));

        Assert.Equal(natBefore, host.Table("nat"));
        string filter = host.Table("filter");
        Assert.Contains(Lines(
            "-A FORWARD -j DOCKER-USER",
            "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
            "-A FORWARD -i br-5a6b7c8d9e0f -o br-5a6b7c8d9e0f -j ACCEPT",
            "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"), filter);
        Assert.Contains(Lines(
            "-A DOCKER-ISOLATION-STAGE-1 ! -s 172.19.0.0/16 -o br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 ! -d 172.19.0.0/16 -i br-5a6b7c8d9e0f -j DROP",
            "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2"), filter);
        Assert.DoesNotContain("-A DOCKER -d", filter);
        Assert.DoesNotContain("-A DOCKER-ISOLATION-STAGE-2 -o br-5a6b7c8d9e0f", filter);
    }

    [Fact]
    public void InternalNetworkWithoutIcc_AppendsDropAtEndOfForward()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V27).Start();
        host.Firewall.AddNetwork(Network("br-111111111111", "172.30.0.0/16", @internal: true, icc: false));

        Assert.EndsWith(Lines(
            "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
            "-A FORWARD -i br-111111111111 -o br-111111111111 -j DROP"),
            string.Concat(host.Table("filter").Split('\n').Where(l => l.StartsWith("-A FORWARD", StringComparison.Ordinal)).Select(l => l + "\n")));
    }

    [Fact]
    public void NoIccNetwork_DropIsAppendedAfterEveryOtherForwardRule()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        host.Firewall.AddNetwork(NoIcc);
        host.Firewall.AddNetwork(Net1);

        string[] forward = host.Table("filter").Split('\n').Where(l => l.StartsWith("-A FORWARD", StringComparison.Ordinal)).ToArray();
        Assert.Equal("-A FORWARD -i br-0a1b2c3d4e5f -o br-0a1b2c3d4e5f -j DROP", forward[^1]);
        Assert.DoesNotContain("-A FORWARD -i br-0a1b2c3d4e5f -o br-0a1b2c3d4e5f -j ACCEPT", forward);
    }

    [Fact]
    public void HostIpv4_SnatInsteadOfMasquerade()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10, userlandProxy: false).Start();
        host.Firewall.AddNetwork(Network("br-222222222222", "10.5.0.0/24", hostIpv4: "192.0.2.10"));

        string nat = host.Table("nat");
        Assert.Contains("-A POSTROUTING -s 10.5.0.0/24 ! -o br-222222222222 -j SNAT --to-source 192.0.2.10\n", nat);
        Assert.Contains("-A POSTROUTING -o br-222222222222 -m addrtype --src-type LOCAL -j SNAT --to-source 192.0.2.10\n", nat);
    }

    [Fact]
    public void MasqueradeOff_NoMasqueradeAndNoReturn()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        host.Firewall.AddNetwork(Network("br-333333333333", "10.6.0.0/24", masquerade: false));

        Assert.DoesNotContain("br-333333333333", host.Table("nat"));
        Assert.Contains("-A FORWARD -o br-333333333333 -j DOCKER\n", host.Table("filter"));
    }

    [Fact]
    public void Sctp_AddsMangleChecksum_AndRemovalDeletesIt()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        PublishedPortRule sctp = Port("sctp", "0.0.0.0", 9999, "172.17.0.2", 9999);
        host.Firewall.AddPort(Docker0, sctp);

        Assert.Contains("-A POSTROUTING -p sctp -m sctp --sport 9999 -j CHECKSUM --checksum-fill\n", host.Table("mangle"));
        Assert.Contains("-A DOCKER ! -i docker0 -p sctp -m sctp --dport 9999 -j DNAT --to-destination 172.17.0.2:9999\n", host.Table("nat"));
        host.Firewall.RemovePort(Docker0, sctp);
        Assert.DoesNotContain("-A POSTROUTING", host.Table("mangle"));
    }

    [Theory, InlineData(true), InlineData(false)]
    public void AddThenRemove_EveryKindOfNetwork_LeavesDaemonStartTables(bool userlandProxy)
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10, userlandProxy).Start();
        string before = host.Save();
        BridgeNetworkRules snat = Network("br-222222222222", "10.5.0.0/24", hostIpv4: "192.0.2.10");
        BridgeNetworkRules[] networks = [Net1, Int1, NoIcc, snat];
        PublishedPortRule port = Port("udp", "127.0.0.1", 5353, "172.18.0.2", 53);
        foreach (BridgeNetworkRules network in networks)
        {
            host.Firewall.AddNetwork(network);
        }
        host.Firewall.AddEndpoint(Net1, port.ContainerIp);
        host.Firewall.AddPort(Net1, port);
        Assert.NotEqual(before, host.Save());

        host.Firewall.RemovePort(Net1, port);
        host.Firewall.RemoveEndpoint(Net1, port.ContainerIp);
        foreach (BridgeNetworkRules network in networks.Reverse())
        {
            host.Firewall.RemoveNetwork(network);
        }

        Assert.Equal(before, host.Save());
    }

    [Fact]
    public void Link_InsertsAcceptPairInDocker_AndRemoveDeletesIt()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        BridgeNetworkRules noIccDocker0 = Docker0 with { EnableIcc = false };
        var link = new LinkRule(Ipv4Address.Parse("172.17.0.3"), Ipv4Address.Parse("172.17.0.2"), "tcp", 5432);
        host.Firewall.AddLink(noIccDocker0, link);

        Assert.Contains(Lines(
            "-A DOCKER -s 172.17.0.2/32 -d 172.17.0.3/32 -i docker0 -o docker0 -p tcp -m tcp --sport 5432 -j ACCEPT",
            "-A DOCKER -s 172.17.0.3/32 -d 172.17.0.2/32 -i docker0 -o docker0 -p tcp -m tcp --dport 5432 -j ACCEPT"),
            host.Table("filter"));
        host.Firewall.RemoveLink(noIccDocker0, link);
        Assert.DoesNotContain("-A DOCKER -s", host.Table("filter"));
    }

    [Fact]
    public void Commands_AreTheIptablesArgumentVectorsInDockerdsOrder()
    {
        var host = new FirewallHarness(DockerVersion.V20_10);
        host.Firewall.DaemonStart(ipForwardWasOff: true);

        Assert.Equal(
            [
                "-t filter -P FORWARD DROP",
                "-t nat -N DOCKER",
                "-t filter -N DOCKER",
                "-t filter -N DOCKER-ISOLATION-STAGE-1",
                "-t filter -N DOCKER-ISOLATION-STAGE-2",
                "-t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN",
                "-t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN",
            ],
            host.Firewall.Commands.Select(c => string.Join(' ', c)));
    }

    /// <summary>After a crash (ports never unpublished) the restarted daemon flushes its own chains; what it left in
    /// the built-in chains (here the hairpin MASQUERADE) stays, as with dockerd.</summary>
    [Fact]
    public void DaemonRestart_FlushesDockerChainsAndRebuilds()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        host.Firewall.AddPort(Docker0, Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80));
        var restarted = new DockerFirewall(DockerVersion.V20_10, userlandProxy: true, host.Host);
        restarted.DaemonStart(ipForwardWasOff: false);
        restarted.AddNetwork(Docker0);

        FirewallHarness fresh = new FirewallHarness(DockerVersion.V20_10).Start();
        Assert.Equal(fresh.Table("filter"), host.Table("filter"));
        Assert.Equal(
            fresh.Table("nat").Replace("! -o docker0 -j MASQUERADE\n",
                "! -o docker0 -j MASQUERADE\n-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE\n"),
            host.Table("nat"));
    }
}
