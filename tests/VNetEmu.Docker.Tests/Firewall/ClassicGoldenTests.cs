using VNetEmu.Docker.Firewall;
using VNetEmu.Wire;
using static VNetEmu.Docker.Tests.Firewall.FirewallHarness;

namespace VNetEmu.Docker.Tests.Firewall;

/// <summary>The four dockerd 20.10.24 recordings (userland-proxy on): the calls the scenario's commands imply must
/// leave exactly the recorded iptables-save, at the end and at every intermediate iptables-save.</summary>
public class ClassicGoldenTests
{
    private const string PnBridge = "br-5c0a9e1b7d42";
    private const string AppBridge = "br-9f3e2d1c0b4a";

    [Fact]
    public void FreshDaemon_MatchesRecording()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();

        Assert.Equal(Golden("a-fresh-daemon/iptables-save.txt"), host.Save());
    }

    [Fact]
    public void DefaultBridge_TwoContainersAndLink_MatchesRecording()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        // c1, c2; the linker (--link c1:db on docker0, icc on: no link rules); c2 removed; c3.
        foreach (string ip in new[] { "172.17.0.2", "172.17.0.3", "172.17.0.4" })
        {
            host.Firewall.AddEndpoint(Docker0, Ipv4Address.Parse(ip));
        }
        host.Firewall.RemoveEndpoint(Docker0, Ipv4Address.Parse("172.17.0.4"));
        host.Firewall.RemoveEndpoint(Docker0, Ipv4Address.Parse("172.17.0.3"));
        host.Firewall.AddEndpoint(Docker0, Ipv4Address.Parse("172.17.0.3"));

        Assert.Equal(Golden("b-default-bridge/iptables-save.txt"), host.Save());
    }

    [Fact]
    public void UserBridge_MatchesRecording()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        BridgeNetworkRules app = Network(AppBridge, "10.10.0.0/24");
        host.Firewall.AddNetwork(app);
        string expected = Golden("c-user-bridge-dns/iptables-save.txt").Replace("br-<ID1:12>", AppBridge);

        Assert.Equal(expected, host.Save());
        Assert.Equal(expected, GoldenBlocks("c-user-bridge-dns", "ip netns exec dk iptables-save")[0].Replace("br-<ID1:12>", AppBridge));
    }

    [Fact]
    public void EmbeddedDns_MatchesContainerNamespaceRecording()
    {
        var container = new Netfilter.Model.NetfilterState();
        DockerFirewall.InstallEmbeddedDns(container, tcpPort: 41235, udpPort: 52719);
        string expected = GoldenBlocks("c-user-bridge-dns", "nsenter -t $(cpid a2) -n iptables-save")[0]
            .Replace("<DNSPORT1>", "41235").Replace("<DNSPORT2>", "52719");

        Assert.Equal(expected, Save(container));
    }

    [Fact]
    public void EmbeddedDns_InstalledTwice_FlushesInsteadOfDuplicating()
    {
        var container = new Netfilter.Model.NetfilterState();
        DockerFirewall.InstallEmbeddedDns(container, tcpPort: 1000, udpPort: 2000);
        DockerFirewall.InstallEmbeddedDns(container, tcpPort: 41235, udpPort: 52719);
        string expected = GoldenBlocks("c-user-bridge-dns", "nsenter -t $(cpid a2) -n iptables-save")[0]
            .Replace("<DNSPORT1>", "41235").Replace("<DNSPORT2>", "52719");

        Assert.Equal(expected, Save(container));
    }

    [Fact]
    public void EmbeddedDns_Removed_LeavesEmptyNatTable()
    {
        var container = new Netfilter.Model.NetfilterState();
        DockerFirewall.InstallEmbeddedDns(container, tcpPort: 41235, udpPort: 52719);
        DockerFirewall.RemoveEmbeddedDns(container);

        string save = Save(container);
        Assert.DoesNotContain("DOCKER_", save);
        Assert.DoesNotContain("-A ", save);
    }

    [Fact]
    public void Ports_EveryCheckpoint_MatchesRecording()
    {
        FirewallHarness host = new FirewallHarness(DockerVersion.V20_10).Start();
        DockerFirewall fw = host.Firewall;
        List<string> saves = GoldenBlocks("d-ports", "ip netns exec dk iptables-save").ConvertAll(WithPn);
        List<string> natSaves = GoldenBlocks("d-ports", "ip netns exec dk iptables-save -t nat").ConvertAll(WithPn);
        PublishedPortRule web = Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80);

        // docker run -d --name web -p 8080:80
        fw.AddEndpoint(Docker0, web.ContainerIp);
        fw.AddPort(Docker0, web);
        Assert.Equal(saves[0], host.Save());

        // docker network create --subnet 10.20.0.0/24 pn; three `docker run --rm --network pn` come and go.
        BridgeNetworkRules pn = Network(PnBridge, "10.20.0.0/24");
        fw.AddNetwork(pn);
        // web2 fails in the port allocator (no rules); web2b (172.17.0.3) gets its rules, then docker-proxy
        // cannot bind 127.0.0.1:8080 and the mapper deletes them again.
        PublishedPortRule web2b = Port("tcp", "127.0.0.1", 8080, "172.17.0.3", 80);
        fw.AddPort(Docker0, web2b);
        fw.RemovePort(Docker0, web2b);

        var containers = new List<PublishedPortRule[]>
        {
            new[] { Port("tcp", "127.0.0.1", 8081, "172.17.0.3", 80) },                       // w3
            new[] { Port("udp", "0.0.0.0", 8082, "172.17.0.4", 80) },                         // w4
            Array.Empty<PublishedPortRule>(),                                                  // w5 -P, nothing exposed
            new[] { Port("tcp", "0.0.0.0", 32768, "172.17.0.6", 80), Port("udp", "0.0.0.0", 32768, "172.17.0.6", 53) },
            new[] { Port("tcp", "0.0.0.0", 32769, "172.17.0.7", 80) },                        // w7 -p 80
            new[]                                                                              // w8, in dockerd's order
            {
                Port("tcp", "0.0.0.0", 9003, "172.17.0.8", 82), Port("tcp", "0.0.0.0", 9002, "172.17.0.8", 81),
                Port("tcp", "0.0.0.0", 9001, "172.17.0.8", 80), Port("tcp", "0.0.0.0", 9000, "172.17.0.8", 80),
            },
            new[] { Port("tcp", "127.0.0.1", 32770, "172.17.0.9", 80) },                      // w9
            new[] { Port("tcp", "0.0.0.0", 8085, "172.17.0.10", 80), Port("udp", "0.0.0.0", 8085, "172.17.0.10", 80) },
            new[] { Port("tcp", "0.0.0.0", 9100, "172.17.0.11", 80) },                        // w11
            new[] { Port("tcp", "0.0.0.0", 9101, "172.17.0.12", 80) },                        // w12
        };
        for (int i = 0; i < containers.Count; i++)
        {
            fw.AddEndpoint(Docker0, Ipv4Address.Parse($"172.17.0.{i + 3}"));
            foreach (PublishedPortRule port in containers[i])
            {
                fw.AddPort(Docker0, port);
            }
        }
        // The second iptables-save of the recording ends without its "# Completed" line (it was cut there).
        Assert.StartsWith(saves[1], host.Save());

        // docker stop web; docker rm -f w3 … w12
        fw.RemovePort(Docker0, web);
        fw.RemoveEndpoint(Docker0, web.ContainerIp);
        for (int i = 0; i < containers.Count; i++)
        {
            foreach (PublishedPortRule port in containers[i])
            {
                fw.RemovePort(Docker0, port);
            }
            fw.RemoveEndpoint(Docker0, Ipv4Address.Parse($"172.17.0.{i + 3}"));
        }
        Assert.Equal(natSaves[0], host.Save("nat"));

        // docker start web
        fw.AddEndpoint(Docker0, web.ContainerIp);
        fw.AddPort(Docker0, web);
        Assert.Equal(WithPn(Golden("d-ports/iptables-save.txt")), host.Save());
    }

    private static string WithPn(string text) => text.Replace("br-<HEX12_1>", PnBridge);
}
