using VNetEmu.Wire;

namespace VNetEmu.Docker.Firewall;

/// <summary>What the bridge driver's firewall code needs to know about one bridge network: its bridge device, its
/// IPv4 subnet (printed masked, as dockerd does), <c>--internal</c>, <c>com.docker.network.bridge.enable_icc</c>,
/// <c>com.docker.network.bridge.enable_ip_masquerade</c>, and <c>com.docker.network.host_ipv4</c> (SNAT to that
/// address instead of MASQUERADE).</summary>
public sealed record BridgeNetworkRules(
    string BridgeName,
    Ipv4Prefix Subnet,
    bool Internal,
    bool EnableIcc,
    bool EnableIpMasquerade,
    Ipv4Address? HostIpv4)
{
    /// <summary>The subnet as dockerd writes it in rules: network address and length, e.g. <c>172.17.0.0/16</c>.</summary>
    internal string SubnetText => $"{Subnet.Network}/{Subnet.Length}";
}
