using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using Pdn = PacketDotNet;

namespace VNetEmu.Wire.Tests;

/// <summary>Decodes a frame with PacketDotNet and with the Wire views and asserts that every field agrees:
/// PacketDotNet is the oracle.</summary>
internal static class PacketDotNetOracle
{
    public static MacAddress ToMac(PhysicalAddress address) => MacAddress.Read(address.GetAddressBytes());

    public static Ipv4Address ToIpv4(IPAddress address) => Ipv4Address.Read(address.GetAddressBytes());

    /// <summary>Parses <paramref name="frame"/> both ways and compares every layer both understand.</summary>
    public static void AssertAgrees(byte[] frame)
    {
        byte[] before = frame.ToArray();
        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame.ToArray());
        Assert.True(EthernetFrame.TryCreate(frame, out EthernetFrame ours));
        Assert.Equal(ToMac(ethernet.DestinationHardwareAddress), ours.Destination);
        Assert.Equal(ToMac(ethernet.SourceHardwareAddress), ours.Source);
        Packet payload = ethernet;
        if (ethernet.Type == EthernetType.VLanTaggedFrame)
        {
            var tag = ethernet.Extract<Ieee8021QPacket>();
            Assert.True(ours.HasVlanTag);
            Assert.Equal(tag.VlanIdentifier, ours.VlanId);
            Assert.Equal((ushort)tag.Type, ours.EtherType);
            payload = tag;
        }
        else
        {
            Assert.False(ours.HasVlanTag);
            Assert.Equal(-1, ours.VlanId);
            Assert.Equal((ushort)ethernet.Type, ours.EtherType);
        }

