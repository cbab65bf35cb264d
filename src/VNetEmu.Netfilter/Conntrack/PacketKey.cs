using System.Buffers.Binary;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>Reads the conntrack tuple of an IPv4 packet (nf_ct_get_tuple), and for ICMP errors the tuple of the
/// quoted packet. The runtime reassembles fragments before conntrack (as nf_defrag_ipv4 does), so a fragment
/// reaches here only when it could not be reassembled; it is keyed by its addresses, with no ports.</summary>
public static class PacketKey
{
    public static bool IsIcmpError(byte type) => type is 3 or 4 or 5 or 11 or 12;

    /// <summary>The tuple of <paramref name="ip"/>; false when the L4 header is cut short.</summary>
    public static bool TryRead(Ipv4Packet ip, out ConntrackTuple tuple)
    {
        byte protocol = ip.Protocol;
        Span<byte> l4 = ip.Payload;
        if (ip.FragmentOffset != 0)
        {
            tuple = new ConntrackTuple(ip.Source, ip.Destination, 0, 0, protocol);
            return true;
        }
        return TryRead(ip.Source, ip.Destination, protocol, l4, out tuple);
    }

    public static bool TryRead(Ipv4Address source, Ipv4Address destination, byte protocol, ReadOnlySpan<byte> l4, out ConntrackTuple tuple)
    {
        switch (protocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or 136:
                if (l4.Length < 4)
                {
                    tuple = default;
                    return false;
                }
                tuple = new ConntrackTuple(source, destination, BinaryPrimitives.ReadUInt16BigEndian(l4), BinaryPrimitives.ReadUInt16BigEndian(l4[2..]), protocol);
                return true;
            case IpProtocol.Icmp:
                if (l4.Length < 8)
                {
                    tuple = default;
                    return false;
                }
                byte type = l4[0];
                bool echoLike = type is 0 or 8 or 13 or 14 or 15 or 16 or 17 or 18;
                ushort id = echoLike ? BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) : (ushort)0;
                tuple = new ConntrackTuple(source, destination, id, (ushort)(type << 8 | l4[1]), protocol);
                return true;
            default:
                tuple = new ConntrackTuple(source, destination, 0, 0, protocol);
                return true;
        }
    }

    /// <summary>The tuple of the packet quoted by an ICMP error whose ICMP message is <paramref name="icmp"/>.</summary>
    public static bool TryReadQuoted(ReadOnlySpan<byte> icmp, out ConntrackTuple tuple)
    {
        tuple = default;
        if (icmp.Length < IcmpPacket.HeaderLength + Ipv4Packet.MinHeaderLength)
        {
            return false;
        }
        ReadOnlySpan<byte> inner = icmp[IcmpPacket.HeaderLength..];
        int ihl = (inner[0] & 0x0F) * 4;
        if ((inner[0] >> 4) != 4 || ihl < Ipv4Packet.MinHeaderLength || inner.Length < ihl)
        {
            return false;
        }
        var src = Ipv4Address.Read(inner[12..]);
        var dst = Ipv4Address.Read(inner[16..]);
        return TryRead(src, dst, inner[9], inner[ihl..], out tuple);
    }
}
