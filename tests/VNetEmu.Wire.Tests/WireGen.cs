using System.Buffers.Binary;
using CsCheck;

namespace VNetEmu.Wire.Tests;

/// <summary>CsCheck generators of addresses and of whole frames that PacketDotNet and the views both decode:
/// Ethernet (sometimes 802.1Q-tagged, sometimes padded) carrying ARP, or IPv4 with ICMP, UDP, TCP or a protocol
/// neither decodes. Header lengths, options, flags, fragment fields and every value vary; each checksum is
/// random, right (computed by <see cref="ReferenceChecksum"/>, not by the code under test) or zero.</summary>
internal static class WireGen
{
    public static readonly Gen<MacAddress> Mac = Gen.ULong[0, 0xFFFF_FFFF_FFFFUL].Select(v => new MacAddress(v));
    public static readonly Gen<Ipv4Address> Ipv4 = Gen.UInt.Select(v => new Ipv4Address(v));

    /// <summary>PacketDotNet decodes UDP payloads on DHCP, L2TP, Teredo and VXLAN ports; random bytes there would
    /// test PacketDotNet, not us.</summary>
    public static readonly Gen<ushort> Port = Gen.UShort.Where(p => p is not (67 or 68 or 1701 or 3544 or 4789));

    private enum ChecksumKind { Random, Valid, Zero }

    private sealed record Transport(byte Protocol, byte[] Bytes, int ChecksumOffset);

    private static readonly Gen<ChecksumKind> s_checksumKind =
        Gen.Frequency((2, Gen.Const(ChecksumKind.Random)), (3, Gen.Const(ChecksumKind.Valid)), (1, Gen.Const(ChecksumKind.Zero)));

    private static readonly Gen<byte[]> s_payload = Gen.Frequency((1, Gen.Const(Array.Empty<byte>())), (4, Gen.Byte.Array[1, 64]));

    private static readonly Gen<Transport> s_icmp =
        from header in Gen.Byte.Array[IcmpPacket.HeaderLength]
        from payload in s_payload
        select new Transport(IpProtocol.Icmp, [.. header, .. payload], 2);

    private static readonly Gen<Transport> s_udp =
        from sourcePort in Port
        from destinationPort in Port
        from checksum in Gen.UShort
        from payload in s_payload
        select new Transport(IpProtocol.Udp, BuildUdp(sourcePort, destinationPort, checksum, payload), 6);

    private static readonly Gen<Transport> s_tcp =
        from header in Gen.Byte.Array[TcpSegment.MinHeaderLength]
        from dataOffset in Gen.Frequency((3, Gen.Const(5)), (1, Gen.Int[6, 15]))
        from options in Gen.Byte.Array[(dataOffset - 5) * 4]
        from payload in s_payload
        select new Transport(IpProtocol.Tcp, BuildTcp(header, dataOffset, options, payload), 16);

    /// <summary>An experimental protocol number (RFC 3692) neither side decodes.</summary>
    private static readonly Gen<Transport> s_other =
        from payload in s_payload
        select new Transport(253, payload, -1);

    private static readonly Gen<byte[]> s_ipv4 =
        from ihl in Gen.Frequency((3, Gen.Const(5)), (1, Gen.Int[6, 15]))
        from options in Gen.Byte.Array[(ihl - 5) * 4]
        from tos in Gen.Byte
        from identification in Gen.UShort
        from flagsAndOffset in Gen.Frequency(
            (4, Gen.Const(Ipv4Packet.FlagDontFragment)), (2, Gen.Const((ushort)0)), (1, Gen.UShort))
        from ttl in Gen.Byte
        from source in Ipv4
        from destination in Ipv4
        from transport in Gen.OneOf(s_icmp, s_udp, s_tcp, s_other)
        from checksum in Gen.UShort
        from ipChecksum in s_checksumKind
        from transportChecksum in s_checksumKind
        select BuildIpv4(ihl, options, tos, identification, flagsAndOffset, ttl, source, destination, checksum, ipChecksum,
            transport, transportChecksum);

    private static readonly Gen<byte[]> s_arp =
        from hardwareType in Gen.Frequency((4, Gen.Const((ushort)1)), (1, Gen.UShort))
        from protocolType in Gen.Frequency((4, Gen.Const(EtherType.Ipv4)), (1, Gen.UShort.Where(t => t != EtherType.Ipv6)))
        from lengths in Gen.Frequency((4, Gen.Const((6, 4))), (1, Gen.Select(Gen.Byte[0, 6], Gen.Byte[0, 4], (h, p) => ((int)h, (int)p))))
        from body in Gen.Byte.Array[ArpPacket.Length - 6]
        select BuildArp(hardwareType, protocolType, lengths.Item1, lengths.Item2, body);

