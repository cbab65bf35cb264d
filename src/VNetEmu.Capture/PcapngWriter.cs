using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace VNetEmu.Capture;

/// <summary>Writes a pcapng file: one little-endian section, any number of interfaces with nanosecond timestamps,
/// Enhanced Packet Blocks with an optional comment. Writing a packet allocates nothing; bytes reach the stream every
/// 64 KiB and on <see cref="Flush"/>. The same calls give the same bytes (no host name, OS or clock is recorded).</summary>
/// <remarks>Read draft-ietf-opsawg-pcapng §3 (block and option layout) and §4 (SHB, IDB, EPB) before changing this file.</remarks>
public sealed class PcapngWriter : IDisposable
{
    private const int BlockOverhead = 12; // type, total length, trailing total length
    private const int EnhancedPacketFixedLength = 20; // interface id, timestamp (2), captured and original length
    private const byte NanosecondResolution = 9; // if_tsresol: 10^-9 s
    private readonly CaptureOutput _output;
    private readonly List<int> _snapLengths = [];

    /// <summary>Writes the Section Header Block, with <paramref name="application"/> as shb_userappl, at once.</summary>
    public PcapngWriter(Stream stream, string application = "VNetEmu", bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(application);
        int applicationLength = OptionValueLength(application, nameof(application));
        _output = new CaptureOutput(stream, leaveOpen);
        int optionsLength = applicationLength == 0 ? 0 : OptionLength(applicationLength) + 4;
        int length = BlockOverhead + 16 + optionsLength;
        Span<byte> block = _output.Reserve(length);
        WriteBlockStart(block, CaptureFormat.SectionHeaderBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], CaptureFormat.ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(block[12..], 1); // version 1.0
        BinaryPrimitives.WriteUInt16LittleEndian(block[14..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(block[16..], -1); // section length not given
        Span<byte> options = block[24..];
        if (applicationLength > 0)
        {
            options = WriteStringOption(options, CaptureFormat.ShbUserAppl, application, applicationLength);
            options = WriteEndOfOptions(options);
        }
        WriteBlockEnd(block, options);
        _output.WriteBuffered();
    }

    /// <summary>Writes an Interface Description Block with if_name and if_tsresol = 9 (nanoseconds). May be called
    /// at any time, also after packets were written.</summary>
    /// <param name="snapLength">Frames longer than this are cut to it; 0 means no limit.</param>
    /// <returns>The interface id to pass to <see cref="WritePacket"/>: 0, 1, 2, ... in call order.</returns>
    public int AddInterface(string name, ushort linkType = LinkTypes.Ethernet, int snapLength = 262144)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        int nameLength = OptionValueLength(name, nameof(name));
        int optionsLength = (nameLength == 0 ? 0 : OptionLength(nameLength)) + OptionLength(1) + 4;
        Span<byte> block = _output.Reserve(BlockOverhead + 8 + optionsLength);
        WriteBlockStart(block, CaptureFormat.InterfaceDescriptionBlock);
        BinaryPrimitives.WriteUInt16LittleEndian(block[8..], linkType);
        BinaryPrimitives.WriteUInt16LittleEndian(block[10..], 0); // reserved
        BinaryPrimitives.WriteInt32LittleEndian(block[12..], snapLength);
        Span<byte> options = block[16..];
        if (nameLength > 0)
        {
            options = WriteStringOption(options, CaptureFormat.IfName, name, nameLength);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(options, CaptureFormat.IfTsResol);
        BinaryPrimitives.WriteUInt16LittleEndian(options[2..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(options[4..], NanosecondResolution); // value byte, then 3 zero pad bytes
        options = WriteEndOfOptions(options[8..]);
        WriteBlockEnd(block, options);
        _snapLengths.Add(snapLength);
        return _snapLengths.Count - 1;
    }

    /// <summary>Writes an Enhanced Packet Block. Allocates nothing, also with a comment.</summary>
    /// <param name="interfaceId">An id returned by <see cref="AddInterface"/>.</param>
    /// <param name="timestampNs">Nanoseconds since the Unix epoch, not negative.</param>
    /// <param name="comment">Written as opt_comment in UTF-8 (at most 65535 bytes); null or empty writes none.</param>
    public void WritePacket(int interfaceId, long timestampNs, ReadOnlySpan<byte> frame, string? comment = null)
    {
        if ((uint)interfaceId >= (uint)_snapLengths.Count)
        {
            ThrowUnknownInterface(interfaceId);
        }
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNs);
        int snapLength = _snapLengths[interfaceId];
        int captured = snapLength == 0 ? frame.Length : Math.Min(frame.Length, snapLength);
        int commentLength = comment is null ? 0 : OptionValueLength(comment, nameof(comment));
        int optionsLength = commentLength == 0 ? 0 : OptionLength(commentLength) + 4;
        int padded = CaptureFormat.Pad4(captured);
        Span<byte> block = _output.Reserve(BlockOverhead + EnhancedPacketFixedLength + padded + optionsLength);
        WriteBlockStart(block, CaptureFormat.EnhancedPacketBlock);
        BinaryPrimitives.WriteInt32LittleEndian(block[8..], interfaceId);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)((ulong)timestampNs >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)timestampNs);
        BinaryPrimitives.WriteInt32LittleEndian(block[20..], captured);
        BinaryPrimitives.WriteInt32LittleEndian(block[24..], frame.Length);
        frame[..captured].CopyTo(block[28..]);
        block.Slice(28 + captured, padded - captured).Clear();
        Span<byte> options = block[(28 + padded)..];
        if (commentLength > 0)
        {
            options = WriteStringOption(options, CaptureFormat.OptComment, comment!, commentLength);
            options = WriteEndOfOptions(options);
        }
        WriteBlockEnd(block, options);
    }

    /// <summary>Writes the buffered blocks to the stream and flushes it.</summary>
    public void Flush() => _output.Flush();

    /// <summary>Flushes, then disposes the stream unless it was opened with leaveOpen.</summary>
    public void Dispose() => _output.Dispose();

    private static void WriteBlockStart(Span<byte> block, uint type)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteInt32LittleEndian(block[4..], block.Length);
    }

