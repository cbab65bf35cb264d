using System.Globalization;

namespace VNetEmu.Docker.Firewall;

/// <summary>The classic rule layout of 20.10 … 27.x: per-bridge rules directly in filter FORWARD, DOCKER,
/// DOCKER-ISOLATION-STAGE-1/2 (with RETURN rules), DOCKER-USER re-arranged after every network.</summary>
/// <remarks>Read docker-semantics.md §1.1 first. Each method follows moby
/// <c>v20.10.24:vendor/github.com/docker/libnetwork/drivers/bridge/setup_ip_tables.go</c> (<c>setupIPChains</c>,
/// <c>setupIPTables</c>, <c>setupIPTablesInternal</c>, <c>setIcc</c>, <c>setINC</c>, <c>setupInternalNetworkRules</c>),
/// <c>iptables/iptables.go</c> (<c>ProgramChain</c>, <c>Forward</c>, <c>Link</c>) and <c>firewall_linux.go</c>
/// (<c>arrangeUserFilterRule</c>); 27.5.1 issues the same operations (<c>port_mapping_linux.go</c> programs the nat
/// rules before the filter rule, which changes no table).</remarks>
internal sealed class ClassicLayout(Iptables ipt, bool userlandProxy) : FirewallLayout(ipt, userlandProxy)
{
    public override void DaemonStart(bool ipForwardWasOff)
    {
        // bridge driver configure: setupIPForwarding, then removeIPChains and setupIPChains.
        SetForwardDrop(ipForwardWasOff);
        RemoveChains(Docker, Iso1, Iso2);
        Ipt.NewChain("nat", Docker);
        Ipt.NewChain("filter", Docker);
        Ipt.NewChain("filter", Iso1);
        Ipt.NewChain("filter", Iso2);
        Ipt.AddReturnRule(Iso1);
        Ipt.AddReturnRule(Iso2);
    }

