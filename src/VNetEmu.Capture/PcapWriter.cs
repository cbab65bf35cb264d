using System.Buffers.Binary;

namespace VNetEmu.Capture;

/// <summary>Writes a classic pcap file: little-endian, nanosecond timestamps (magic 0xa1b23c4d), one link type.
/// Writing a packet allocates nothing; bytes reach the stream every 64 KiB and on <see cref="Flush"/>.</summary>
/// <remarks>Format: draft-ietf-opsawg-pcap §4 (file header) and §5 (packet record).</remarks>
public sealed class PcapWriter : IDisposable
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private readonly CaptureOutput _output;
    private readonly int _snapLength;

    /// <summary>Writes the file header to <paramref name="stream"/> at once.</summary>
    /// <param name="snapLength">Frames longer than this are cut to it; their original length is kept.</param>
    public PcapWriter(Stream stream, ushort linkType = LinkTypes.Ethernet, int snapLength = 262144, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        _snapLength = snapLength;
        _output = new CaptureOutput(stream, leaveOpen);
        Span<byte> header = _output.Reserve(CaptureFormat.PcapHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, CaptureFormat.PcapNanoseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2); // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType);
        _output.WriteBuffered();
    }

    /// <param name="timestampNs">Nanoseconds since the Unix epoch; pcap holds 0 to 2^32 - 1 seconds.</param>
    public void WritePacket(long timestampNs, ReadOnlySpan<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNs);
        long seconds = timestampNs / NanosecondsPerSecond;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, uint.MaxValue, nameof(timestampNs));
        int captured = Math.Min(frame.Length, _snapLength);
        Span<byte> record = _output.Reserve(CaptureFormat.PcapRecordHeaderLength + captured);
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(timestampNs % NanosecondsPerSecond));
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], captured);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], frame.Length);
        frame[..captured].CopyTo(record[CaptureFormat.PcapRecordHeaderLength..]);
    }

    /// <summary>Writes the buffered records to the stream and flushes it.</summary>
    public void Flush() => _output.Flush();

    /// <summary>Flushes, then disposes the stream unless it was opened with leaveOpen.</summary>
    public void Dispose() => _output.Dispose();
}
