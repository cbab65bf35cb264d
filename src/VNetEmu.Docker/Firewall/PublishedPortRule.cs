using VNetEmu.Wire;

namespace VNetEmu.Docker.Firewall;

/// <summary>One port binding after allocation (<c>-p [HOSTIP:]HOSTPORT:CONTAINERPORT[/PROTO]</c>): protocol
/// <c>tcp</c>, <c>udp</c> or <c>sctp</c>; host IP <c>0.0.0.0</c> means every address.</summary>
public sealed record PublishedPortRule(
    string Protocol,
    Ipv4Address HostIp,
    ushort HostPort,
    Ipv4Address ContainerIp,
    ushort ContainerPort)
{
    /// <summary>The <c>-d</c> argument of the DNAT rule: <c>0/0</c> for every address (iptables would read
    /// <c>0.0.0.0</c> as <c>0.0.0.0/32</c>), else the host IP.</summary>
    internal string HostIpArgument => HostIp.IsAny ? "0/0" : HostIp.ToString();
}
