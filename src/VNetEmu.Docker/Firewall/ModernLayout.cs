namespace VNetEmu.Docker.Firewall;

/// <summary>The 28.3–28.5 and 29.x layout: FORWARD jumps to DOCKER-USER and DOCKER-FORWARD only; per-bridge rules
/// in DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE and a per-network default DROP in DOCKER; raw PREROUTING drops per
/// endpoint. 28 keeps DOCKER-ISOLATION-STAGE-1/2 (without RETURN rules) and the nat RETURN rules; 29 has
/// DOCKER-INTERNAL instead and no nat RETURN.</summary>
/// <remarks>Read docker-semantics.md §1.3 and §1.4 first. Follows moby
/// <c>v28.5.2:libnetwork/drivers/bridge/internal/iptabler/{iptabler,network,endpoint,port,link}.go</c> and
/// <c>docker-v29.0.0:daemon/libnetwork/drivers/bridge/internal/iptabler/*.go</c>; the controller's
/// <c>setupUserChains</c> (28.3+: no RETURN rule) runs once at start, after the driver's chains.
/// Not emulated: gateway modes other than nat, trusted host interfaces, allow-direct-routing, WSL2 mirroring,
/// <c>DOCKER_IPTABLES_SCTP_CHECKSUM=1</c> (28) and <c>acceptFwMark</c> (29), and the removal of rules left by
/// 28.0.x/28.1.x daemons (the ipset rules in FORWARD, per-port raw drops), which a fresh host never has.</remarks>
internal sealed class ModernLayout(Iptables ipt, bool userlandProxy, bool v29) : FirewallLayout(ipt, userlandProxy)
{
    private const string Forward = "DOCKER-FORWARD";
    private const string Bridge = "DOCKER-BRIDGE";
    private const string Ct = "DOCKER-CT";
    private const string Internal = "DOCKER-INTERNAL";

    /// <summary>Where an internal network's DROP pair goes.</summary>
    private string InternalChain => v29 ? Internal : Iso1;

    public override void DaemonStart(bool ipForwardWasOff)
    {
        SetForwardDrop(ipForwardWasOff);
        if (v29)
        {
            RemoveChains(Forward, Bridge, Docker, Ct, Internal, Iso1, Iso2);
        }
        else
        {
            RemoveChains(Docker, Forward, Bridge, Ct, Iso1, Iso2);
        }
        // setupIPChains
        Ipt.NewChain("nat", Docker);
        Ipt.NewChain("filter", Docker);
        Ipt.NewChain("filter", Forward);
        Ipt.NewChain("filter", Bridge);
        Ipt.NewChain("filter", Ct);
        if (v29)
        {
            Ipt.NewChain("filter", Internal);
        }
        else
        {
            Ipt.NewChain("filter", Iso1);
            Ipt.NewChain("filter", Iso2);
        }
        // addNATJumpRules
        Ipt.Append("nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", Docker);
        Ipt.Append("nat", "OUTPUT", NatOutputJump);
        // Re-inserted at the top in reverse order: DOCKER-FORWARD = CT, ISOLATION-1 (INTERNAL), BRIDGE.
        Ipt.EnsureJumpRule("FORWARD", Forward);
        Ipt.EnsureJumpRule(Forward, Bridge);
        Ipt.EnsureJumpRule(Forward, InternalChain);
        Ipt.EnsureJumpRule(Forward, Ct);
        // deleteLegacyTopLevelRules: the 28.0.0 FORWARD jump to STAGE-1.
        if (Ipt.ChainExists("filter", Iso1))
        {
            Ipt.DeleteIfExists("filter", "FORWARD", "-j", Iso1);
        }
        // Controller: setupUserChains.
        Ipt.NewChain("filter", User);
        Ipt.EnsureJumpRule("FORWARD", User);
    }

    public override void AddNetwork(BridgeNetworkRules network) => SetupNetwork(network, enable: true);

    /// <summary>The network's clean functions: every rule <see cref="AddNetwork"/> made is deleted.</summary>
    public override void RemoveNetwork(BridgeNetworkRules network) => SetupNetwork(network, enable: false);

    /// <summary><c>filterDirectAccess</c> (28.2+): drop anything addressed to the container that did not arrive on
    /// its bridge.</summary>
    public override void ModifyEndpoint(BridgeNetworkRules network, Wire.Ipv4Address containerIp, bool enable)
    {
        if (!network.Internal)
        {
            AppendOrDelete(enable, "raw", "PREROUTING", "-d", containerIp.ToString(), "!", "-i", network.BridgeName, "-j", "DROP");
        }
    }

