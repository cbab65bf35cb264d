using System.Buffers.Binary;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>Rewrites addresses and ports in place with incremental checksums (RFC 1624): the IP header, the
/// TCP/UDP checksum (pseudo-header and port), the ICMP echo identifier, and for ICMP errors the quoted packet,
/// mapped the same way on its opposite field (nf_nat_icmp_reply_translation).</summary>
public static class NatManip
{
    /// <summary>Where an address/port goes for a packet in direction <paramref name="reply"/> when the
    /// <paramref name="source"/> (else destination) field is rewritten; false when this NAT does not apply.</summary>
    public static bool TryGetTarget(ConntrackEntry e, bool reply, bool source, out Ipv4Address address, out ushort port)
    {
        bool applies = source ? (reply ? e.Has(ConntrackStatus.DstNat) : e.Has(ConntrackStatus.SrcNat))
            : (reply ? e.Has(ConntrackStatus.SrcNat) : e.Has(ConntrackStatus.DstNat));
        if (!applies)
        {
            address = default;
            port = 0;
            return false;
        }
        (address, port) = (reply, source) switch
        {
            (false, true) => (e.Reply.Destination, e.Reply.DestinationPort),
            (false, false) => (e.Reply.Source, e.Reply.SourcePort),
            (true, false) => (e.Original.Source, e.Original.SourcePort),
            (true, true) => (e.Original.Destination, e.Original.DestinationPort),
        };
        if (e.Original.Protocol == IpProtocol.Icmp)
        {
            port = reply ? e.Original.SourcePort : e.Reply.SourcePort; // the echo identifier
        }
        return true;
    }

    /// <summary>Applies one manipulation to the packet at <paramref name="packet"/> (its IPv4 header first).</summary>
    public static void Apply(Span<byte> packet, ConntrackEntry e, bool reply, bool source, bool related)
    {
        if (!TryGetTarget(e, reply, source, out Ipv4Address address, out ushort port))
        {
            return;
        }
        var ip = Ipv4Packet.CreateUnchecked(packet);
        if (related && ip.Protocol == IpProtocol.Icmp && ip.FragmentOffset == 0)
        {
            Span<byte> icmp = ip.Payload;
            if (icmp.Length >= IcmpPacket.HeaderLength + Ipv4Packet.MinHeaderLength)
            {
                Span<byte> inner = icmp[IcmpPacket.HeaderLength..];
                int ihl = (inner[0] & 0x0F) * 4;
                if (ihl >= Ipv4Packet.MinHeaderLength && ihl <= inner.Length)
                {
                    Rewrite(inner, !source, address, port, quoted: true);
                    var innerIp = Ipv4Packet.CreateUnchecked(inner);
                    innerIp.Checksum = 0;
                    innerIp.Checksum = InternetChecksum.Compute(inner[..ihl]);
                }
                IcmpPacket.CreateUnchecked(icmp).FillChecksum();
            }
            RewriteAddress(ip, source, address);
            return;
        }
        Rewrite(packet, source, address, port, quoted: false);
    }

    private static void RewriteAddress(Ipv4Packet ip, bool source, Ipv4Address address)
    {
        if (source)
        {
            ip.SetSourcePatched(address);
        }
        else
        {
            ip.SetDestinationPatched(address);
        }
    }

    /// <summary>Rewrites one side (address, then port/id) of an IPv4 packet; <paramref name="quoted"/> packets may be
    /// cut short, so every L4 field is written only when present.</summary>
    private static void Rewrite(Span<byte> packet, bool source, Ipv4Address address, ushort port, bool quoted)
    {
        var ip = Ipv4Packet.CreateUnchecked(packet);
        Ipv4Address old = source ? ip.Source : ip.Destination;
        int ihl = ip.HeaderLength;
        int end = quoted ? packet.Length : Math.Min(packet.Length, ip.TotalLength);
        Span<byte> l4 = packet[ihl..end];
        byte protocol = ip.Protocol;
        bool first = ip.FragmentOffset == 0;
        if (quoted)
        {
            if (source)
            {
                ip.Source = address;
            }
            else
            {
                ip.Destination = address;
            }
        }
        else
        {
            RewriteAddress(ip, source, address);
        }
        if (!first)
        {
            return;
        }
        switch (protocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp:
                {
                    int checksumOffset = protocol == IpProtocol.Tcp ? 16 : 6;
                    int portOffset = source ? 0 : 2;
                    bool hasChecksum = l4.Length >= checksumOffset + 2 && (protocol == IpProtocol.Tcp || BinaryPrimitives.ReadUInt16BigEndian(l4[6..]) != 0);
                    ushort checksum = hasChecksum ? BinaryPrimitives.ReadUInt16BigEndian(l4[checksumOffset..]) : (ushort)0;
                    if (hasChecksum)
                    {
                        checksum = InternetChecksum.Update(checksum, old.Value, address.Value);
                    }
                    if (l4.Length >= portOffset + 2)
                    {
                        ushort oldPort = BinaryPrimitives.ReadUInt16BigEndian(l4[portOffset..]);
                        BinaryPrimitives.WriteUInt16BigEndian(l4[portOffset..], port);
                        if (hasChecksum)
                        {
                            checksum = InternetChecksum.Update(checksum, oldPort, port);
                        }
                    }
                    if (hasChecksum)
                    {
                        if (protocol == IpProtocol.Udp && checksum == 0)
                        {
                            checksum = 0xFFFF;
                        }
                        BinaryPrimitives.WriteUInt16BigEndian(l4[checksumOffset..], checksum);
                    }
                    return;
                }
            case IpProtocol.Icmp when l4.Length >= 8 && l4[0] is 0 or 8 or 13 or 14 or 15 or 16 or 17 or 18:
                {
                    ushort oldId = BinaryPrimitives.ReadUInt16BigEndian(l4[4..]);
                    if (oldId != port)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(l4[4..], port);
                        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                        BinaryPrimitives.WriteUInt16BigEndian(l4[2..], InternetChecksum.Update(checksum, oldId, port));
                    }
                    return;
                }
        }
    }
}