    public override void AddNetwork(BridgeNetworkRules network)
    {
        string br = network.BridgeName;
        if (network.Internal)
        {
            InternalRules(network, insert: true);
        }
        else
        {
            NatAndOutgoingRules(network, insert: true);
            // ProgramChain(natChain): the jumps from PREROUTING and OUTPUT, appended once.
            Ipt.Append("nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", Docker);
            Ipt.Append("nat", "OUTPUT", NatOutputJump);
            // ProgramChain(filterChain)
            Ipt.Insert("filter", "FORWARD", "-o", br, "-j", Docker);
            Ipt.Insert("filter", "FORWARD", "-o", br, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        }
        Ipt.EnsureJumpRule("FORWARD", Iso1);
        if (!network.Internal)
        {
            // setupNetworkIsolationRules -> setINC: ProgramRule(Insert) into both stages.
            Ipt.Insert("filter", Iso1, "-i", br, "!", "-o", br, "-j", Iso2);
            Ipt.Insert("filter", Iso2, "-o", br, "-j", "DROP");
        }
        // Controller.NewNetwork -> arrangeUserFilterRule / SetupUserChains.
        Ipt.NewChain("filter", User);
        Ipt.AddReturnRule(User);
        Ipt.EnsureJumpRule("FORWARD", User);
    }

    public override void RemoveNetwork(BridgeNetworkRules network)
    {
        // The clean functions registered by setupIPTables and setupNetworkIsolationRules. The nat jumps, the
        // FORWARD jumps to DOCKER-ISOLATION-STAGE-1 and DOCKER-USER stay, as in dockerd.
        string br = network.BridgeName;
        if (network.Internal)
        {
            InternalRules(network, insert: false);
            return;
        }
        NatAndOutgoingRules(network, insert: false);
        Ipt.DeleteIfExists("filter", "FORWARD", "-o", br, "-j", Docker);
        Ipt.DeleteIfExists("filter", "FORWARD", "-o", br, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        Ipt.DeleteIfExists("filter", Iso1, "-i", br, "!", "-o", br, "-j", Iso2);
        Ipt.DeleteIfExists("filter", Iso2, "-o", br, "-j", "DROP");
    }

    /// <summary><c>ChainInfo.Forward</c>: DNAT, the filter ACCEPT, the hairpin MASQUERADE (also with the proxy on) and
    /// for SCTP the mangle CHECKSUM, each through <c>ProgramRule</c> (so two bindings of one container port share
    /// the filter and MASQUERADE rules, and removing either removes them: what the d-ports golden shows).</summary>
    protected override void ModifyPort(BridgeNetworkRules network, PublishedPortRule port, bool enable)
    {
        string br = network.BridgeName;
        string cip = port.ContainerIp.ToString();
        string cport = port.ContainerPort.ToString(CultureInfo.InvariantCulture);
        Program(enable, "nat", Docker, DnatArgs(network, port));
        Program(enable, "filter", Docker, "!", "-i", br, "-o", br, "-p", port.Protocol, "-d", cip, "--dport", cport, "-j", "ACCEPT");
        Program(enable, "nat", "POSTROUTING", "-p", port.Protocol, "-s", cip, "-d", cip, "--dport", cport, "-j", "MASQUERADE");
        if (port.Protocol == "sctp")
        {
            Program(enable, "mangle", "POSTROUTING", "-p", port.Protocol, "--sport", cport, "-j", "CHECKSUM", "--checksum-fill");
        }
    }

    /// <summary>classic <c>ProgramRule(Append|Delete)</c>.</summary>
    private void Program(bool enable, string table, string chain, params string[] args)
    {
        if (enable)
        {
            Ipt.Append(table, chain, args);
        }
        else
        {
            Ipt.DeleteIfExists(table, chain, args);
        }
    }

    /// <summary><c>linkContainers("-I"|"-D")</c> → <c>ChainInfo.Link</c>: ProgramRule(Insert) in filter DOCKER.</summary>
    public override void ModifyLink(BridgeNetworkRules network, LinkRule link, bool enable)
    {
        foreach (string[] args in LinkArgs(network, link))
        {
            if (enable)
            {
                Ipt.Insert("filter", Docker, args);
            }
            else
            {
                Ipt.DeleteIfExists("filter", Docker, args);
            }
        }
    }

    /// <summary><c>setupIPTablesInternal</c>: MASQUERADE (or SNAT), the nat RETURN (proxy on) or the
    /// src-type LOCAL MASQUERADE (proxy off), ICC, and the outgoing ACCEPT.</summary>
    private void NatAndOutgoingRules(BridgeNetworkRules network, bool insert)
    {
        string br = network.BridgeName;
        if (network.EnableIpMasquerade)
        {
            ProgramChainRule(insert, "nat", "POSTROUTING", MasqueradeArgs(network));
        }
        if (network.EnableIpMasquerade && UserlandProxy)
        {
            ProgramChainRule(insert, "nat", Docker, "-i", br, "-j", "RETURN");
        }
        if (!UserlandProxy)
        {
            ProgramChainRule(insert, "nat", "POSTROUTING", LocalMasqueradeArgs(network));
        }
        SetIcc(network, insert);
        ProgramChainRule(insert, "filter", "FORWARD", "-i", br, "!", "-o", br, "-j", "ACCEPT");
    }

    /// <summary><c>setupInternalNetworkRules</c>: the two DROPs into STAGE-1 (inserted: the <c>-o</c> one ends on
    /// top), then ICC.</summary>
    private void InternalRules(BridgeNetworkRules network, bool insert)
    {
        string br = network.BridgeName;
        ProgramChainRule(insert, "filter", Iso1, "-i", br, "!", "-d", network.SubnetText, "-j", "DROP");
        ProgramChainRule(insert, "filter", Iso1, "-o", br, "!", "-s", network.SubnetText, "-j", "DROP");
        SetIcc(network, insert);
    }

    /// <summary><c>setIcc</c>: icc=true inserts the ACCEPT at the top of FORWARD; icc=false appends the DROP at the
    /// end; the opposite rule is deleted first.</summary>
    private void SetIcc(BridgeNetworkRules network, bool insert)
    {
        string br = network.BridgeName;
        string[] accept = ["-i", br, "-o", br, "-j", "ACCEPT"];
        string[] drop = ["-i", br, "-o", br, "-j", "DROP"];
        if (!insert)
        {
            Ipt.DeleteIfExists("filter", "FORWARD", network.EnableIcc ? accept : drop);
        }
        else if (network.EnableIcc)
        {
            Ipt.DeleteIfExists("filter", "FORWARD", drop);
            Ipt.Insert("filter", "FORWARD", accept);
        }
        else
        {
            Ipt.DeleteIfExists("filter", "FORWARD", accept);
            Ipt.Append("filter", "FORWARD", drop);
        }
    }

    /// <summary><c>programChainRule</c>: insert at the top unless present, or delete if present.</summary>
    private void ProgramChainRule(bool insert, string table, string chain, params string[] args)
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
