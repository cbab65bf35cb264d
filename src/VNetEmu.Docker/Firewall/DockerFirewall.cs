using VNetEmu.Netfilter.Model;
using VNetEmu.Wire;

namespace VNetEmu.Docker.Firewall;

/// <summary>The iptables rules dockerd programs on the host for bridge networks, per <see cref="DockerVersion"/> and
/// userland-proxy setting, issued as the same <c>iptables</c> commands in the same order (existence checks, then
/// <c>-I</c>, <c>-A</c>, <c>-D</c>, <c>-N</c>, <c>-X</c>, <c>-P</c>) through the emulated iptables, so that
/// <c>iptables-save</c> afterwards prints what real dockerd leaves. Also the embedded-DNS rules in a container's
/// namespace. A command that fails throws <see cref="InvalidOperationException"/> with iptables' message.</summary>
/// <remarks>Rule layouts: ../shared/reference/docker-semantics.md §1 and §2.1. The caller drives the order, as
/// dockerd's callers do: <see cref="DaemonStart"/>, then <see cref="AddNetwork"/> for docker0, then per
/// <c>network create</c>; per container <see cref="AddEndpoint"/> then <see cref="AddPort"/> for each binding in
/// the order dockerd maps them.</remarks>
public sealed class DockerFirewall
{
    private const string Resolver = "127.0.0.11";
    private const string DnsOutput = "DOCKER_OUTPUT";
    private const string DnsPostrouting = "DOCKER_POSTROUTING";

    private readonly Iptables _iptables;
    private readonly FirewallLayout _layout;

    /// <summary>A firewall for the daemon whose host namespace has netfilter state <paramref name="host"/>.</summary>
    public DockerFirewall(DockerVersion version, bool userlandProxy, NetfilterState host)
    {
        _iptables = new Iptables(host);
        _layout = version switch
        {
            DockerVersion.V20_10 or DockerVersion.V27 => new ClassicLayout(_iptables, userlandProxy),
            DockerVersion.V28 => new ModernLayout(_iptables, userlandProxy, v29: false),
            DockerVersion.V29 => new ModernLayout(_iptables, userlandProxy, v29: true),
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
        };
        Version = version;
        UserlandProxy = userlandProxy;
    }

    /// <summary>The emulated dockerd release.</summary>
    public DockerVersion Version { get; }

    /// <summary>Whether docker-proxy handles published ports (<c>--userland-proxy</c>, default true).</summary>
    public bool UserlandProxy { get; }

    /// <summary>Every iptables command that changed the tables, as argument vectors (without the program name).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Commands => _iptables.Log;

    /// <summary>The bridge driver's start: stale chains removed, Docker's chains created, FORWARD policy DROP when
    /// dockerd itself turned ip_forward on; 28+ also the controller's DOCKER-USER chain and jump (classic does that
    /// per network, in <see cref="AddNetwork"/>).</summary>
    public void DaemonStart(bool ipForwardWasOff) => _layout.DaemonStart(ipForwardWasOff);

    /// <summary>A bridge network's rules: docker0 at daemon start, user networks on <c>docker network create</c>;
    /// includes the controller's DOCKER-USER step that follows every network creation.</summary>
    public void AddNetwork(BridgeNetworkRules network) => _layout.AddNetwork(network);

    /// <summary><c>docker network rm</c>: every rule <see cref="AddNetwork"/> made for the network goes (the chains,
    /// nat jumps and FORWARD jumps shared by all networks stay, as in dockerd).</summary>
    public void RemoveNetwork(BridgeNetworkRules network) => _layout.RemoveNetwork(network);

    /// <summary>An endpoint joins: 28+/29 add raw <c>PREROUTING -d IP ! -i BR -j DROP</c>; nothing in classic.</summary>
    public void AddEndpoint(BridgeNetworkRules network, Ipv4Address containerIp) =>
        _layout.ModifyEndpoint(network, containerIp, enable: true);

    /// <summary>An endpoint leaves: the rule of <see cref="AddEndpoint"/> goes.</summary>
    public void RemoveEndpoint(BridgeNetworkRules network, Ipv4Address containerIp) =>
        _layout.ModifyEndpoint(network, containerIp, enable: false);