    /// <summary>A whole Ethernet frame.</summary>
    public static readonly Gen<byte[]> Frame =
        from destination in Mac
        from source in Mac
        from tag in Gen.Frequency((4, Gen.Const(-1)), (1, Gen.Int[0, 0xFFFF]))
        from payload in Gen.Frequency((1, s_arp.Select(a => (EtherType.Arp, a))), (4, s_ipv4.Select(p => (EtherType.Ipv4, p))))
        from padding in Gen.Frequency((3, Gen.Const(Array.Empty<byte>())), (1, Gen.Byte.Array[1, 24]))
        select BuildEthernet(destination, source, tag, payload.Item1, payload.Item2, padding);

    /// <summary>RFC 1071 written the slow, obvious way, to check the fast one against.</summary>
    public static ushort ReferenceChecksum(ReadOnlySpan<byte> data)
    {
        long sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>The TCP/UDP checksum over the pseudo-header (RFC 793 §3.1) and <paramref name="segment"/>.</summary>
    public static ushort ReferenceChecksum(Ipv4Address source, Ipv4Address destination, byte protocol, ReadOnlySpan<byte> segment)
    {
        byte[] all = new byte[12 + segment.Length];
        source.Write(all);
        destination.Write(all.AsSpan(4));
        all[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(all.AsSpan(10), (ushort)segment.Length);
        segment.CopyTo(all.AsSpan(12));
        return ReferenceChecksum(all);
    }

    private static byte[] BuildUdp(ushort sourcePort, ushort destinationPort, ushort checksum, byte[] payload)
    {
        byte[] bytes = new byte[UdpDatagram.HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)bytes.Length);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), checksum);
        payload.CopyTo(bytes, UdpDatagram.HeaderLength);
        return bytes;
    }

    private static byte[] BuildTcp(byte[] header, int dataOffset, byte[] options, byte[] payload)
    {
        header[12] = (byte)(dataOffset << 4 | (header[12] & 0x0F));
        return [.. header, .. options, .. payload];
    }

    private static byte[] BuildIpv4(int ihl, byte[] options, byte tos, ushort identification, ushort flagsAndOffset, byte ttl,
        Ipv4Address source, Ipv4Address destination, ushort checksum, ChecksumKind ipChecksum, Transport transport,
        ChecksumKind transportChecksum)
    {
        int headerLength = ihl * 4;
        byte[] packet = new byte[headerLength + transport.Bytes.Length];
        packet[0] = (byte)(0x40 | ihl);
        packet[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identification);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        packet[8] = ttl;
        packet[9] = transport.Protocol;
        source.Write(packet.AsSpan(12));
        destination.Write(packet.AsSpan(16));
        options.CopyTo(packet, Ipv4Packet.MinHeaderLength);
        Span<byte> segment = packet.AsSpan(headerLength);
        transport.Bytes.CopyTo(segment);
        if (transport.ChecksumOffset >= 0 && transportChecksum != ChecksumKind.Random)
        {
            Span<byte> field = segment.Slice(transport.ChecksumOffset, 2);
            field.Clear();
            if (transportChecksum == ChecksumKind.Valid)
            {
                ushort value = transport.Protocol == IpProtocol.Icmp
                    ? ReferenceChecksum(segment)
                    : ReferenceChecksum(source, destination, transport.Protocol, segment);
                if (value == 0 && transport.Protocol == IpProtocol.Udp)
                {
                    value = 0xFFFF; // RFC 768: a computed zero is sent as all ones
                }
                BinaryPrimitives.WriteUInt16BigEndian(field, value);
            }
        }
        ushort headerChecksum = ipChecksum switch
        {
            ChecksumKind.Valid => ReferenceChecksum(packet.AsSpan(0, headerLength)),
            ChecksumKind.Zero => 0,
            _ => checksum,
        };
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), headerChecksum);
        return packet;
    }

    private static byte[] BuildArp(ushort hardwareType, ushort protocolType, int hardwareLength, int protocolLength, byte[] body)
    {
        byte[] arp = new byte[ArpPacket.Length];
        BinaryPrimitives.WriteUInt16BigEndian(arp, hardwareType);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), protocolType);
        arp[4] = (byte)hardwareLength;
        arp[5] = (byte)protocolLength;
        body.CopyTo(arp, 6);
        return arp;
    }

    private static byte[] BuildEthernet(MacAddress destination, MacAddress source, int tag, ushort etherType, byte[] payload, byte[] padding)
    {
        int header = tag < 0 ? EthernetFrame.HeaderLength : EthernetFrame.HeaderLength + 4;
        byte[] frame = new byte[header + payload.Length + padding.Length];
        destination.Write(frame);
        source.Write(frame.AsSpan(6));
        if (tag >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherType.Vlan);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)tag);
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(header - 2), etherType);
        payload.CopyTo(frame, header);
        padding.CopyTo(frame, header + payload.Length);
        return frame;
    }
}
