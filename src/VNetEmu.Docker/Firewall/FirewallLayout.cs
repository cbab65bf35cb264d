using System.Globalization;

namespace VNetEmu.Docker.Firewall;

/// <summary>One era of dockerd's host rule layout (<see cref="ClassicLayout"/>, <see cref="ModernLayout"/>): what
/// runs at daemon start and per network, endpoint, port and link. Shared here: chain names and the rule shapes
/// every era writes the same way.</summary>
internal abstract class FirewallLayout(Iptables ipt, bool userlandProxy)
{
    protected const string Docker = "DOCKER";
    protected const string Iso1 = "DOCKER-ISOLATION-STAGE-1";
    protected const string Iso2 = "DOCKER-ISOLATION-STAGE-2";
    protected const string User = "DOCKER-USER";
    private const string OldIsolation = "DOCKER-ISOLATION";

    protected Iptables Ipt { get; } = ipt;

    protected bool UserlandProxy { get; } = userlandProxy;

    public abstract void DaemonStart(bool ipForwardWasOff);

    public abstract void AddNetwork(BridgeNetworkRules network);

    public abstract void RemoveNetwork(BridgeNetworkRules network);

    public virtual void ModifyEndpoint(BridgeNetworkRules network, Wire.Ipv4Address containerIp, bool enable)
    {
    }

    public void ModifyPortIfExternal(BridgeNetworkRules network, PublishedPortRule port, bool enable)
    {
        // No port mapping rules for an internal network (iptabler setPerPortIptables; the classic bridge driver
        // has no port mapper chain for one).
        if (!network.Internal)
        {
            ModifyPort(network, port, enable);
        }
    }

    protected abstract void ModifyPort(BridgeNetworkRules network, PublishedPortRule port, bool enable);

    public abstract void ModifyLink(BridgeNetworkRules network, LinkRule link, bool enable);

    /// <summary><c>setupIPForwarding</c>: the FORWARD policy becomes DROP only when dockerd itself switched
    /// ip_forward on.</summary>
    protected void SetForwardDrop(bool ipForwardWasOff)
    {
        if (ipForwardWasOff)
        {
            Ipt.Raw("-t", "filter", "-P", "FORWARD", "DROP");
        }
    }

    /// <summary><c>removeIPChains</c>: the legacy FORWARD jump, then nat DOCKER and the given filter chains
    /// (<c>ChainInfo.Remove</c>), so a restart starts from clean chains.</summary>
    protected void RemoveChains(params string[] filterChains)
    {
        if (Ipt.ChainExists("filter", OldIsolation))
        {
            Ipt.DeleteIfExists("filter", "FORWARD", "-j", OldIsolation);
        }
        Ipt.RemoveChain("nat", Docker);
        foreach (string chain in filterChains)
        {
            Ipt.RemoveChain("filter", chain);
        }
        Ipt.RemoveChain("filter", OldIsolation);
    }

    /// <summary>The nat OUTPUT jump; loopback destinations are left to docker-proxy while it runs.</summary>
    protected string[] NatOutputJump => UserlandProxy
        ? ["-m", "addrtype", "--dst-type", "LOCAL", "-j", Docker, "!", "--dst", "127.0.0.0/8"]
        : ["-m", "addrtype", "--dst-type", "LOCAL", "-j", Docker];

    protected static string[] MasqueradeArgs(BridgeNetworkRules network) => network.HostIpv4 is { } host
        ? ["-s", network.SubnetText, "!", "-o", network.BridgeName, "-j", "SNAT", "--to-source", host.ToString()]
        : ["-s", network.SubnetText, "!", "-o", network.BridgeName, "-j", "MASQUERADE"];

    /// <summary>The proxy-off masquerade of host-originated traffic into the bridge (hpNatArgs).</summary>
    protected static string[] LocalMasqueradeArgs(BridgeNetworkRules network) => network.HostIpv4 is { } host
        ? ["-m", "addrtype", "--src-type", "LOCAL", "-o", network.BridgeName, "-j", "SNAT", "--to-source", host.ToString()]
        : ["-m", "addrtype", "--src-type", "LOCAL", "-o", network.BridgeName, "-j", "MASQUERADE"];

    protected string[] DnatArgs(BridgeNetworkRules network, PublishedPortRule port)
    {
        string[] args =
        [
            "-p", port.Protocol, "-d", port.HostIpArgument, "--dport", Text(port.HostPort),
            "-j", "DNAT", "--to-destination", $"{port.ContainerIp}:{Text(port.ContainerPort)}",
        ];
        return UserlandProxy ? [.. args, "!", "-i", network.BridgeName] : args;
    }

    /// <summary><c>ChainInfo.Link</c>: the forward rule, then the reverse one (addresses swapped, --sport).</summary>
    protected static string[][] LinkArgs(BridgeNetworkRules network, LinkRule link)
    {
        string br = network.BridgeName;
        string port = Text(link.Port);
        return
        [
            ["-i", br, "-o", br, "-p", link.Protocol, "-s", link.ParentIp.ToString(), "-d", link.ChildIp.ToString(), "--dport", port, "-j", "ACCEPT"],
            ["-i", br, "-o", br, "-p", link.Protocol, "-s", link.ChildIp.ToString(), "-d", link.ParentIp.ToString(), "--sport", port, "-j", "ACCEPT"],
        ];
    }

    protected static string Text(ushort value) => value.ToString(CultureInfo.InvariantCulture);
}
