using CsCheck;
using PacketDotNet;

namespace VNetEmu.Wire.Tests;

public class IcmpPacketTests
{
    private const int IcmpAt = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength;

    [Fact]
    public void KernelEchoRequest_Fields()
    {
        Assert.True(IcmpPacket.TryCreate(KnownFrames.EchoRequest.AsSpan(IcmpAt), out IcmpPacket icmp));
        Assert.Equal(IcmpPacket.TypeEchoRequest, icmp.Type);
        Assert.Equal(0, icmp.Code);
        Assert.Equal(0x7c53, icmp.Checksum);
        Assert.Equal(0x18e2, icmp.Identifier);
        Assert.Equal(1, icmp.Sequence);
        Assert.False(icmp.IsError);
        Assert.True(icmp.IsChecksumValid);
        Assert.Equal(56, icmp.Payload.Length);
        Assert.Equal(0x10, icmp.Payload[16]); // ping's pattern starts after its 16-byte timeval
    }

    [Fact]
    public void Setters_KernelEchoRequestFields_GiveTheSameBytes()
    {
        byte[] expected = KnownFrames.EchoRequest[IcmpAt..];
        byte[] written = new byte[expected.Length];
        expected.AsSpan(IcmpPacket.HeaderLength).CopyTo(written.AsSpan(IcmpPacket.HeaderLength));
        IcmpPacket icmp = IcmpPacket.CreateUnchecked(written);
        icmp.Type = IcmpPacket.TypeEchoRequest;
        icmp.Code = 0;
        icmp.Identifier = 0x18e2;
        icmp.Sequence = 1;
        icmp.FillChecksum();
        Assert.Equal(expected, written);
    }

    /// <summary>An echo responder's edit: type 8 to 0 changes one word, patched per RFC 1624.</summary>
    [Fact]
    public void EchoRequestIntoReply_PatchedChecksum_EqualsRecomputed()
    {
        IcmpPacket icmp = IcmpPacket.CreateUnchecked(KnownFrames.EchoRequest.AsSpan(IcmpAt));
        icmp.Checksum = InternetChecksum.Update(icmp.Checksum, (ushort)0x0800, (ushort)0x0000);
        icmp.Type = IcmpPacket.TypeEchoReply;
        Assert.True(icmp.IsChecksumValid);
        ushort patched = icmp.Checksum;
        icmp.FillChecksum();
        Assert.Equal(icmp.Checksum, patched);
    }

    [Fact]
    public void KernelPortUnreachable_QuotesTheDatagram()
    {
        Assert.True(IcmpPacket.TryCreate(KnownFrames.PortUnreachable.AsSpan(IcmpAt), out IcmpPacket icmp));
        Assert.Equal(IcmpPacket.TypeDestinationUnreachable, icmp.Type);
        Assert.Equal(IcmpPacket.CodePortUnreachable, icmp.Code);
        Assert.Equal(0x23f3, icmp.Checksum);
        Assert.True(icmp.IsError);
        Assert.True(icmp.IsChecksumValid);
        Assert.Equal(KnownFrames.UdpForwarded[EthernetFrame.HeaderLength..], icmp.Payload.ToArray());
        Assert.True(Ipv4Packet.TryCreate(icmp.Payload, out Ipv4Packet quoted));
        Assert.True(UdpDatagram.TryCreate(quoted.Payload, out UdpDatagram udp));
        Assert.Equal(4444, udp.DestinationPort);
    }

    [Fact]
    public void KernelFragmentationNeeded_CarriesTheNextHopMtu()
    {
        byte[] frame = TestData.Frame("fragmentation.pcap", 9);
        Assert.True(IcmpPacket.TryCreate(frame.AsSpan(IcmpAt), out IcmpPacket icmp));
        Assert.Equal(IcmpPacket.TypeDestinationUnreachable, icmp.Type);
        Assert.Equal(IcmpPacket.CodeFragmentationNeeded, icmp.Code);
        Assert.Equal(1400, icmp.NextHopMtu);
        Assert.True(icmp.IsError);
        Assert.True(icmp.IsChecksumValid);
    }

    [Theory]
    [InlineData(IcmpPacket.TypeEchoReply, false)]
    [InlineData(IcmpPacket.TypeDestinationUnreachable, true)]
    [InlineData(4, true)] // source quench
    [InlineData(IcmpPacket.TypeRedirect, true)]
    [InlineData(IcmpPacket.TypeEchoRequest, false)]
    [InlineData(IcmpPacket.TypeTimeExceeded, true)]
    [InlineData(IcmpPacket.TypeParameterProblem, true)]
    [InlineData(13, false)] // timestamp
    public void IsError_QuotingTypes(byte type, bool expected)
    {
        byte[] bytes = new byte[IcmpPacket.HeaderLength];
        IcmpPacket icmp = IcmpPacket.CreateUnchecked(bytes);
        icmp.Type = type;
        Assert.Equal(expected, icmp.IsError);
    }

    [Fact]
    public void FillChecksum_RandomMessages_PacketDotNetValidatesThem() =>
        Gen.Select(Gen.Byte, Gen.Byte, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 100]).Sample((type, code, identifier, sequence, payload) =>
        {
            byte[] packet = new byte[Ipv4Packet.MinHeaderLength + IcmpPacket.HeaderLength + payload.Length];
            Ipv4Packet.WriteHeader(packet, new Ipv4Address(0x0A00_0001), new Ipv4Address(0x0A00_0002), IpProtocol.Icmp,
                IcmpPacket.HeaderLength + payload.Length, 64, 1, true);
            IcmpPacket icmp = IcmpPacket.CreateUnchecked(packet.AsSpan(Ipv4Packet.MinHeaderLength));
            icmp.Type = type;
            icmp.Code = code;
            icmp.Identifier = identifier;
            icmp.Sequence = sequence;
            payload.CopyTo(icmp.Payload);
            icmp.FillChecksum();
            var decoded = new IPv4Packet(new PacketDotNet.Utils.ByteArraySegment(packet)).Extract<IcmpV4Packet>();
            Assert.True(decoded.ValidIcmpChecksum);
            Assert.Equal((ushort)(type << 8 | code), (ushort)decoded.TypeCode);
            Assert.Equal(identifier, decoded.Id);
            Assert.Equal(sequence, decoded.Sequence);
        }, iter: 2_000);

    [Theory, InlineData(0), InlineData(7)]
    public void TryCreate_ShorterThanAHeader_ReturnsFalse(int length) =>
        Assert.False(IcmpPacket.TryCreate(KnownFrames.EchoRequest.AsSpan(IcmpAt, length), out _));
}
