using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace VNetEmu.Wire.Tests;

public class UdpDatagramTests
{
    private const int UdpAt = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength;
    private static readonly Ipv4Address s_client = Ipv4Address.Parse("10.12.0.2");
    private static readonly Ipv4Address s_server = Ipv4Address.Parse("198.51.100.2");

    /// <summary>An Ethernet frame carrying IPv4 and UDP, built with the views, checksums filled.</summary>
    private static readonly Gen<byte[]> s_frame =
        from source in WireGen.Ipv4
        from destination in WireGen.Ipv4
        from sourcePort in WireGen.Port
        from destinationPort in WireGen.Port
        from payload in Gen.Byte.Array[0, 100]
        select Build(source, destination, sourcePort, destinationPort, payload);

    private static byte[] Build(Ipv4Address source, Ipv4Address destination, ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        int length = UdpDatagram.HeaderLength + payload.Length;
        byte[] frame = new byte[UdpAt + length];
        EthernetFrame.WriteHeader(frame, MacAddress.Parse("02:00:00:00:00:02"), MacAddress.Parse("02:00:00:00:00:01"), EtherType.Ipv4);
        Ipv4Packet.WriteHeader(frame.AsSpan(EthernetFrame.HeaderLength), source, destination, IpProtocol.Udp, length, 64, 7, true);
        UdpDatagram udp = UdpDatagram.CreateUnchecked(frame.AsSpan(UdpAt));
        udp.SourcePort = sourcePort;
        udp.DestinationPort = destinationPort;
        udp.Length = (ushort)length;
        payload.CopyTo(udp.Payload);
        udp.FillChecksum(source, destination);
        return frame;
    }

    [Fact]
    public void KernelForwardedDatagram_Fields()
    {
        Assert.True(UdpDatagram.TryCreate(KnownFrames.UdpForwarded.AsSpan(UdpAt), out UdpDatagram udp));
        Assert.Equal(4000, udp.SourcePort);
        Assert.Equal(4444, udp.DestinationPort);
        Assert.Equal(22, udp.Length);
        Assert.Equal(0x346b, udp.Checksum);
        Assert.Equal("anyone there?\n", Encoding.ASCII.GetString(udp.Payload));
        Assert.False(udp.IsChecksumValid(s_client, s_server)); // offloaded: the pseudo-header sum, not a checksum
    }

    /// <summary>With the checksum offloaded as the kernel does (the folded pseudo-header sum in the field).</summary>
    [Fact]
    public void Setters_KernelFields_GiveTheSameBytes()
    {
        byte[] expected = KnownFrames.UdpForwarded[UdpAt..];
        byte[] written = new byte[expected.Length];
        UdpDatagram udp = UdpDatagram.CreateUnchecked(written);
        udp.SourcePort = 4000;
        udp.DestinationPort = 4444;
        udp.Length = 22;
        udp.Checksum = (ushort)InternetChecksum.PseudoHeader(s_client, s_server, IpProtocol.Udp, udp.Length);
        Encoding.ASCII.GetBytes("anyone there?\n").CopyTo(udp.Payload);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void FillChecksum_KernelDatagram_IsWhatTheOffloadWouldHaveWritten()
    {
        byte[] frame = KnownFrames.UdpForwarded;
        UdpDatagram udp = UdpDatagram.CreateUnchecked(frame.AsSpan(UdpAt));
        udp.FillChecksum(s_client, s_server);
        Assert.True(udp.IsChecksumValid(s_client, s_server));
        Assert.Equal(WireGen.ReferenceChecksum(s_client, s_server, IpProtocol.Udp, [.. frame[UdpAt..(UdpAt + 6)], 0, 0, .. frame[(UdpAt + 8)..]]), udp.Checksum);
        PacketDotNetOracle.AssertAgrees(frame);
    }

    [Fact]
    public void FillChecksum_RandomDatagrams_PacketDotNetValidatesThem() =>
        s_frame.Sample(frame =>
        {
            var decoded = PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, frame).Extract<PacketDotNet.UdpPacket>();
            Assert.True(decoded.ValidUdpChecksum);
            PacketDotNetOracle.AssertAgrees(frame);
        }, iter: 2_000);

