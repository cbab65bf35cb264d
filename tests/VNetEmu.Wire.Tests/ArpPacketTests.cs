using CsCheck;
using PacketDotNet;

namespace VNetEmu.Wire.Tests;

public class ArpPacketTests
{
    [Fact]
    public void KernelRequest_Fields()
    {
        Assert.True(ArpPacket.TryCreate(KnownFrames.ArpRequest.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp));
        Assert.Equal(ArpPacket.OpRequest, arp.Operation);
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:0a"), arp.SenderHardware);
        Assert.Equal(Ipv4Address.Parse("10.1.0.1"), arp.SenderProtocol);
        Assert.Equal(MacAddress.Zero, arp.TargetHardware);
        Assert.Equal(Ipv4Address.Parse("10.1.0.2"), arp.TargetProtocol);
    }

    [Fact]
    public void KernelReply_Fields()
    {
        Assert.True(ArpPacket.TryCreate(KnownFrames.ArpReply.AsSpan(EthernetFrame.HeaderLength), out ArpPacket arp));
        Assert.Equal(ArpPacket.OpReply, arp.Operation);
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:0b"), arp.SenderHardware);
        Assert.Equal(Ipv4Address.Parse("10.1.0.2"), arp.SenderProtocol);
        Assert.Equal(MacAddress.Parse("02:00:00:00:01:0a"), arp.TargetHardware);
        Assert.Equal(Ipv4Address.Parse("10.1.0.1"), arp.TargetProtocol);
    }

    [Fact]
    public void Write_KernelRequestFields_GivesTheSameFrame()
    {
        byte[] frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
        var sender = MacAddress.Parse("02:00:00:00:01:0a");
        EthernetFrame.WriteHeader(frame, MacAddress.Broadcast, sender, EtherType.Arp);
        ArpPacket.Write(frame.AsSpan(EthernetFrame.HeaderLength), ArpPacket.OpRequest, sender, Ipv4Address.Parse("10.1.0.1"),
            MacAddress.Zero, Ipv4Address.Parse("10.1.0.2"));
        Assert.Equal(KnownFrames.ArpRequest, frame);
    }

    [Fact]
    public void Write_KernelReplyFields_GivesTheSameFrame()
    {
        byte[] frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
        var a = MacAddress.Parse("02:00:00:00:01:0a");
        var b = MacAddress.Parse("02:00:00:00:01:0b");
        EthernetFrame.WriteHeader(frame, a, b, EtherType.Arp);
        ArpPacket.Write(frame.AsSpan(EthernetFrame.HeaderLength), ArpPacket.OpReply, b, Ipv4Address.Parse("10.1.0.2"),
            a, Ipv4Address.Parse("10.1.0.1"));
        Assert.Equal(KnownFrames.ArpReply, frame);
    }

    /// <summary>Turning the captured request into the reply in place, as an ARP responder would.</summary>
    [Fact]
    public void Setters_RequestIntoReply_GiveTheKernelReply()
    {
        byte[] bytes = KnownFrames.ArpRequest;
        EthernetFrame frame = EthernetFrame.CreateUnchecked(bytes);
        Assert.True(ArpPacket.TryCreate(frame.Payload, out ArpPacket arp));
        var answer = MacAddress.Parse("02:00:00:00:01:0b");
        frame.Destination = frame.Source;
        frame.Source = answer;
        (Ipv4Address asked, Ipv4Address asker) = (arp.TargetProtocol, arp.SenderProtocol);
        arp.Operation = ArpPacket.OpReply;
        arp.TargetHardware = arp.SenderHardware;
        arp.TargetProtocol = asker;
        arp.SenderHardware = answer;
        arp.SenderProtocol = asked;
        Assert.Equal(KnownFrames.ArpReply, bytes);
    }

    [Fact]
    public void Write_RandomFields_PacketDotNetDecodesThem() =>
        Gen.Select(Gen.UShort, WireGen.Mac, WireGen.Ipv4, WireGen.Mac, WireGen.Ipv4).Sample((operation, senderMac, senderIp, targetMac, targetIp) =>
        {
            byte[] frame = new byte[EthernetFrame.HeaderLength + ArpPacket.Length];
            EthernetFrame.WriteHeader(frame, MacAddress.Broadcast, senderMac, EtherType.Arp);
            ArpPacket.Write(frame.AsSpan(EthernetFrame.HeaderLength), operation, senderMac, senderIp, targetMac, targetIp);
            var arp = Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<PacketDotNet.ArpPacket>();
            Assert.Equal(LinkLayers.Ethernet, arp.HardwareAddressType);
            Assert.Equal(EthernetType.IPv4, arp.ProtocolAddressType);
            Assert.Equal(operation, (ushort)arp.Operation);
            Assert.Equal(senderMac, PacketDotNetOracle.ToMac(arp.SenderHardwareAddress));
            Assert.Equal(senderIp, PacketDotNetOracle.ToIpv4(arp.SenderProtocolAddress));
            Assert.Equal(targetMac, PacketDotNetOracle.ToMac(arp.TargetHardwareAddress));
            Assert.Equal(targetIp, PacketDotNetOracle.ToIpv4(arp.TargetProtocolAddress));
        }, iter: 1_000);

    [Fact]
    public void TryCreate_Truncated_ReturnsFalse() =>
        Assert.False(ArpPacket.TryCreate(KnownFrames.ArpRequest.AsSpan(EthernetFrame.HeaderLength, ArpPacket.Length - 1), out _));

    /// <summary>Hardware type, protocol type, hardware length, protocol length: each must be Ethernet/IPv4's.</summary>
    [Theory, InlineData(1), InlineData(2), InlineData(4), InlineData(5)]
    public void TryCreate_NotEthernetIpv4_ReturnsFalse(int field)
    {
        byte[] arp = KnownFrames.ArpRequest[EthernetFrame.HeaderLength..];
        arp[field] ^= 0x20;
        Assert.False(ArpPacket.TryCreate(arp, out _));
    }
}
