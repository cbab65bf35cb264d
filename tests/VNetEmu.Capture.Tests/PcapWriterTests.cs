namespace VNetEmu.Capture.Tests;

public class PcapWriterTests
{
    private static readonly byte[] s_frame = [.. Enumerable.Range(0, 64).Select(i => (byte)(255 - i))];

    [Fact]
    public void WriteThenRead_ReturnsSameFramesWithNanosecondTimestamps()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            writer.WritePacket(1_795_393_496_910_465_123, s_frame);
            writer.WritePacket(4_294_967_295_999_999_999, s_frame.AsSpan(0, 3));
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "mem.pcap");
        Assert.Equal([new CaptureInterface(0, null, LinkTypes.Ethernet, 262144)], reader.Interfaces);
        Assert.True(reader.TryReadNext(out CapturedFrame first));
        Assert.Equal(1_795_393_496_910_465_123, first.TimestampNs);
        Assert.Equal(s_frame, first.Data.ToArray());
        Assert.Equal(64, first.OriginalLength);
        Assert.True(reader.TryReadNext(out CapturedFrame last));
        Assert.Equal(4_294_967_295_999_999_999, last.TimestampNs);
        Assert.Equal(s_frame[..3], last.Data.ToArray());
        Assert.False(reader.TryReadNext(out _));
    }

    [Fact]
    public void Header_IsLittleEndianNanosecondMagicWithLinkType()
    {
        var stream = new MemoryStream();
        new PcapWriter(stream, LinkTypes.LinuxSll2, 65535).Dispose();
        byte[] expected = [0x4D, 0x3C, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0x14, 0x01, 0, 0];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Record_IsSecondsNanosecondsCapturedOriginal()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, snapLength: 2, leaveOpen: true))
        {
            writer.WritePacket(3_000_000_007, [0xAA, 0xBB, 0xCC]);
        }
        byte[] expected = [3, 0, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xAA, 0xBB];
        Assert.Equal(expected, stream.ToArray()[24..]);
    }

    [Fact]
    public void WritePacket_AllocatesNothing()
    {
        using var writer = new PcapWriter(Stream.Null);
        writer.WritePacket(0, s_frame);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            writer.WritePacket(i, s_frame);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WritePacket_TimeOutsidePcapRange_Throws()
    {
        using var writer = new PcapWriter(Stream.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(-1, s_frame));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(4_294_967_296_000_000_000, s_frame));
    }
}