        switch (ours.EtherType)
        {
            case EtherType.Arp:
                AssertArp(payload.Extract<Pdn.ArpPacket>(), ours.Payload);
                break;
            case EtherType.Ipv4:
                AssertIpv4(payload.Extract<IPv4Packet>(), ours.Payload);
                break;
        }
        Assert.Equal(before, frame); // reading changed nothing
    }

    private static void AssertArp(Pdn.ArpPacket expected, Span<byte> bytes)
    {
        Assert.NotNull(expected);
        bool ethernetIpv4 = expected.HardwareAddressType == LinkLayers.Ethernet && expected.ProtocolAddressType == EthernetType.IPv4
            && expected.HardwareAddressLength == MacAddress.Length && expected.ProtocolAddressLength == Ipv4Address.Length;
        Assert.Equal(ethernetIpv4, Wire.ArpPacket.TryCreate(bytes, out Wire.ArpPacket arp));
        if (!ethernetIpv4)
        {
            return;
        }
        Assert.Equal((ushort)expected.Operation, arp.Operation);
        Assert.Equal(ToMac(expected.SenderHardwareAddress), arp.SenderHardware);
        Assert.Equal(ToIpv4(expected.SenderProtocolAddress), arp.SenderProtocol);
        Assert.Equal(ToMac(expected.TargetHardwareAddress), arp.TargetHardware);
        Assert.Equal(ToIpv4(expected.TargetProtocolAddress), arp.TargetProtocol);
    }

    private static void AssertIpv4(IPv4Packet expected, Span<byte> bytes)
    {
        Assert.NotNull(expected);
        Assert.True(Ipv4Packet.TryCreate(bytes, out Ipv4Packet ip));
        Assert.Equal(4, ip.Version);
        Assert.Equal(expected.HeaderLength * 4, ip.HeaderLength);
        Assert.Equal(expected.TypeOfService, ip.Tos);
        Assert.Equal(expected.TotalLength, ip.TotalLength);
        Assert.Equal(expected.Id, ip.Identification);
        Assert.Equal((expected.FragmentFlags & 0b010) != 0, ip.DontFragment);
        Assert.Equal((expected.FragmentFlags & 0b001) != 0, ip.MoreFragments);
        Assert.Equal(expected.FragmentOffset * 8, ip.FragmentOffset);
        Assert.Equal(expected.TimeToLive, ip.Ttl);
        Assert.Equal((byte)expected.Protocol, ip.Protocol);
        Assert.Equal(expected.Checksum, ip.Checksum);
        Assert.Equal(expected.ValidIPChecksum, ip.IsChecksumValid);
        Assert.Equal(ToIpv4(expected.SourceAddress), ip.Source);
        Assert.Equal(ToIpv4(expected.DestinationAddress), ip.Destination);
        Assert.Equal(expected.HeaderData[..(expected.HeaderLength * 4)], ip.Header.ToArray());
        Assert.Equal(expected.HeaderData[Ipv4Packet.MinHeaderLength..ip.HeaderLength], ip.Options.ToArray());
        byte[] expectedPayload;
        try
        {
            expectedPayload = expected.PayloadPacket?.Bytes ?? expected.PayloadData ?? [];
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            // PacketDotNet guessed an application protocol from the port (VXLAN on 4789, …) and cannot serialise
            // the short payload it decoded that way: the oracle has nothing to say about this packet.
            return;
        }
        Assert.Equal(expectedPayload, ip.Payload.ToArray());
        if (ip.FragmentOffset != 0)
        {
            Assert.Null(expected.PayloadPacket); // neither decodes a later fragment
            return;
        }

        // A first fragment carries the L4 header but only part of what its checksum covers: compare fields only.
        bool whole = !ip.MoreFragments;
        switch (ip.Protocol)
        {
            case IpProtocol.Icmp:
                AssertIcmp(expected.Extract<IcmpV4Packet>(), ip.Payload, whole);
                break;
            case IpProtocol.Udp:
                AssertUdp(expected.Extract<UdpPacket>(), ip.Payload, ip.Source, ip.Destination, whole);
                break;
            case IpProtocol.Tcp:
                AssertTcp(expected.Extract<TcpPacket>(), ip.Payload, ip.Source, ip.Destination, whole);
                break;
        }
    }

    private static void AssertIcmp(IcmpV4Packet expected, Span<byte> bytes, bool whole)
    {
        Assert.NotNull(expected);
        Assert.True(IcmpPacket.TryCreate(bytes, out IcmpPacket icmp));
        Assert.Equal((byte)((ushort)expected.TypeCode >> 8), icmp.Type);
        Assert.Equal((byte)expected.TypeCode, icmp.Code);
        Assert.Equal(expected.Checksum, icmp.Checksum);
        Assert.Equal(expected.Id, icmp.Identifier);
        Assert.Equal(expected.Sequence, icmp.Sequence);
        Assert.Equal(expected.Data, icmp.Payload.ToArray());
        if (whole)
        {
            Assert.Equal(expected.ValidIcmpChecksum, icmp.IsChecksumValid);
        }
    }

    private static void AssertUdp(UdpPacket expected, Span<byte> bytes, Ipv4Address source, Ipv4Address destination, bool whole)
    {
        Assert.NotNull(expected);
        Assert.True(UdpDatagram.TryCreate(bytes, out UdpDatagram udp));
        Assert.Equal(expected.SourcePort, udp.SourcePort);
        Assert.Equal(expected.DestinationPort, udp.DestinationPort);
        Assert.Equal(expected.Length, udp.Length);
        Assert.Equal(expected.Checksum, udp.Checksum);
        if (expected.PayloadPacket is null)
        {
            // (When PacketDotNet decodes the payload as a protocol it guessed from the port — VXLAN on 4789 —
            // PayloadData is empty and the bytes live in its child packet: nothing to compare them with.)
            Assert.Equal(expected.PayloadData ?? [], udp.Payload.ToArray());
        }
        if (udp.Checksum == 0)
        {
            Assert.True(udp.IsChecksumValid(source, destination)); // RFC 768: zero means "no checksum"; PacketDotNet says invalid
        }
        else if (whole)
        {
            Assert.Equal(expected.ValidUdpChecksum, udp.IsChecksumValid(source, destination));
        }
    }

    private static void AssertTcp(TcpPacket expected, Span<byte> bytes, Ipv4Address source, Ipv4Address destination, bool whole)
    {
        Assert.NotNull(expected);
        Assert.True(TcpSegment.TryCreate(bytes, out TcpSegment tcp));
        Assert.Equal(expected.SourcePort, tcp.SourcePort);
        Assert.Equal(expected.DestinationPort, tcp.DestinationPort);
        Assert.Equal(expected.SequenceNumber, tcp.SequenceNumber);
        Assert.Equal(expected.AcknowledgmentNumber, tcp.AcknowledgmentNumber);
        Assert.Equal(expected.DataOffset * 4, tcp.HeaderLength);
        Assert.Equal((byte)expected.Flags, tcp.Flags);
        Assert.Equal(expected.Finished, tcp.Has(TcpSegment.Fin));
        Assert.Equal(expected.Synchronize, tcp.Has(TcpSegment.Syn));
        Assert.Equal(expected.Reset, tcp.Has(TcpSegment.Rst));
        Assert.Equal(expected.Push, tcp.Has(TcpSegment.Psh));
        Assert.Equal(expected.Acknowledgment, tcp.Has(TcpSegment.Ack));
        Assert.Equal(expected.Urgent, tcp.Has(TcpSegment.Urg));
        Assert.Equal(expected.ExplicitCongestionNotificationEcho, tcp.Has(TcpSegment.Ece));
        Assert.Equal(expected.CongestionWindowReduced, tcp.Has(TcpSegment.Cwr));
        Assert.Equal(expected.WindowSize, tcp.Window);
        Assert.Equal(expected.Checksum, tcp.Checksum);
        Assert.Equal((ushort)expected.UrgentPointer, tcp.UrgentPointer); // PacketDotNet reads it as a signed short
        Assert.Equal(expected.HeaderData[TcpSegment.MinHeaderLength..], tcp.Options.ToArray()); // its Options throws when URG is set
        Assert.Equal(expected.PayloadData ?? [], tcp.Payload.ToArray());
        if (whole)
        {
            Assert.Equal(expected.ValidTcpChecksum, tcp.IsChecksumValid(source, destination));
        }
    }
}