    /// <summary>RFC 768: a checksum that computes to zero is sent as 0xffff, since zero means "none".</summary>
    [Fact]
    public void FillChecksum_ComputingToZero_SendsAllOnes()
    {
        byte[] frame = Build(s_client, s_server, 4000, 4444, [0, 0]);
        UdpDatagram udp = UdpDatagram.CreateUnchecked(frame.AsSpan(UdpAt));
        udp.Checksum = 0;
        uint sum = InternetChecksum.Add(InternetChecksum.PseudoHeader(s_client, s_server, IpProtocol.Udp, udp.Length),
            frame.AsSpan(UdpAt, UdpDatagram.HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(udp.Payload, (ushort)(0xFFFF - sum)); // now everything sums to 0xffff
        udp.FillChecksum(s_client, s_server);
        Assert.Equal(0xFFFF, udp.Checksum);
        Assert.True(udp.IsChecksumValid(s_client, s_server));
        Assert.True(PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, frame).Extract<PacketDotNet.UdpPacket>().ValidUdpChecksum);
    }

    [Fact]
    public void IsChecksumValid_Zero_MeansNoChecksum()
    {
        UdpDatagram udp = UdpDatagram.CreateUnchecked(KnownFrames.UdpForwarded.AsSpan(UdpAt));
        udp.Checksum = 0;
        Assert.True(udp.IsChecksumValid(s_client, s_server));
    }

    /// <summary>What NAT does to a datagram (RFC 1624 on the pseudo-header address and the port; RFC 768 for zero)
    /// equals filling the checksum again, and PacketDotNet agrees it is valid.</summary>
    [Fact]
    public void NatRewrite_PatchedChecksum_EqualsFillChecksum() =>
        Gen.Select(s_frame, WireGen.Ipv4, Gen.UShort, Gen.Bool).Sample((frame, address, port, rewriteSource) =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(frame.AsSpan(EthernetFrame.HeaderLength));
            UdpDatagram udp = UdpDatagram.CreateUnchecked(ip.Payload);
            Ipv4Address old = rewriteSource ? ip.Source : ip.Destination;
            ushort oldPort = rewriteSource ? udp.SourcePort : udp.DestinationPort;
            ushort checksum = InternetChecksum.Update(InternetChecksum.Update(udp.Checksum, old.Value, address.Value), oldPort, port);
            udp.Checksum = checksum == 0 ? (ushort)0xFFFF : checksum;
            if (rewriteSource)
            {
                ip.SetSourcePatched(address);
                udp.SourcePort = port;
            }
            else
            {
                ip.SetDestinationPatched(address);
                udp.DestinationPort = port;
            }
            ushort patched = udp.Checksum;
            Assert.True(udp.IsChecksumValid(ip.Source, ip.Destination));
            Assert.True(ip.IsChecksumValid);
            PacketDotNetOracle.AssertAgrees(frame);
            udp.FillChecksum(ip.Source, ip.Destination);
            Assert.Equal(udp.Checksum, patched);
        }, iter: 5_000);

    [Theory, InlineData(0), InlineData(7)]
    public void TryCreate_ShorterThanAHeader_ReturnsFalse(int length) =>
        Assert.False(UdpDatagram.TryCreate(KnownFrames.UdpForwarded.AsSpan(UdpAt, length), out _));

    [Theory, InlineData(0), InlineData(7), InlineData(23)]
    public void TryCreate_LengthFieldOutOfRange_ReturnsFalse(ushort length)
    {
        byte[] datagram = KnownFrames.UdpForwarded[UdpAt..];
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), length);
        Assert.False(UdpDatagram.TryCreate(datagram, out _));
    }

    [Fact]
    public void Payload_StopsAtTheLengthField()
    {
        byte[] datagram = [.. KnownFrames.UdpForwarded[UdpAt..], 0xAA, 0xBB];
        Assert.True(UdpDatagram.TryCreate(datagram, out UdpDatagram udp));
        Assert.Equal(14, udp.Payload.Length);
    }
}
