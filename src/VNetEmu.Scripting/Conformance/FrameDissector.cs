using System.Buffers.Binary;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Fills <see cref="PacketFields"/> the way tshark 4.0 (Wireshark's eth, arp, ip, icmp, udp and tcp
/// dissectors, <c>ip.defragment:FALSE</c>) fills the normalizer's fields, also for truncated or malformed frames.</summary>
/// <remarks>
/// Read before changing: tshark adds fields in header order and abandons a frame at the first read past the captured
/// bytes (an exception), so a field is present exactly when every read before it succeeded. Each method here returns
/// false where tshark's dissector would throw, and every caller stops then. Lengths follow tshark's "tvbuff": the
/// captured bytes plus a reported length (the frame's original length, cut to the IP total length when that is
/// smaller); TCP's segment length comes from the reported length. Pinned against tshark 4.0.17 by
/// tests/VNetEmu.Scenarios.Tests/Conformance (the cross-check runs the Python tool where tshark is installed).
/// </remarks>
internal sealed partial class FrameDissector(PacketFields fields, TcpConversations tcp)
{
    /// <summary>What tshark reads: the captured bytes, and the length the data had (never less than captured).</summary>
    private readonly ref struct Tvb(ReadOnlySpan<byte> data, int reported)
    {
        public ReadOnlySpan<byte> Data { get; } = data;
        public int Reported { get; } = reported;
        public bool Has(int offset, int length) => offset + length <= Data.Length;
        public byte U8(int offset) => Data[offset];
        public ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Data[offset..]);
        public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Data[offset..]);

        /// <summary>tvb_new_subset_remaining; the caller checked <c>offset &lt;= Data.Length</c>.</summary>
        public Tvb From(int offset) => new(Data[offset..], Reported - offset);

        /// <summary>set_actual_length: shortens, never lengthens.</summary>
        public Tvb Limit(int length) => length < Reported ? new(Data[..Math.Min(Data.Length, length)], length) : this;
    }

    /// <summary>An Ethernet frame (link type 1).</summary>
    public void DissectEthernet(ReadOnlySpan<byte> frame, int originalLength)
    {
        var tvb = new Tvb(frame, Math.Max(originalLength, frame.Length));
        if (!tvb.Has(0, EthernetFrame.HeaderLength))
        {
            return;
        }
        fields.EthDestination = MacAddress.Read(tvb.Data);
        fields.EthSource = MacAddress.Read(tvb.Data[6..]);
        ushort type = tvb.U16(12);
        if (type != 0 && type < 0x0600)
        {
            return; // an 802.3 length, not an EtherType: no eth.type
        }
        fields.EthType = type;
        DissectEtherType(type, tvb.From(EthernetFrame.HeaderLength));
    }

    /// <summary>A raw IPv4 packet (link types 101, 228 and the like): only its effect on TCP state matters, the
    /// normalizer prints such frames as non-Ethernet.</summary>
    public void DissectRawIp(ReadOnlySpan<byte> packet, int originalLength) =>
        DissectIp(new Tvb(packet, Math.Max(originalLength, packet.Length)), inError: false);

    private void DissectEtherType(ushort type, Tvb tvb)
    {
        switch (type)
        {
            case EtherType.Ipv4:
                DissectIp(tvb, inError: false);
                break;
            case EtherType.Arp:
                DissectArp(tvb);
                break;
            case EtherType.Vlan or 0x88A8 or 0x9100:
                if (tvb.Has(0, 4) && tvb.U16(2) >= 0x0600)
                {
                    DissectEtherType(tvb.U16(2), tvb.From(4));
                }
                break;
        }
    }

    /// <summary>packet-ip.c dissect_ip / dissect_ip_v4. Returns false where tshark would throw.</summary>
    private bool DissectIp(Tvb tvb, bool inError)
    {
        if (!tvb.Has(0, 1))
        {
            return false;
        }
        int version = tvb.U8(0) >> 4, headerLength = (tvb.U8(0) & 0x0F) * 4;
        if (version != 4 || headerLength < Ipv4Packet.MinHeaderLength)
        {
            return true; // IPv6 inside (not followed) or bogus: ip.version / ip.hdr_len only
        }
        if (!tvb.Has(1, 1))
        {
            return false;
        }
        fields.IpDsField.Add(tvb.U8(1));
        if (!tvb.Has(2, 2))
        {
            return false;
        }
        int totalLength = tvb.U16(2);
        if (totalLength < headerLength)
        {
            if (totalLength != 0)
            {
                return true; // bogus length: ip.len, then nothing more
            }
            // zero: assumed TCP segmentation offload, the datagram runs to the end of the frame
        }
        else
        {
            tvb = tvb.Limit(totalLength);
        }
        if (!tvb.Has(4, 4))
        {
            return false;
        }
        ushort flagsAndOffset = tvb.U16(6);
        fields.IpDontFragment.Add((flagsAndOffset & Ipv4Packet.FlagDontFragment) != 0);
        fields.IpMoreFragments.Add((flagsAndOffset & Ipv4Packet.FlagMoreFragments) != 0);
        int fragmentOffset = flagsAndOffset & 0x1FFF;
        fields.IpFragmentOffset.Add(fragmentOffset);
        if (!tvb.Has(8, 1))
        {
            return false;
        }
        fields.IpTtl.Add(tvb.U8(8));
        if (!tvb.Has(9, 1))
        {
            return false;
        }
        byte protocol = tvb.U8(9);
        fields.IpProtocol.Add(protocol);
        if (!tvb.Has(10, 6))
        {
            return false;
        }
        var source = Ipv4Address.Read(tvb.Data[12..]);
        fields.IpSource.Add(source);
        int destinationOffset = 16;
        if (headerLength > Ipv4Packet.MinHeaderLength)
        {
            int routeOffset = SourceRouteDestination(tvb, headerLength);
            if (routeOffset == Aborted)
            {
                return false;
            }
            destinationOffset += routeOffset;
        }
        if (!tvb.Has(destinationOffset, 4))
        {
            return false;
        }
        var destination = Ipv4Address.Read(tvb.Data[destinationOffset..]);
        if (destinationOffset == 16)
        {
            fields.IpDestination.Add(destination);
        }
        // The "Options" subtree spans all of them: an options area past the captured bytes throws at once.
        if (headerLength > Ipv4Packet.MinHeaderLength && (!tvb.Has(0, headerLength) || !DissectOptions(tvb, headerLength)))
        {
            return false;
        }
        if (fragmentOffset != 0)
        {
            return true; // a later fragment is shown as data
        }
        if (!tvb.Has(headerLength, 0))
        {
            return false;
        }
        Tvb payload = tvb.From(headerLength);
        if (payload.Reported == 0)
        {
            return true;
        }
        bool fragmented = (flagsAndOffset & Ipv4Packet.FlagMoreFragments) != 0;
        return protocol switch
        {
            IpProtocol.Icmp => DissectIcmp(payload),
            IpProtocol.Tcp => DissectTcp(payload, source, destination, inError, fragmented),
            IpProtocol.Udp => DissectUdp(payload),
            4 => DissectIp(payload, inError),
            _ => true,
        };
    }

    /// <summary>packet-icmp.c dissect_icmp: type, code and the RFC 4884 length byte are read before anything is
    /// added, so fewer than 6 bytes show no ICMP field at all.</summary>
    private bool DissectIcmp(Tvb tvb)
    {
        if (!tvb.Has(0, 6))
        {
            return false;
        }
        byte type = tvb.U8(0), code = tvb.U8(1);
        int originalLength = tvb.U8(5);
        fields.IcmpType.Add(type);
        fields.IcmpCode.Add(code);
        switch (type)
        {
            case 0 or 8 or 13 or 14 or 15 or 16 or 17 or 18:
                if (!tvb.Has(6, 2))
                {
                    return false;
                }
                fields.IcmpSequence.Add(tvb.U16(6));
                break;
            case 3:
                if (!tvb.Has(6, 2))
                {
                    return false;
                }
                if (code == IcmpPacket.CodeFragmentationNeeded)
                {
                    fields.IcmpMtu.Add(tvb.U16(6));
                }
                break;
            case 5:
                if (!tvb.Has(4, 4))
                {
                    return false;
                }
                fields.IcmpRedirectGateway.Add(Ipv4Address.Read(tvb.Data[4..]));
                break;
            case 9 or 11 or 12 or 42 or 43:
                if (!tvb.Has(6, 2))
                {
                    return false;
                }
                break;
        }
        if (type is not (3 or 4 or 5 or 11 or 12))
        {
            return true;
        }
        // The quoted datagram, dissected as an IP packet inside an error packet.
        if (!tvb.Has(8, 0))
        {
            return false;
        }
        Tvb quoted = tvb.From(8);
        if (type == 5)
        {
            if (!tvb.Has(8, 1))
            {
                return false;
            }
            quoted = quoted.Limit((tvb.U8(8) & 0x0F) * 4 + 8);
        }
        else if (originalLength != 0 && tvb.Reported > 8 + originalLength * 4)
        {
            if (!tvb.Has(8, 4))
            {
                return false;
            }
            if (tvb.U16(10) > originalLength * 4)
            {
                quoted = quoted.Limit(((tvb.U8(8) & 0x0F) + originalLength) * 4);
            }
        }
        return DissectIp(quoted, inError: true);
    }

    private bool DissectUdp(Tvb tvb)
    {
        if (!tvb.Has(0, 4))
        {
            return false;
        }
        fields.UdpSourcePort.Add(tvb.U16(0));
        fields.UdpDestinationPort.Add(tvb.U16(2));
        if (!tvb.Has(4, 2))
        {
            return false;
        }
        fields.UdpLength.Add(tvb.U16(4));
        return true;
    }

    /// <summary>packet-tcp.c dissect_tcp: ports, then the rest of the fixed header is read at once (16 bytes) before
    /// the sequence number is added. Fragments, quoted segments and segments shorter than their header length keep
    /// absolute numbers and have no <c>tcp.len</c>; a header length below 20 stops after <c>tcp.seq</c>.</summary>
    private bool DissectTcp(Tvb tvb, Ipv4Address source, Ipv4Address destination, bool inError, bool fragmented)
    {
        if (!tvb.Has(0, 4))
        {
            return false;
        }
        ushort sourcePort = tvb.U16(0), destinationPort = tvb.U16(2);
        fields.TcpSourcePort.Add(sourcePort);
        fields.TcpDestinationPort.Add(destinationPort);
        if (!tvb.Has(4, 12))
        {
            return false;
        }
        uint seq = tvb.U32(4), ack = tvb.U32(8);
        ushort flags = (ushort)(tvb.U16(12) & 0x0FFF);
        int headerLength = (tvb.U8(12) >> 4) * 4;
        bool analyze = !fragmented && !inError && tvb.Reported >= headerLength;
        tcp.Segment(source, sourcePort, destination, destinationPort, flags, analyze, ref seq, ref ack);
        if (analyze)
        {
            fields.TcpLength.Add((uint)(tvb.Reported - headerLength));
        }
        fields.TcpSequence.Add(seq);
        if (headerLength < TcpSegment.MinHeaderLength)
        {
            return true;
        }
        fields.TcpAcknowledgment.Add(ack);
        fields.TcpFlags.Add(flags);
        return true;
    }
}
