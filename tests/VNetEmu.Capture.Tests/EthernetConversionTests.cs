using PacketDotNet;

namespace VNetEmu.Capture.Tests;

public class EthernetConversionTests
{
    private static readonly byte[] s_mac = [0x02, 0x42, 0xac, 0x11, 0x00, 0x02];

    /// <summary>SLL: packet type 4 (outgoing), ARPHRD_ETHER, address length 6, address padded to 8, protocol.</summary>
    private static byte[] Sll(int addressLength, ushort protocol, byte[] payload) =>
        [0, 4, 0, 1, 0, (byte)addressLength, .. s_mac, 0, 0, (byte)(protocol >> 8), (byte)protocol, .. payload];

    /// <summary>SLL2: protocol, reserved, ifindex 7, ARPHRD_ETHER, packet type 0, address length, address padded to 8.</summary>
    private static byte[] Sll2(int addressLength, ushort protocol, byte[] payload) =>
        [(byte)(protocol >> 8), (byte)protocol, 0, 0, 0, 0, 0, 7, 0, 1, 0, (byte)addressLength, .. s_mac, 0, 0, .. payload];

    [Fact]
    public void Sll_BecomesEthernetWithSourceFromAddress()
    {
        CapturedFrame frame = ReadOnePcap(LinkTypes.LinuxSll, Sll(6, 0x0800, Frames.Ipv4Udp), out CaptureInterface described);
        Assert.Equal(LinkTypes.LinuxSll, described.LinkType);
        Assert.Equal([0, 0, 0, 0, 0, 0, .. s_mac, 0x08, 0x00, .. Frames.Ipv4Udp], frame.Data.ToArray());
        Assert.Equal(14 + Frames.Ipv4Udp.Length, frame.OriginalLength);
        var ethernet = Assert.IsType<EthernetPacket>(Packet.ParsePacket(LinkLayers.Ethernet, frame.Data.ToArray()));
        Assert.IsType<IPv4Packet>(ethernet.PayloadPacket);
        Assert.Equal("0242AC110002", ethernet.SourceHardwareAddress.ToString());
    }

    [Fact]
    public void Sll_AddressNotSixBytes_GivesZeroSource()
    {
        CapturedFrame frame = ReadOnePcap(LinkTypes.LinuxSll, Sll(0, 0x86DD, Frames.Ipv6NoNext), out _);
        Assert.Equal([.. new byte[12], 0x86, 0xDD, .. Frames.Ipv6NoNext], frame.Data.ToArray());
    }

    [Fact]
    public void Sll_LlcProtocol_Becomes8023LengthField()
    {
        byte[] llc = [0x42, 0x42, 0x03, 0, 0];
        CapturedFrame frame = ReadOnePcap(LinkTypes.LinuxSll, Sll(6, 0x0004, llc), out _);
        Assert.Equal([0, 0, 0, 0, 0, 0, .. s_mac, 0x00, 0x05, .. llc], frame.Data.ToArray());
    }

    [Fact]
    public void Sll2_BecomesEthernet_InPcapng()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.AddInterface("any", LinkTypes.LinuxSll2);
            writer.WritePacket(0, 1, Sll2(6, 0x0800, Frames.Ipv4Udp), "cooked");
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "sll2.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal([0, 0, 0, 0, 0, 0, .. s_mac, 0x08, 0x00, .. Frames.Ipv4Udp], frame.Data.ToArray());
        Assert.Equal("cooked", frame.Comment);
        Assert.Equal(LinkTypes.LinuxSll2, reader.Interfaces[0].LinkType);
    }

    [Fact]
    public void Sll2_InPcap_BecomesEthernet()
    {
        CapturedFrame frame = ReadOnePcap(LinkTypes.LinuxSll2, Sll2(6, 0x0806, [1, 2]), out _);
        Assert.Equal([0, 0, 0, 0, 0, 0, .. s_mac, 0x08, 0x06, 1, 2], frame.Data.ToArray());
    }

    [Theory]
    [InlineData(LinkTypes.Raw, 4)]
    [InlineData(LinkTypes.Ipv4, 4)]
    [InlineData(LinkTypes.Raw, 6)]
    [InlineData(LinkTypes.Ipv6, 6)]
    public void RawIp_GetsHeaderWithEtherTypeOfItsVersion(ushort linkType, int version)
    {
        byte[] packet = version == 4 ? Frames.Ipv4Udp : Frames.Ipv6NoNext;
        byte[] etherType = version == 4 ? [0x08, 0x00] : [0x86, 0xDD];
        CapturedFrame frame = ReadOnePcap(linkType, packet, out _);
        Assert.Equal([.. new byte[12], .. etherType, .. packet], frame.Data.ToArray());
        Assert.Equal(packet.Length + 14, frame.OriginalLength);
    }

    [Fact]
    public void RawIp_InSimplePacketBlock_GetsHeader()
    {
        var bytes = new CaptureBytes().SectionHeader().InterfaceDescription(LinkTypes.Ipv4, 0)
            .Block(3, b => b.U32((uint)Frames.Ipv4Udp.Length).Bytes(Frames.Ipv4Udp));
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "spb.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal([.. new byte[12], 0x08, 0x00, .. Frames.Ipv4Udp], frame.Data.ToArray());
    }

    [Theory, InlineData(false), InlineData(true)]
    public void NullLoopback_EitherHostByteOrder_BecomesEthernet(bool bigEndianHost)
    {
        byte[] family = bigEndianHost ? [0, 0, 0, 2] : [2, 0, 0, 0];
        CapturedFrame frame = ReadOnePcap(LinkTypes.Null, [.. family, .. Frames.Ipv4Udp], out _);
        Assert.Equal([.. new byte[12], 0x08, 0x00, .. Frames.Ipv4Udp], frame.Data.ToArray());
    }

    [Theory]
    [InlineData(LinkTypes.LinuxSll, 15)]
    [InlineData(LinkTypes.LinuxSll2, 3)]
    [InlineData(LinkTypes.Null, 2)]
    [InlineData(LinkTypes.Raw, 0)]
    public void FrameShorterThanPseudoHeader_BecomesZeroHeader(ushort linkType, int length)
    {
        CapturedFrame frame = ReadOnePcap(linkType, new byte[length], out _);
        Assert.Equal(new byte[14], frame.Data.ToArray());
    }

    [Fact]
    public void ConvertToEthernetFalse_ReturnsFileBytes()
    {
        byte[] sll = Sll(6, 0x0800, Frames.Ipv4Udp);
        byte[] file = new CaptureBytes().PcapHeader(0xA1B2C3D4, LinkTypes.LinuxSll).PcapRecord(1, 2, sll).ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "sll.pcap") { ConvertToEthernet = false };
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal(sll, frame.Data.ToArray());
    }

    [Fact]
    public void OtherLinkType_IsReturnedUnchanged()
    {
        byte[] radiotap = [0, 0, 8, 0, 0, 0, 0, 0];
        CapturedFrame frame = ReadOnePcap(127, radiotap, out _);
        Assert.Equal(radiotap, frame.Data.ToArray());
    }

    private static CapturedFrame ReadOnePcap(ushort linkType, byte[] data, out CaptureInterface described)
    {
        byte[] file = new CaptureBytes(bigEndian: true).PcapHeader(0xA1B2C3D4, linkType).PcapRecord(1, 2, data).ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "cooked.pcap");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        described = reader.Interfaces[0];
        return frame with { Data = frame.Data.ToArray() };
    }
}