    /// <summary>One published port: DNAT, filter ACCEPT, hairpin MASQUERADE (classic always, 28+ with the proxy off),
    /// SCTP CHECKSUM (classic), raw drop of non-loopback traffic to a 127.x host IP (28+). Nothing on an internal
    /// network.</summary>
    public void AddPort(BridgeNetworkRules network, PublishedPortRule port) =>
        _layout.ModifyPortIfExternal(network, port, enable: true);

    /// <summary>The rules of <see cref="AddPort"/> go (a rule shared with another binding of the same container port
    /// goes too, as in dockerd).</summary>
    public void RemovePort(BridgeNetworkRules network, PublishedPortRule port) =>
        _layout.ModifyPortIfExternal(network, port, enable: false);

    /// <summary>A legacy <c>--link</c> on a bridge with icc=false (the caller checks icc): the ACCEPT pair for one
    /// exposed port of the child in filter DOCKER (classic inserts, 28+ appends).</summary>
    public void AddLink(BridgeNetworkRules network, LinkRule link) => _layout.ModifyLink(network, link, enable: true);

    /// <summary>The pair of <see cref="AddLink"/> goes.</summary>
    public void RemoveLink(BridgeNetworkRules network, LinkRule link) => _layout.ModifyLink(network, link, enable: false);

    /// <summary>The embedded DNS server's NAT in the container's own namespace (§2.1, <c>resolver_unix.go</c>
    /// <c>setupResolver</c>): DOCKER_OUTPUT and DOCKER_POSTROUTING created (or flushed, when the jump exists), their
    /// jumps inserted, then udp DNAT, udp SNAT, tcp DNAT, tcp SNAT each inserted at the top.</summary>
    public static void InstallEmbeddedDns(NetfilterState container, ushort tcpPort, ushort udpPort)
    {
        var ipt = new Iptables(container);
        string tcp = tcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string udp = udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach ((string hook, string chain) in new[] { ("OUTPUT", DnsOutput), ("POSTROUTING", DnsPostrouting) })
        {
            if (ipt.Exists("nat", hook, "-d", Resolver, "-j", chain))
            {
                ipt.Raw("-t", "nat", "-F", chain);
            }
            else
            {
                ipt.Raw("-t", "nat", "-N", chain);
                ipt.Raw("-t", "nat", "-I", hook, "-d", Resolver, "-j", chain);
            }
        }
        ipt.Raw("-t", "nat", "-I", DnsOutput, "-d", Resolver, "-p", "udp", "--dport", "53", "-j", "DNAT", "--to-destination", $"{Resolver}:{udp}");
        ipt.Raw("-t", "nat", "-I", DnsPostrouting, "-s", Resolver, "-p", "udp", "--sport", udp, "-j", "SNAT", "--to-source", ":53");
        ipt.Raw("-t", "nat", "-I", DnsOutput, "-d", Resolver, "-p", "tcp", "--dport", "53", "-j", "DNAT", "--to-destination", $"{Resolver}:{tcp}");
        ipt.Raw("-t", "nat", "-I", DnsPostrouting, "-s", Resolver, "-p", "tcp", "--sport", tcp, "-j", "SNAT", "--to-source", ":53");
    }

    /// <summary>Undoes <see cref="InstallEmbeddedDns"/> (dockerd never does: the namespace goes with the
    /// container): jumps deleted, both chains flushed and deleted. The nat table itself stays, as in iptables.</summary>
    public static void RemoveEmbeddedDns(NetfilterState container)
    {
        var ipt = new Iptables(container);
        foreach ((string hook, string chain) in new[] { ("OUTPUT", DnsOutput), ("POSTROUTING", DnsPostrouting) })
        {
            if (!ipt.ChainExists("nat", chain))
            {
                continue;
            }
            ipt.DeleteIfExists("nat", hook, "-d", Resolver, "-j", chain);
            ipt.Raw("-t", "nat", "-F", chain);
            ipt.Raw("-t", "nat", "-X", chain);
        }
    }
}