    /// <summary><c>setPerPortIptables</c>: loopback filtering (raw), DNAT, hairpin MASQUERADE (proxy off only), and
    /// the filter ACCEPT inserted at the top of DOCKER.</summary>
    protected override void ModifyPort(BridgeNetworkRules network, PublishedPortRule port, bool enable)
    {
        string br = network.BridgeName;
        string cip = port.ContainerIp.ToString();
        string cport = Text(port.ContainerPort);
        // HostPort 0 means no NAT for this binding (setPerPortNAT, filterPortMappedOnLoopback).
        bool nat = port.HostPort != 0;
        if (nat && port.HostIp.IsLoopback)
        {
            AppendOrDelete(enable, "raw", "PREROUTING",
                "-p", port.Protocol, "-d", port.HostIp.ToString(), "--dport", Text(port.HostPort), "!", "-i", "lo", "-j", "DROP");
        }
        if (nat)
        {
            AppendOrDelete(enable, "nat", Docker, DnatArgs(network, port));
            AppendOrDelete(enable && !UserlandProxy, "nat", "POSTROUTING",
            "-p", port.Protocol, "-s", cip, "-d", cip, "--dport", cport, "-j", "MASQUERADE");
        }
        InsertOrDelete(enable, "filter", Docker, "!", "-i", br, "-o", br, "-p", port.Protocol, "-d", cip, "--dport", cport, "-j", "ACCEPT");
    }

    /// <summary><c>AddLink</c>/<c>DelLink</c>: <c>ChainInfo.Link(Append|Delete)</c> in filter DOCKER.</summary>
    public override void ModifyLink(BridgeNetworkRules network, LinkRule link, bool enable)
    {
        foreach (string[] args in LinkArgs(network, link))
        {
            AppendOrDelete(enable, "filter", Docker, args);
        }
    }

    private void SetupNetwork(BridgeNetworkRules network, bool enable)
    {
        string br = network.BridgeName;
        if (network.Internal)
        {
            // setupInternalNetworkRules: both DROPs inserted (the -o one ends on top), then setIcc(internal).
            InsertOrDelete(enable, "filter", InternalChain, "-i", br, "!", "-d", network.SubnetText, "-j", "DROP");
            InsertOrDelete(enable, "filter", InternalChain, "-o", br, "!", "-s", network.SubnetText, "-j", "DROP");
            SetIcc(network, internalNetwork: true, enable);
            return;
        }
        // setupNonInternalNetworkRules
        if (network.EnableIpMasquerade)
        {
            InsertOrDelete(enable, "nat", "POSTROUTING", MasqueradeArgs(network));
            if (UserlandProxy && !v29)
            {
                InsertOrDelete(enable, "nat", Docker, "-i", br, "-j", "RETURN");
            }
        }
        InsertOrDelete(enable && !UserlandProxy, "nat", "POSTROUTING", LocalMasqueradeArgs(network));
        SetIcc(network, internalNetwork: false, enable);
        if (network.EnableIcc)
        {
            AppendOrDelete(enable, "filter", Forward, "-i", br, "-j", "ACCEPT");
        }
        else
        {
            AppendOrDelete(enable, "filter", Forward, "-i", br, "!", "-o", br, "-j", "ACCEPT");
        }
        // setDefaultForwardRule, the DOCKER-CT and DOCKER-BRIDGE rules.
        AppendOrDelete(enable, "filter", Docker, "!", "-i", br, "-o", br, "-j", "DROP");
        AppendOrDelete(enable, "filter", Ct, "-o", br, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        AppendOrDelete(enable, "filter", Bridge, "-o", br, "-j", Docker);
        if (!v29)
        {
            // setINC: STAGE-1 appended, STAGE-2 inserted.
            AppendOrDelete(enable, "filter", Iso1, "-i", br, "!", "-o", br, "-j", Iso2);
            InsertOrDelete(enable, "filter", Iso2, "-o", br, "-j", "DROP");
        }
    }

    /// <summary><c>setIcc</c> (28+): the ACCEPT is needed only on an internal network (elsewhere the outgoing
    /// <c>-i br -j ACCEPT</c> covers ICC); icc=false appends the DROP.</summary>
    private void SetIcc(BridgeNetworkRules network, bool internalNetwork, bool enable)
    {
        string br = network.BridgeName;
        AppendOrDelete(enable && network.EnableIcc && internalNetwork, "filter", Forward, "-i", br, "-o", br, "-j", "ACCEPT");
        AppendOrDelete(enable && !network.EnableIcc, "filter", Forward, "-i", br, "-o", br, "-j", "DROP");
    }

    /// <summary><c>Rule.Append</c> when enabling, <c>Rule.Delete</c> otherwise (<c>appendOrDelChainRule</c>).</summary>
    private void AppendOrDelete(bool append, string table, string chain, params string[] args)
    {
        if (append)
        {
            Ipt.Append(table, chain, args);
        }
        else
        {
            Ipt.DeleteIfExists(table, chain, args);
        }
    }

    /// <summary><c>Rule.Insert</c> when enabling, <c>Rule.Delete</c> otherwise (<c>programChainRule</c>).</summary>
    private void InsertOrDelete(bool insert, string table, string chain, params string[] args)
    {
        if (insert)
        {
            Ipt.Insert(table, chain, args);
        }
        else
        {
            Ipt.DeleteIfExists(table, chain, args);
        }
    }
}
