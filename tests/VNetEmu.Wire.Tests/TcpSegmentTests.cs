using CsCheck;
using PacketDotNet;

namespace VNetEmu.Wire.Tests;

public class TcpSegmentTests
{
    private const int TcpAt = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength;

    /// <summary>An Ethernet frame carrying IPv4 and TCP, built with WriteHeader and FillChecksum.</summary>
    private static readonly Gen<byte[]> s_frame =
        from source in WireGen.Ipv4
        from destination in WireGen.Ipv4
        from ports in Gen.Select(Gen.UShort, Gen.UShort)
        from numbers in Gen.Select(Gen.UInt, Gen.UInt)
        from flags in Gen.Byte
        from window in Gen.UShort
        from optionWords in Gen.Int[0, 10]
        from options in Gen.Byte.Array[optionWords * 4]
        from payload in Gen.Byte.Array[0, 100]
        select Build(source, destination, ports.Item1, ports.Item2, numbers.Item1, numbers.Item2, flags, window, options, payload);

    private static byte[] Build(Ipv4Address source, Ipv4Address destination, ushort sourcePort, ushort destinationPort,
        uint seq, uint ack, byte flags, ushort window, byte[] options, byte[] payload)
    {
        int headerLength = TcpSegment.MinHeaderLength + options.Length;
        int length = headerLength + payload.Length;
        byte[] frame = new byte[TcpAt + length];
        frame.AsSpan().Fill(0xEE); // WriteHeader must not rely on a cleared buffer
        EthernetFrame.WriteHeader(frame, MacAddress.Parse("02:00:00:00:00:02"), MacAddress.Parse("02:00:00:00:00:01"), EtherType.Ipv4);
        Ipv4Packet.WriteHeader(frame.AsSpan(EthernetFrame.HeaderLength), source, destination, IpProtocol.Tcp, length, 64, 7, true);
        Span<byte> segment = frame.AsSpan(TcpAt);
        TcpSegment.WriteHeader(segment, sourcePort, destinationPort, seq, ack, flags, window, headerLength);
        TcpSegment tcp = TcpSegment.CreateUnchecked(segment);
        options.CopyTo(tcp.Options);
        payload.CopyTo(tcp.Payload);
        tcp.FillChecksum(source, destination);
        return frame;
    }

    [Fact]
    public void KernelSyn_Fields()
    {
        Assert.True(TcpSegment.TryCreate(KnownFrames.TcpSyn.AsSpan(TcpAt), out TcpSegment tcp));
        Assert.Equal(4001, tcp.SourcePort);
        Assert.Equal(8080, tcp.DestinationPort);
        Assert.Equal(0x7090a660u, tcp.SequenceNumber);
        Assert.Equal(0u, tcp.AcknowledgmentNumber);
        Assert.Equal(40, tcp.HeaderLength);
        Assert.Equal(TcpSegment.Syn, tcp.Flags);
        Assert.True(tcp.Has(TcpSegment.Syn));
        Assert.False(tcp.Has(TcpSegment.Ack));
        Assert.Equal(64240, tcp.Window);
        Assert.Equal(0x3472, tcp.Checksum);
        Assert.Equal(0, tcp.UrgentPointer);
        Assert.Equal([0x02, 0x04, 0x05, 0xb4], tcp.Options[..4].ToArray()); // MSS 1460
        Assert.Equal(0, tcp.Payload.Length);
    }

    [Fact]
    public void KernelRst_Fields()
    {
        Assert.True(TcpSegment.TryCreate(KnownFrames.TcpRst.AsSpan(TcpAt), out TcpSegment tcp));
        Assert.Equal(24, tcp.SourcePort);
        Assert.Equal(7024, tcp.DestinationPort);
        Assert.Equal(0u, tcp.SequenceNumber);
        Assert.Equal(0x24fdc2e4u, tcp.AcknowledgmentNumber);
        Assert.Equal(TcpSegment.Rst | TcpSegment.Ack, tcp.Flags);
        Assert.Equal(0, tcp.Window);
        Assert.Equal(0x6559, tcp.Checksum);
        Assert.True(tcp.IsChecksumValid(Ipv4Address.Parse("203.0.113.2"), Ipv4Address.Parse("10.9.1.2")));
        Assert.False(tcp.IsChecksumValid(Ipv4Address.Parse("203.0.113.3"), Ipv4Address.Parse("10.9.1.2")));
    }

    [Fact]
    public void WriteHeaderAndFillChecksum_KernelRstFields_GiveTheSameBytes()
    {
        byte[] expected = KnownFrames.TcpRst[TcpAt..];
        byte[] written = new byte[expected.Length];
        TcpSegment.WriteHeader(written, 24, 7024, 0, 0x24fdc2e4, TcpSegment.Rst | TcpSegment.Ack, 0);
        TcpSegment.CreateUnchecked(written).FillChecksum(Ipv4Address.Parse("203.0.113.2"), Ipv4Address.Parse("10.9.1.2"));
        Assert.Equal(expected, written);
    }