    /// <summary>Writes the trailing total length into the last 4 bytes, which <paramref name="rest"/> must be.</summary>
    private static void WriteBlockEnd(Span<byte> block, Span<byte> rest)
    {
        Debug.Assert(rest.Length == 4);
        BinaryPrimitives.WriteInt32LittleEndian(rest, block.Length);
    }

    private static Span<byte> WriteStringOption(Span<byte> options, ushort code, string value, int byteCount)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(options, code);
        BinaryPrimitives.WriteUInt16LittleEndian(options[2..], (ushort)byteCount);
        Encoding.UTF8.GetBytes(value, options[4..]);
        int padded = CaptureFormat.Pad4(byteCount);
        options.Slice(4 + byteCount, padded - byteCount).Clear();
        return options[(4 + padded)..];
    }

    private static Span<byte> WriteEndOfOptions(Span<byte> options)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(options, CaptureFormat.OptEndOfOpt); // code 0, length 0
        return options[4..];
    }

    /// <summary>An option's code, length and padded value.</summary>
    private static int OptionLength(int valueLength) => 4 + CaptureFormat.Pad4(valueLength);

    private static int OptionValueLength(string value, string paramName)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            ThrowOptionTooLong(paramName, length);
        }
        return length;
    }

    [DoesNotReturn]
    private static void ThrowOptionTooLong(string paramName, int length) =>
        throw new ArgumentException($"a pcapng option holds at most 65535 bytes; this one is {length} bytes in UTF-8", paramName);

    [DoesNotReturn]
    private void ThrowUnknownInterface(int interfaceId) =>
        throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId,
            $"no interface {interfaceId}: AddInterface has been called {_snapLengths.Count} times");
}
