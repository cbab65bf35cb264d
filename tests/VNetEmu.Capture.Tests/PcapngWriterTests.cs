using CsCheck;

namespace VNetEmu.Capture.Tests;

public class PcapngWriterTests
{
    private static readonly byte[] s_frame = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];

    [Fact]
    public void WriteThenRead_ReturnsSameFramesTimestampsAndLengths()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int id = writer.AddInterface("eth0");
            writer.WritePacket(id, 1_795_393_496_910_465_123, s_frame);
            writer.WritePacket(id, 1_795_393_496_910_465_124, s_frame.AsSpan(0, 1));
            writer.WritePacket(id, 0, []);
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "mem.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame first));
        Assert.Equal(new CapturedFrame(0, 1_795_393_496_910_465_123, first.Data, 64, null), first);
        Assert.Equal(s_frame, first.Data.ToArray());
        Assert.Equal(1, reader.PacketNumber);
        Assert.True(reader.TryReadNext(out CapturedFrame second));
        Assert.Equal([0], second.Data.ToArray());
        Assert.Equal(1_795_393_496_910_465_124, second.TimestampNs);
        Assert.True(reader.TryReadNext(out CapturedFrame third));
        Assert.Equal(0, third.Data.Length);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(3, reader.PacketNumber);
        Assert.Equal([new CaptureInterface(0, "eth0", LinkTypes.Ethernet, 262144)], reader.Interfaces);
    }

    [Fact]
    public void MultipleInterfaces_AddedAnyTime_KeepNamesCommentsAndIds()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, "test", leaveOpen: true))
        {
            Assert.Equal(0, writer.AddInterface("veth0"));
            writer.WritePacket(0, 1000, s_frame, "first ✓");
            Assert.Equal(1, writer.AddInterface("br0", LinkTypes.Raw, 1500));
            Assert.Equal(2, writer.AddInterface(""));
            writer.WritePacket(1, 2000, s_frame);
            writer.WritePacket(2, 3000, s_frame, "third");
            writer.WritePacket(0, 4000, s_frame, "");
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "mem.pcapng") { ConvertToEthernet = false };
        var frames = new List<(int, long, string?)>();
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames.Add((frame.InterfaceId, frame.TimestampNs, frame.Comment));
            Assert.Equal(s_frame, frame.Data.ToArray());
        }
        Assert.Equal([(0, 1000L, "first ✓"), (1, 2000L, null), (2, 3000L, "third"), (0, 4000L, null)], frames);
        Assert.Equal(
            [
                new CaptureInterface(0, "veth0", LinkTypes.Ethernet, 262144),
                new CaptureInterface(1, "br0", LinkTypes.Raw, 1500),
                new CaptureInterface(2, null, LinkTypes.Ethernet, 262144),
            ],
            reader.Interfaces);
    }

    [Fact]
    public void FrameLongerThanSnapLength_IsCutAndKeepsOriginalLength()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.WritePacket(writer.AddInterface("eth0", snapLength: 10), 5, s_frame);
            writer.WritePacket(writer.AddInterface("eth1", snapLength: 0), 5, s_frame);
        }
        stream.Position = 0;
        using var reader = new CaptureReader(stream, "mem.pcapng");
        Assert.True(reader.TryReadNext(out CapturedFrame cut));
        Assert.Equal(s_frame[..10], cut.Data.ToArray());
        Assert.Equal(64, cut.OriginalLength);
        Assert.True(reader.TryReadNext(out CapturedFrame whole));
        Assert.Equal(64, whole.Data.Length);
    }

    [Fact]
    public void SameInputs_GiveSameBytes()
    {
        Assert.Equal(WriteSample(), WriteSample());
    }

    [Fact]
    public void SectionHeader_IsLittleEndianVersion1WithUserAppl()
    {
        var stream = new MemoryStream();
        new PcapngWriter(stream, "ab").Dispose();
        byte[] expected =
        [
            0x0A, 0x0D, 0x0D, 0x0A, 40, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            4, 0, 2, 0, (byte)'a', (byte)'b', 0, 0, // shb_userappl "ab", padded
            0, 0, 0, 0, 40, 0, 0, 0,                  // opt_endofopt, trailing length
        ];
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Constructor_WritesSectionHeaderToStreamAtOnce()
    {
        var stream = new MemoryStream();
        using var writer = new PcapngWriter(stream);
        Assert.Equal(0x0A, stream.ToArray()[0]);
        writer.AddInterface("eth0");
        writer.WritePacket(0, 1, s_frame);
        long before = stream.Length;
        writer.Flush();
        Assert.True(stream.Length > before);
    }

    [Fact]
    public void WritePacket_AllocatesNothing_WithOrWithoutComment()
    {
        using var writer = new PcapngWriter(Stream.Null);
        int id = writer.AddInterface("eth0");
        writer.WritePacket(id, 1, s_frame, "warm-up");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            writer.WritePacket(id, i, s_frame);
            writer.WritePacket(id, i, s_frame, "dropped by FORWARD policy");
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WritePacket_UnknownInterfaceOrNegativeTime_Throws()
    {
        using var writer = new PcapngWriter(Stream.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(0, 1, s_frame));
        writer.AddInterface("eth0");
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(1, 1, s_frame));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(0, -1, s_frame));
        Assert.Throws<ArgumentException>(() => writer.WritePacket(0, 1, s_frame, new string('x', 65536)));
    }

    [Fact]
    public void Dispose_LeaveOpenFalse_ClosesStream_AndLaterCallsThrow()
    {
        var stream = new MemoryStream();
        var writer = new PcapngWriter(stream);
        writer.AddInterface("eth0");
        writer.Dispose();
        writer.Dispose();
        Assert.False(stream.CanWrite);
        Assert.Throws<ObjectDisposedException>(() => writer.WritePacket(0, 1, s_frame));
    }

    [Fact]
    public void RandomFramesAndComments_RoundTrip()
    {
        Gen<(byte[] Data, long Time, string? Comment)> packet = Gen.Select(
            Gen.Byte.Array[0, 300], Gen.Long[0, long.MaxValue], Gen.String["abc xyz\u00e9\u2713\u65e5\t"].Null());
        packet.Array[0, 20].Sample(packets =>
        {
            var stream = new MemoryStream();
            using (var writer = new PcapngWriter(stream, leaveOpen: true))
            {
                writer.AddInterface("eth0");
                foreach (var (data, time, comment) in packets)
                {
                    writer.WritePacket(0, time, data, comment);
                }
            }
            stream.Position = 0;
            using var reader = new CaptureReader(stream, "random.pcapng");
            foreach (var (data, time, comment) in packets)
            {
                Assert.True(reader.TryReadNext(out CapturedFrame frame));
                Assert.Equal(data, frame.Data.ToArray());
                Assert.Equal(time, frame.TimestampNs);
                Assert.Equal(string.IsNullOrEmpty(comment) ? null : comment, frame.Comment);
            }
            Assert.False(reader.TryReadNext(out _));
        }, iter: 300);
    }

    private static byte[] WriteSample()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            for (int i = 0; i < 3; i++)
            {
                writer.AddInterface($"eth{i}", snapLength: 100);
            }
            for (int i = 0; i < 50; i++)
            {
                writer.WritePacket(i % 3, 1_000_000_000L * i + i, s_frame.AsSpan(0, i % 64), i % 4 == 0 ? $"c{i}" : null);
            }
        }
        return stream.ToArray();
    }
}