    /// <summary>Offloaded as the kernel does: the folded pseudo-header sum in the checksum field.</summary>
    [Fact]
    public void WriteHeader_KernelSynFields_GivesTheSameBytes()
    {
        byte[] expected = KnownFrames.TcpSyn[TcpAt..];
        byte[] written = new byte[expected.Length];
        TcpSegment.WriteHeader(written, 4001, 8080, 0x7090a660, 0, TcpSegment.Syn, 64240, headerLength: 40);
        TcpSegment tcp = TcpSegment.CreateUnchecked(written);
        expected.AsSpan(TcpSegment.MinHeaderLength, 20).CopyTo(tcp.Options);
        tcp.Checksum = (ushort)InternetChecksum.PseudoHeader(Ipv4Address.Parse("10.12.0.2"), Ipv4Address.Parse("198.51.100.2"), IpProtocol.Tcp, 40);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void WriteHeaderAndFillChecksum_RandomSegments_PacketDotNetDecodesThem() =>
        s_frame.Sample(frame =>
        {
            var decoded = Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<TcpPacket>();
            Assert.True(decoded.ValidTcpChecksum);
            Assert.Equal(0, decoded.UrgentPointer);
            PacketDotNetOracle.AssertAgrees(frame);
        }, iter: 2_000);

    /// <summary>What NAT does to a segment (RFC 1624 on the pseudo-header address and on the port) equals filling
    /// the checksum again, and PacketDotNet agrees the result is valid.</summary>
    [Fact]
    public void NatRewrite_PatchedChecksum_EqualsFillChecksum() =>
        Gen.Select(s_frame, WireGen.Ipv4, Gen.UShort, Gen.Bool).Sample((frame, address, port, rewriteSource) =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(frame.AsSpan(EthernetFrame.HeaderLength));
            TcpSegment tcp = TcpSegment.CreateUnchecked(ip.Payload);
            if (rewriteSource)
            {
                tcp.Checksum = InternetChecksum.Update(tcp.Checksum, ip.Source.Value, address.Value);
                tcp.Checksum = InternetChecksum.Update(tcp.Checksum, tcp.SourcePort, port);
                ip.SetSourcePatched(address);
                tcp.SourcePort = port;
            }
            else
            {
                tcp.Checksum = InternetChecksum.Update(tcp.Checksum, ip.Destination.Value, address.Value);
                tcp.Checksum = InternetChecksum.Update(tcp.Checksum, tcp.DestinationPort, port);
                ip.SetDestinationPatched(address);
                tcp.DestinationPort = port;
            }
            ushort patched = tcp.Checksum;
            Assert.True(tcp.IsChecksumValid(ip.Source, ip.Destination));
            Assert.True(ip.IsChecksumValid);
            Assert.True(Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<TcpPacket>().ValidTcpChecksum);
            tcp.FillChecksum(ip.Source, ip.Destination);
            Assert.Equal(tcp.Checksum, patched);
        }, iter: 5_000);

    /// <summary>A forwarding router's edit with a 32-bit field inside the segment (the sequence number, as a
    /// sequence-adjusting NAT helper rewrites it).</summary>
    [Fact]
    public void SequenceRewrite_PatchedChecksum_EqualsFillChecksum() =>
        Gen.Select(s_frame, Gen.UInt).Sample((frame, seq) =>
        {
            Ipv4Packet ip = Ipv4Packet.CreateUnchecked(frame.AsSpan(EthernetFrame.HeaderLength));
            TcpSegment tcp = TcpSegment.CreateUnchecked(ip.Payload);
            tcp.Checksum = InternetChecksum.Update(tcp.Checksum, tcp.SequenceNumber, seq);
            tcp.SequenceNumber = seq;
            ushort patched = tcp.Checksum;
            tcp.FillChecksum(ip.Source, ip.Destination);
            Assert.Equal(tcp.Checksum, patched);
        }, iter: 2_000);

    [Theory, InlineData(0), InlineData(19)]
    public void TryCreate_ShorterThanAHeader_ReturnsFalse(int length) =>
        Assert.False(TcpSegment.TryCreate(KnownFrames.TcpRst.AsSpan(TcpAt, length), out _));

    [Theory, InlineData(0x00), InlineData(0x40), InlineData(0x60)]
    public void TryCreate_DataOffsetOutOfRange_ReturnsFalse(byte offsetByte)
    {
        byte[] segment = KnownFrames.TcpRst[TcpAt..]; // 20 bytes: data offsets 0..4 are too short, 6.. too long
        segment[12] = offsetByte;
        Assert.False(TcpSegment.TryCreate(segment, out _));
    }

    [Fact]
    public void Flags_IgnoreTheReservedBitsBesideTheDataOffset()
    {
        byte[] segment = KnownFrames.TcpRst[TcpAt..];
        segment[12] |= 0x0F;
        Assert.True(TcpSegment.TryCreate(segment, out TcpSegment tcp));
        Assert.Equal(20, tcp.HeaderLength);
        Assert.Equal(TcpSegment.Rst | TcpSegment.Ack, tcp.Flags);
    }
}
