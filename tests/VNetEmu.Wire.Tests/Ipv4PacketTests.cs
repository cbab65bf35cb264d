using System.Buffers.Binary;
using CsCheck;
using PacketDotNet;
using PacketDotNet.Utils;

namespace VNetEmu.Wire.Tests;

public class Ipv4PacketTests
{
    private static Ipv4Packet Ip(byte[] frame) => Ipv4Packet.CreateUnchecked(frame.AsSpan(EthernetFrame.HeaderLength));

    /// <summary>A valid IPv4 header of 20 to 60 bytes (random options) and a short payload.</summary>
    private static readonly Gen<byte[]> s_packet =
        from ihl in Gen.Int[5, 15]
        from header in Gen.Byte.Array[ihl * 4]
        from payload in Gen.Byte.Array[0, 40]
        select ValidPacket(header, payload);

    private static byte[] ValidPacket(byte[] header, byte[] payload)
    {
        header[0] = (byte)(0x40 | header.Length / 4);
        byte[] packet = [.. header, .. payload];
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), WireGen.ReferenceChecksum(packet.AsSpan(0, header.Length)));
        return packet;
    }

    private static ushort Recomputed(Ipv4Packet ip)
    {
        byte[] header = ip.Header.ToArray();
        header[10] = 0;
        header[11] = 0;
        return WireGen.ReferenceChecksum(header);
    }

    private static void AssertPacketDotNetValid(byte[] packet)
    {
        Assert.True(new IPv4Packet(new ByteArraySegment(packet)).ValidIPChecksum);
    }

    [Fact]
    public void KernelEchoRequest_Fields()
    {
        Assert.True(Ipv4Packet.TryCreate(KnownFrames.EchoRequest.AsSpan(EthernetFrame.HeaderLength), out Ipv4Packet ip));
        Assert.Equal(4, ip.Version);
        Assert.Equal(20, ip.HeaderLength);
        Assert.Equal(0, ip.Tos);
        Assert.Equal(84, ip.TotalLength);
        Assert.Equal(0x461d, ip.Identification);
        Assert.True(ip.DontFragment);
        Assert.False(ip.MoreFragments);
        Assert.False(ip.IsFragment);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(64, ip.Ttl);
        Assert.Equal(IpProtocol.Icmp, ip.Protocol);
        Assert.Equal(0xe087, ip.Checksum);
        Assert.True(ip.IsChecksumValid);
        Assert.Equal(Ipv4Address.Parse("10.1.0.1"), ip.Source);
        Assert.Equal(Ipv4Address.Parse("10.1.0.2"), ip.Destination);
        Assert.Equal(0, ip.Options.Length);
        Assert.Equal(64, ip.Payload.Length);
        Assert.Equal(84, ip.Bytes.Length);
    }

    public static TheoryData<string, string, string, byte, byte, ushort, bool, byte> KernelHeaders => new()
    {
        { nameof(KnownFrames.EchoRequest), "10.1.0.1", "10.1.0.2", IpProtocol.Icmp, 64, 0x461d, true, 0x00 },
        { nameof(KnownFrames.UdpForwarded), "10.12.0.2", "198.51.100.2", IpProtocol.Udp, 63, 0xca52, true, 0x00 },
        { nameof(KnownFrames.PortUnreachable), "198.51.100.2", "10.12.0.2", IpProtocol.Icmp, 64, 0x11ba, false, 0xc0 },
        { nameof(KnownFrames.TcpSyn), "10.12.0.2", "198.51.100.2", IpProtocol.Tcp, 63, 0xd201, true, 0x00 },
        { nameof(KnownFrames.TcpRst), "203.0.113.2", "10.9.1.2", IpProtocol.Tcp, 63, 0x0000, true, 0x00 },
    };

    private static byte[] Known(string name) => name switch
    {
        nameof(KnownFrames.EchoRequest) => KnownFrames.EchoRequest,
        nameof(KnownFrames.UdpForwarded) => KnownFrames.UdpForwarded,
        nameof(KnownFrames.PortUnreachable) => KnownFrames.PortUnreachable,
        nameof(KnownFrames.TcpSyn) => KnownFrames.TcpSyn,
        nameof(KnownFrames.TcpRst) => KnownFrames.TcpRst,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory, MemberData(nameof(KernelHeaders))]
    public void WriteHeader_KernelFields_GivesTheSameBytes(string frame, string source, string destination, byte protocol,
        byte ttl, ushort identification, bool dontFragment, byte tos)
    {
        byte[] expected = Known(frame)[EthernetFrame.HeaderLength..];
        byte[] written = new byte[Ipv4Packet.MinHeaderLength];
        Ipv4Packet.WriteHeader(written, Ipv4Address.Parse(source), Ipv4Address.Parse(destination), protocol,
            expected.Length - Ipv4Packet.MinHeaderLength, ttl, identification, dontFragment, tos);
        Assert.Equal(expected[..Ipv4Packet.MinHeaderLength], written);
    }

    [Fact]
    public void WriteHeader_RandomFields_PacketDotNetDecodesThem() =>
        Gen.Select(WireGen.Ipv4, WireGen.Ipv4, Gen.Byte, Gen.Int[0, 1480], Gen.Byte, Gen.UShort, Gen.Bool, Gen.Byte)
            .Sample((source, destination, protocol, payloadLength, ttl, identification, dontFragment, tos) =>
            {
                byte[] packet = new byte[Ipv4Packet.MinHeaderLength + payloadLength];
                Ipv4Packet.WriteHeader(packet, source, destination, protocol, payloadLength, ttl, identification, dontFragment, tos);
                var decoded = new IPv4Packet(new ByteArraySegment(packet));
                Assert.True(decoded.ValidIPChecksum);
                Assert.Equal(source, PacketDotNetOracle.ToIpv4(decoded.SourceAddress));
                Assert.Equal(destination, PacketDotNetOracle.ToIpv4(decoded.DestinationAddress));
                Assert.Equal(protocol, (byte)decoded.Protocol);
                Assert.Equal(packet.Length, decoded.TotalLength);
                Assert.Equal(5, decoded.HeaderLength);
                Assert.Equal(ttl, decoded.TimeToLive);
                Assert.Equal(identification, decoded.Id);
                Assert.Equal(dontFragment ? 0b010 : 0, decoded.FragmentFlags);
                Assert.Equal(0, decoded.FragmentOffset);
                Assert.Equal(tos, decoded.TypeOfService);
            }, iter: 2_000);

    [Fact]
    public void DecrementTtl_KernelEchoRequest_PatchesTheChecksum()
    {
        byte[] frame = KnownFrames.EchoRequest;
        Ipv4Packet ip = Ip(frame);
        ip.DecrementTtl();
        Assert.Equal(63, ip.Ttl);
        Assert.Equal(0xe187, ip.Checksum); // the TTL/protocol word fell by 0x100
        Assert.True(ip.IsChecksumValid);
    }

    [Fact]
    public void DecrementTtl_RandomPackets_EqualsRecomputed() =>
        s_packet.Sample(packet =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(packet);
            byte ttl = ip.Ttl;
            ip.DecrementTtl();
            Assert.Equal((byte)(ttl - 1), ip.Ttl);
            Assert.Equal(Recomputed(ip), ip.Checksum);
            AssertPacketDotNetValid(packet);
        }, iter: 5_000);

    [Fact]
    public void SetSourceAndDestinationPatched_RandomPackets_EqualsRecomputed() =>
        Gen.Select(s_packet, WireGen.Ipv4, WireGen.Ipv4, Gen.Bool).Sample((packet, source, destination, both) =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(packet);
            ip.SetSourcePatched(source);
            Assert.Equal(Recomputed(ip), ip.Checksum);
            if (both)
            {
                ip.SetDestinationPatched(destination);
                Assert.Equal(destination, ip.Destination);
                Assert.Equal(Recomputed(ip), ip.Checksum);
            }
            Assert.Equal(source, ip.Source);
            AssertPacketDotNetValid(packet);
        }, iter: 5_000);

    [Fact]
    public void FillChecksum_AfterEditingFields_MakesTheHeaderValid() =>
        Gen.Select(s_packet, Gen.Byte, Gen.UShort).Sample((packet, tos, identification) =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(packet);
            ip.Tos = tos;
            ip.Identification = identification;
            ip.FillChecksum();
            Assert.Equal(Recomputed(ip), ip.Checksum);
            AssertPacketDotNetValid(packet);
        }, iter: 2_000);

    [Fact]
    public void KernelFragments_Fields()
    {
        Ipv4Packet first = Ip(TestData.Frame("fragmentation.pcap", 2));
        Assert.True(first.MoreFragments);
        Assert.True(first.IsFragment);
        Assert.Equal(0, first.FragmentOffset);
        Assert.Equal(0x716c, first.Identification);
        Ipv4Packet last = Ip(TestData.Frame("fragmentation.pcap", 3));
        Assert.False(last.MoreFragments);
        Assert.True(last.IsFragment);
        Assert.Equal(1480, last.FragmentOffset);
        Assert.Equal(0x716c, last.Identification);
        Assert.Equal(1480 + 548 - 20, first.Payload.Length + last.Payload.Length); // 8 + 2000-byte ping
    }

    [Fact]
    public void Payload_OfAPaddedFrame_StopsAtTotalLength()
    {
        byte[] padded = [.. KnownFrames.UdpForwarded[EthernetFrame.HeaderLength..], 0, 0, 0, 0, 0, 0];
        Assert.True(Ipv4Packet.TryCreate(padded, out Ipv4Packet ip));
        Assert.Equal(42, ip.Bytes.Length);
        Assert.Equal(22, ip.Payload.Length);
    }

    [Theory, InlineData(0), InlineData(19), InlineData(83)]
    public void TryCreate_Truncated_ReturnsFalse(int length) =>
        Assert.False(Ipv4Packet.TryCreate(KnownFrames.EchoRequest.AsSpan(EthernetFrame.HeaderLength, length), out _));

    [Theory]
    [InlineData(0, 0x65)] // version 6
    [InlineData(0, 0x44)] // IHL 4: shorter than the fixed header
    [InlineData(3, 0x13)] // total length 19, shorter than the header
    [InlineData(3, 0x55)] // total length 85, one past the end
    public void TryCreate_BadVersionOrLengths_ReturnsFalse(int at, byte value)
    {
        byte[] packet = KnownFrames.EchoRequest[EthernetFrame.HeaderLength..];
        packet[at] = value;
        Assert.False(Ipv4Packet.TryCreate(packet, out _));
    }

    [Fact]
    public void TryCreate_HeaderAsLongAsThePacket_ReturnsTrue()
    {
        byte[] packet = KnownFrames.EchoRequest[EthernetFrame.HeaderLength..(EthernetFrame.HeaderLength + 60)];
        packet[0] = 0x4f;
        packet[3] = 60;
        Assert.True(Ipv4Packet.TryCreate(packet, out Ipv4Packet ip));
        Assert.Equal(40, ip.Options.Length);
        Assert.Equal(0, ip.Payload.Length);
    }
}
