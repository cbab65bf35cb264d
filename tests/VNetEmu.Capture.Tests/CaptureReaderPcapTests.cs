using PacketDotNet;

namespace VNetEmu.Capture.Tests;

public class CaptureReaderPcapTests
{
    [Theory]
    [InlineData("veth-ping.vc-a.veth0.pcap", 10, 1_795_394_097_196_997_000)]
    [InlineData("arp-neighbours.vc-a.eth0.pcap", 11, 1_795_393_496_910_465_000)]
    [InlineData("reject-variants.vc-cli.eth0.pcap", 18, 1_795_393_698_293_207_000)]
    public void KernelCapture_ReadsEveryFrame_AndPacketDotNetParsesThem(string file, int count, long firstTimestampNs)
    {
        using CaptureReader reader = CaptureReader.Open(Path.Combine(AppContext.BaseDirectory, "Data", file));
        Assert.Equal([new CaptureInterface(0, null, LinkTypes.Ethernet, 262144)], reader.Interfaces);
        var timestamps = new List<long>();
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            timestamps.Add(frame.TimestampNs);
            Assert.Equal(frame.Data.Length, frame.OriginalLength);
            var ethernet = Assert.IsType<EthernetPacket>(Packet.ParsePacket(LinkLayers.Ethernet, frame.Data.ToArray()));
            Assert.NotNull(ethernet.PayloadPacket);
        }
        Assert.Equal(count, reader.PacketNumber);
        Assert.Equal(count, timestamps.Count);
        Assert.Equal(firstTimestampNs, timestamps[0]);
        Assert.Equal(timestamps.Order(), timestamps);
    }

    [Fact]
    public void TryReadNext_AllocatesNothingPerFrame()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            for (int i = 0; i < 1000; i++)
            {
                writer.WritePacket(i, Frames.EthernetIpv4Udp);
            }
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "mem.pcap");
        Assert.True(reader.TryReadNext(out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (reader.TryReadNext(out _))
        {
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, reader.PacketNumber);
    }

    [Theory]
    [InlineData(false, 0xA1B2C3D4u, 1000)]
    [InlineData(true, 0xA1B2C3D4u, 1000)]
    [InlineData(false, 0xA1B23C4Du, 1)]
    [InlineData(true, 0xA1B23C4Du, 1)]
    public void EitherByteOrderAndResolution_ReadsSameFrames(bool bigEndian, uint magic, long nsPerFraction)
    {
        byte[] file = new CaptureBytes(bigEndian)
            .PcapHeader(magic, LinkTypes.Ethernet, 65535)
            .PcapRecord(1_700_000_000, 123_456, Frames.EthernetIpv4Udp, 1514)
            .PcapRecord(1_700_000_001, 999_999, [1, 2, 3])
            .ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "hand.pcap");
        Assert.Equal([new CaptureInterface(0, null, LinkTypes.Ethernet, 65535)], reader.Interfaces);
        Assert.True(reader.TryReadNext(out CapturedFrame first));
        Assert.Equal(1_700_000_000_000_000_000 + 123_456 * nsPerFraction, first.TimestampNs);
        Assert.Equal(Frames.EthernetIpv4Udp, first.Data.ToArray());
        Assert.Equal(1514, first.OriginalLength);
        Assert.True(reader.TryReadNext(out CapturedFrame second));
        Assert.Equal(1_700_000_001_000_000_000 + 999_999 * nsPerFraction, second.TimestampNs);
        Assert.Equal([1, 2, 3], second.Data.ToArray());
        Assert.False(reader.TryReadNext(out _));
    }

    [Fact]
    public void TruncatedRecord_ThrowsWithFileOffsetPacketAndSizes()
    {
        byte[] file = new CaptureBytes()
            .PcapHeader(0xA1B2C3D4, LinkTypes.Ethernet)
            .PcapRecord(1, 0, new byte[82])
            .PcapRecord(2, 0, new byte[82])
            .ToArray();
        using var reader = new CaptureReader(new MemoryStream(file[..^42]), "cut.pcap");
        Assert.True(reader.TryReadNext(out _));
        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        Assert.Equal("cut.pcap: truncated packet record at byte offset 122 (packet 2): expected 98 bytes, 56 left", error.Message);
        Assert.Equal(122, error.Offset);
    }

    [Fact]
    public void TruncatedRecordHeader_Throws()
    {
        byte[] file = new CaptureBytes().PcapHeader(0xA1B2C3D4, LinkTypes.Ethernet).U32(1).ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "cut.pcap");
        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        Assert.Equal("cut.pcap: truncated packet record at byte offset 24 (packet 1): expected 16 bytes, 4 left", error.Message);
    }

    [Fact]
    public void HugeCapturedLength_ThrowsInsteadOfAllocating()
    {
        byte[] file = new CaptureBytes().PcapHeader(0xA1B2C3D4, LinkTypes.Ethernet).U32(1).U32(0).U32(0xFFFF_FFF0).U32(60).ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "big.pcap");
        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        Assert.StartsWith("big.pcap: corrupt packet record at byte offset 24 (packet 1): captured length 4294967280", error.Message);
    }

    [Theory]
    [InlineData(new byte[0], "empty.pcap: truncated file header at byte offset 0: expected 4 bytes, 0 left")]
    [InlineData(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1, 2, 0 }, "empty.pcap: truncated pcap file header at byte offset 0: expected 24 bytes, 6 left")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, "empty.pcap: unknown file format at byte offset 0: magic number 0x464c457f is neither pcap nor pcapng")]
    public void BadFileHeader_ThrowsFromConstructor_AndClosesStream(byte[] file, string message)
    {
        var stream = new MemoryStream(file);
        var error = Assert.Throws<CaptureFormatException>(() => new CaptureReader(stream, "empty.pcap"));
        Assert.Equal(message, error.Message);
        Assert.False(stream.CanRead);
    }

    [Theory]
    [InlineData(0xA1B2C3D4u, 1_000_000u, "µs")]
    [InlineData(0xA1B2C3D4u, 0xFFFF_FFFFu, "µs")]
    [InlineData(0xA1B23C4Du, 1_000_000_000u, "ns")]
    public void FractionOfASecondOutOfRange_IsRefusedNamingThePacket(uint magic, uint fraction, string unit)
    {
        byte[] file = new CaptureBytes().PcapHeader(magic, LinkTypes.Ethernet)
            .PcapRecord(1, 0, Frames.EthernetIpv4Udp).PcapRecord(2, fraction, Frames.EthernetIpv4Udp).ToArray();
        using var reader = new CaptureReader(new MemoryStream(file), "ts.pcap");
        Assert.True(reader.TryReadNext(out _));
        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        long second = 24 + 16 + Frames.EthernetIpv4Udp.Length;
        uint perSecond = unit == "ns" ? 1_000_000_000u : 1_000_000u;
        Assert.Equal($"ts.pcap: corrupt packet record at byte offset {second} (packet 2): timestamp fraction {fraction} is not below one second ({perSecond} {unit})", error.Message);
        Assert.Equal(second, error.Offset);
    }

    [Theory]
    [InlineData(2, 5, "ver.pcap: unsupported pcap file header at byte offset 0: version 2.5, expected 2.0 to 2.4")]
    [InlineData(1, 0, "ver.pcap: unsupported pcap file header at byte offset 0: version 1.0, expected 2.0 to 2.4")]
    public void VersionLibpcapDoesNotRead_IsRefused(int major, int minor, string message)
    {
        byte[] file = new CaptureBytes().U32(0xA1B2C3D4).U16(major).U16(minor).U32(0).U32(0).U32(65535).U32(1).ToArray();
        var error = Assert.Throws<CaptureFormatException>(() => new CaptureReader(new MemoryStream(file), "ver.pcap"));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0x0001_0001u, false)]
    [InlineData(0x0200_0001u, false)]
    [InlineData(0x0400_0001u, true)] // FCS length present
    [InlineData(0xF400_0001u, true)]
    public void ReservedLinkTypeBits_AreRefused_FcsBitsAreNot(uint linkField, bool accepted)
    {
        byte[] file = new CaptureBytes().U32(0xA1B2C3D4).U16(2).U16(4).U32(0).U32(0).U32(65535).U32(linkField).ToArray();
        if (accepted)
        {
            using var reader = new CaptureReader(new MemoryStream(file), "lt.pcap");
            Assert.Equal(LinkTypes.Ethernet, reader.Interfaces[0].LinkType);
            return;
        }
        var error = Assert.Throws<CaptureFormatException>(() => new CaptureReader(new MemoryStream(file), "lt.pcap"));
        Assert.Equal($"lt.pcap: corrupt pcap file header at byte offset 20: link type field 0x{linkField:x8} has reserved bits set (0x{linkField & 0x03FF0000:x8})", error.Message);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CaptureReader.Open(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pcap")));
    }
}
