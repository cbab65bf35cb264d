using System.Buffers.Binary;

namespace VNetEmu.Wire.Tests;

public class EthernetFrameTests
{
    [Fact]
    public void KernelArpRequest_Fields()
    {
        Assert.True(EthernetFrame.TryCreate(KnownFrames.ArpRequest, out EthernetFrame frame));
        Assert.Equal(MacAddress.Broadcast, frame.Destination);
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:0a"), frame.Source);
        Assert.False(frame.HasVlanTag);
        Assert.Equal(-1, frame.VlanId);
        Assert.Equal(EtherType.Arp, frame.EtherType);
        Assert.Equal(EthernetFrame.HeaderLength, frame.PayloadOffset);
        Assert.Equal(ArpPacket.Length, frame.Payload.Length);
        Assert.Equal(42, frame.Bytes.Length);
    }

    [Fact]
    public void WriteHeader_KernelEchoRequestFields_GivesTheSameBytes()
    {
        byte[] expected = KnownFrames.EchoRequest;
        byte[] written = new byte[EthernetFrame.HeaderLength];
        EthernetFrame.WriteHeader(written, MacAddress.Parse("02:00:00:00:01:0b"), MacAddress.Parse("02:00:00:00:01:0a"), EtherType.Ipv4);
        Assert.Equal(expected[..EthernetFrame.HeaderLength], written);
    }

    [Fact]
    public void Setters_KernelArpReplyFields_GiveTheSameBytes()
    {
        byte[] expected = KnownFrames.ArpReply;
        byte[] written = expected.ToArray();
        written.AsSpan(0, EthernetFrame.HeaderLength).Clear();
        EthernetFrame frame = EthernetFrame.CreateUnchecked(written);
        frame.Destination = MacAddress.Parse("02:00:00:00:01:0a");
        frame.Source = MacAddress.Parse("02:00:00:00:01:0b");
        frame.EtherType = EtherType.Arp;
        Assert.Equal(expected, written);
    }

    /// <summary>The echo request with an 802.1Q tag (priority 5, VLAN 100) inserted after the addresses.</summary>
    private static byte[] TaggedEchoRequest()
    {
        byte[] untagged = KnownFrames.EchoRequest;
        byte[] tag = [0x81, 0x00, 0xa0, 0x64];
        return [.. untagged[..12], .. tag, .. untagged[12..]];
    }

    [Fact]
    public void Tagged_Fields_ReadPastTheTag()
    {
        byte[] bytes = TaggedEchoRequest();
        Assert.True(EthernetFrame.TryCreate(bytes, out EthernetFrame frame));
        Assert.True(frame.HasVlanTag);
        Assert.Equal(100, frame.VlanId);
        Assert.Equal(EtherType.Ipv4, frame.EtherType);
        Assert.Equal(EthernetFrame.HeaderLength + 4, frame.PayloadOffset);
        Assert.Equal(KnownFrames.EchoRequest[EthernetFrame.HeaderLength..], frame.Payload.ToArray());
        PacketDotNetOracle.AssertAgrees(bytes);
    }

    [Fact]
    public void Tagged_SetEtherType_WritesAfterTheTag()
    {
        byte[] bytes = TaggedEchoRequest();
        EthernetFrame frame = EthernetFrame.CreateUnchecked(bytes);
        frame.EtherType = EtherType.Arp;
        Assert.Equal(EtherType.Vlan, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12)));
        Assert.Equal(EtherType.Arp, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16)));
    }

    [Theory, InlineData(0), InlineData(6), InlineData(13)]
    public void TryCreate_ShorterThanAHeader_ReturnsFalse(int length) =>
        Assert.False(EthernetFrame.TryCreate(KnownFrames.ArpRequest[..length], out _));

    [Theory, InlineData(14), InlineData(17)]
    public void TryCreate_TagWithoutItsEtherType_ReturnsFalse(int length) =>
        Assert.False(EthernetFrame.TryCreate(TaggedEchoRequest()[..length], out _));

    [Fact]
    public void TryCreate_HeaderOnly_HasAnEmptyPayload()
    {
        Assert.True(EthernetFrame.TryCreate(KnownFrames.ArpRequest[..14], out EthernetFrame frame));
        Assert.Equal(0, frame.Payload.Length);
        Assert.True(EthernetFrame.TryCreate(TaggedEchoRequest()[..18], out EthernetFrame tagged));
        Assert.Equal(0, tagged.Payload.Length);
    }

    [Theory, InlineData(0, 60), InlineData(42, 60), InlineData(60, 60), InlineData(98, 98)]
    public void PaddedLength_PadsTo60(int length, int expected) => Assert.Equal(expected, EthernetFrame.PaddedLength(length));
}
