using System.Text;

namespace VNetEmu.Capture.Tests;

public class CaptureReaderPcapngTests
{
    private static readonly byte[] s_data = [.. Frames.EthernetIpv4Udp];

    [Theory, InlineData(false), InlineData(true)]
    public void EitherByteOrder_ReadsEnhancedSimpleAndObsoletePacketBlocks(bool bigEndian)
    {
        var bytes = new CaptureBytes(bigEndian);
        bytes.SectionHeader()
            .Block(0x0BAD, b => b.U32(0xDEADBEEF)) // unknown block: skipped
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(2, "eth0"u8))
            .EnhancedPacket(0, 1_700_000_000_123_456, s_data, "hello")
            .Block(3, b => b.U32((uint)s_data.Length).Bytes(s_data)) // SPB
            .Block(2, b => b.U16(0).U16(0).U32(0).U32(42).U32(3).U32(100).Bytes([7, 8, 9]).Pad4()
                .Option(1, "old"u8).U32(0)); // PB
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "hand.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame epb));
        Assert.Equal(new CapturedFrame(0, 1_700_000_000_123_456_000, epb.Data, s_data.Length, "hello"), epb);
        Assert.Equal(s_data, epb.Data.ToArray());
        Assert.True(reader.TryReadNext(out CapturedFrame spb));
        Assert.Equal(new CapturedFrame(0, 0, spb.Data, s_data.Length, null), spb);
        Assert.Equal(s_data, spb.Data.ToArray());
        Assert.True(reader.TryReadNext(out CapturedFrame pb));
        Assert.Equal(new CapturedFrame(0, 42_000, pb.Data, 100, "old"), pb);
        Assert.Equal([7, 8, 9], pb.Data.ToArray());
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal([new CaptureInterface(0, "eth0", LinkTypes.Ethernet, 0)], reader.Interfaces);
    }

    [Fact]
    public void SimplePacketBlock_IsCutToSnapLength()
    {
        var bytes = new CaptureBytes().SectionHeader().InterfaceDescription(LinkTypes.Ethernet, 20)
            .Block(3, b => b.U32((uint)s_data.Length).Bytes(s_data[..20]));
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "spb.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal(s_data[..20], frame.Data.ToArray());
        Assert.Equal(s_data.Length, frame.OriginalLength);
    }

    [Theory]
    [InlineData(6, 1_000_000, 1_000_000_000)]       // 10^-6: 1e6 ticks is one second
    [InlineData(9, 1_000_000, 1_000_000)]
    [InlineData(0, 3, 3_000_000_000)]
    [InlineData(0x80 | 10, 1024 + 512, 1_500_000_000)] // 2^-10: 1536 ticks is 1.5 s
    [InlineData(0x80 | 20, 1 << 19, 500_000_000)]
    public void TimestampResolution_PowerOfTenOrTwo(byte resolution, long ticks, long expectedNs)
    {
        var bytes = new CaptureBytes().SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(9, [resolution]))
            .EnhancedPacket(0, (ulong)ticks, s_data);
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "res.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal(expectedNs, frame.TimestampNs);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void TimestampOffset_AddsSeconds(bool bigEndian)
    {
        var bytes = new CaptureBytes(bigEndian).SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(14, new CaptureBytes(bigEndian).I64(1_700_000_000).ToArray()))
            .EnhancedPacket(0, 2_500_000, s_data);
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "off.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal(1_700_000_002_500_000_000, frame.TimestampNs);
    }

    [Fact]
    public void SecondSection_ChangesByteOrderAndStartsWithNoInterfaces()
    {
        var bytes = new CaptureBytes();
        bytes.SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(2, "a0"u8))
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(2, "a1"u8))
            .EnhancedPacket(1, 1, s_data);
        bytes.BigEndian = true;
        bytes.SectionHeader()
            .InterfaceDescription(LinkTypes.Raw, 0, o => o.Option(2, "b0"u8).Option(9, [9]))
            .EnhancedPacket(0, 2, Frames.Ipv4Udp)
            .EnhancedPacket(1, 3, s_data); // interface 1 of the first section is gone
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "two.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame first));
        Assert.Equal((1, 1_000L), (first.InterfaceId, first.TimestampNs));
        Assert.True(reader.TryReadNext(out CapturedFrame second));
        Assert.Equal((2, 2L), (second.InterfaceId, second.TimestampNs));
        Assert.Equal(["a0", "a1", "b0"], reader.Interfaces.Select(i => i.Name));
        Assert.Equal([0, 1, 2], reader.Interfaces.Select(i => i.Id));
        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        Assert.Contains("interface 1, but the section has described 1 interfaces", error.Message);
    }

    [Fact]
    public void CommentWithTrailingNul_IsCutAtNul()
    {
        var bytes = new CaptureBytes().SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.Option(2, "eth0\0"u8))
            .EnhancedPacket(0, 1, s_data, "note\0");
        using var reader = new CaptureReader(new MemoryStream(bytes.ToArray()), "nul.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame frame));
        Assert.Equal("note", frame.Comment);
        Assert.Equal("eth0", reader.Interfaces[0].Name);
    }

    [Fact]
    public void BlockLengthNotMultipleOf4_Throws()
    {
        byte[] file = ValidFile();
        int at = SecondPacketOffset(file);
        PatchLength(file, at, 45);
        AssertThrows(file, at, $"bad.pcapng: corrupt Enhanced Packet Block at byte offset {at} (packet 2): total length 45 is not a multiple of 4");
    }

    [Fact]
    public void BlockLengthBelowMinimum_Throws()
    {
        byte[] file = ValidFile();
        int at = SecondPacketOffset(file);
        PatchLength(file, at, 28);
        AssertThrows(file, at, $"bad.pcapng: corrupt Enhanced Packet Block at byte offset {at} (packet 2): total length 28 is less than the minimum of 32");
    }

    [Fact]
    public void TrailingLengthMismatch_Throws()
    {
        byte[] file = ValidFile();
        int at = SecondPacketOffset(file);
        int length = BitConverter.ToInt32(file, at + 4);
        BitConverter.TryWriteBytes(file.AsSpan(at + length - 4), length + 4);
        AssertThrows(file, at, $"bad.pcapng: corrupt Enhanced Packet Block at byte offset {at} (packet 2): trailing total length {length + 4} does not match the leading {length}");
    }

    [Fact]
    public void TruncatedBlock_Throws()
    {
        byte[] file = ValidFile();
        int at = SecondPacketOffset(file);
        int length = BitConverter.ToInt32(file, at + 4);
        AssertThrows(file[..(at + 10)], at, $"bad.pcapng: truncated Enhanced Packet Block at byte offset {at} (packet 2): expected {length} bytes, 10 left");
    }

    [Fact]
    public void CapturedLengthPastBlockEnd_Throws()
    {
        byte[] file = ValidFile();
        int at = SecondPacketOffset(file);
        BitConverter.TryWriteBytes(file.AsSpan(at + 20), 1000);
        var error = Assert.Throws<CaptureFormatException>(() => ReadAll(file));
        Assert.Contains("captured length 1000 is more than", error.Message);
    }

    [Fact]
    public void OptionPastBlockEnd_Throws()
    {
        var bytes = new CaptureBytes().SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 0, o => o.U16(2).U16(200).U32(0));
        var error = Assert.Throws<CaptureFormatException>(() => ReadAll(bytes.ToArray()));
        Assert.Equal("bad.pcapng: corrupt Interface Description Block at byte offset 28: option 2 of 200 bytes at byte offset 44 runs past the end of the block", error.Message);
    }

    [Fact]
    public void BadByteOrderMagic_Throws()
    {
        byte[] file = ValidFile();
        file[8] = 0x11;
        var error = Assert.Throws<CaptureFormatException>(() => ReadAll(file));
        Assert.Equal("bad.pcapng: corrupt Section Header Block at byte offset 0: byte-order magic 0x1a2b3c11 is not 0x1a2b3c4d in either byte order", error.Message);
    }

    [Fact]
    public void PacketBeforeAnyInterface_Throws()
    {
        var bytes = new CaptureBytes().SectionHeader().EnhancedPacket(0, 1, s_data);
        var error = Assert.Throws<CaptureFormatException>(() => ReadAll(bytes.ToArray()));
        Assert.Equal("bad.pcapng: corrupt Enhanced Packet Block at byte offset 28 (packet 1): interface 0, but the section has described 0 interfaces", error.Message);
    }

    private static byte[] ValidFile()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.AddInterface("eth0");
            writer.WritePacket(0, 1, s_data, "one");
            writer.WritePacket(0, 2, s_data);
            writer.WritePacket(0, 3, s_data, "three");
        }
        return stream.ToArray();
    }

    private static int SecondPacketOffset(byte[] file)
    {
        int at = 0;
        for (int blocks = 0; blocks < 3; blocks++) // SHB, IDB, first EPB
        {
            at += BitConverter.ToInt32(file, at + 4);
        }
        Assert.Equal(6, BitConverter.ToInt32(file, at));
        return at;
    }

    private static void PatchLength(byte[] file, int at, int length) => BitConverter.TryWriteBytes(file.AsSpan(at + 4), length);

    private static void AssertThrows(byte[] file, int offset, string message)
    {
        var error = Assert.Throws<CaptureFormatException>(() => ReadAll(file));
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
    }

    private static int ReadAll(byte[] file)
    {
        using var reader = new CaptureReader(new MemoryStream(file), "bad.pcapng");
        int count = 0;
        while (reader.TryReadNext(out _))
        {
            count++;
        }
        return count;
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(1, 3, false)]
    [InlineData(2, 0, false)]
    [InlineData(1, 2, true)]
    public void SectionVersionLibpcapDoesNotRead_IsRefused(int major, int minor, bool accepted)
    {
        byte[] file = new CaptureBytes().Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(major).U16(minor).I64(-1))
            .InterfaceDescription(LinkTypes.Ethernet, 0).EnhancedPacket(0, 1, Frames.EthernetIpv4Udp).ToArray();
        if (accepted)
        {
            using var reader = new CaptureReader(new MemoryStream(file), "v.pcapng");
            Assert.True(reader.TryReadNext(out _));
            return;
        }
        var error = Assert.Throws<CaptureFormatException>(() => new CaptureReader(new MemoryStream(file), "v.pcapng"));
        Assert.Equal($"v.pcapng: unsupported Section Header Block at byte offset 0: version {major}.{minor}, expected 1.0 or 1.2", error.Message);
    }
}
