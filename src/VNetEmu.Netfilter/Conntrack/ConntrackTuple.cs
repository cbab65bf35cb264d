using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>One direction of a connection (nf_conntrack_tuple): addresses, protocol and the protocol's two 16-bit
/// keys — ports for TCP/UDP/SCTP; for ICMP the echo identifier as <see cref="SourcePort"/> and type/code as
/// <see cref="DestinationPort"/> (type in the high byte), as the kernel keys ICMP.</summary>
public readonly record struct ConntrackTuple(Ipv4Address Source, Ipv4Address Destination, ushort SourcePort, ushort DestinationPort, byte Protocol)
{
    public byte IcmpType => (byte)(DestinationPort >> 8);
    public byte IcmpCode => (byte)DestinationPort;

    /// <summary>The tuple a reply would carry (nf_ct_invert_tuple). ICMP echo request ↔ reply swap types.</summary>
    public ConntrackTuple Invert()
    {
        if (Protocol == IpProtocol.Icmp)
        {
            byte type = IcmpType switch
            {
                8 => 0,
                0 => 8,
                13 => 14,
                14 => 13,
                15 => 16,
                16 => 15,
                17 => 18,
                18 => 17,
                _ => IcmpType,
            };
            return new ConntrackTuple(Destination, Source, SourcePort, (ushort)(type << 8 | IcmpCode), Protocol);
        }
        return new ConntrackTuple(Destination, Source, DestinationPort, SourcePort, Protocol);
    }

    /// <summary>Hand-written equality and hash: the conntrack table is looked up for every tracked packet.</summary>
    public bool Equals(ConntrackTuple other) => Source.Value == other.Source.Value && Destination.Value == other.Destination.Value
        && SourcePort == other.SourcePort && DestinationPort == other.DestinationPort && Protocol == other.Protocol;

    public override int GetHashCode()
    {
        ulong a = ((ulong)Source.Value << 32) | Destination.Value;
        ulong b = ((ulong)SourcePort << 24) | ((ulong)DestinationPort << 8) | Protocol;
        ulong h = (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL);
        return (int)(h ^ (h >> 32));
    }

    public override string ToString() => Protocol == IpProtocol.Icmp
        ? $"src={Source} dst={Destination} type={IcmpType} code={IcmpCode} id={SourcePort}"
        : Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp
            ? $"src={Source} dst={Destination} sport={SourcePort} dport={DestinationPort}"
            : $"src={Source} dst={Destination}";
}
