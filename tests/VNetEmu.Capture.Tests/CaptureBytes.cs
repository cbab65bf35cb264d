using System.Buffers.Binary;
using System.Text;

namespace VNetEmu.Capture.Tests;

/// <summary>Builds pcap and pcapng bytes by hand, in either byte order, for inputs our writers never make.</summary>
internal sealed class CaptureBytes
{
    private readonly List<byte> _bytes = [];

    public CaptureBytes(bool bigEndian = false) => BigEndian = bigEndian;

    /// <summary>Byte order of the numbers added from now on (a new pcapng section may change it).</summary>
    public bool BigEndian { get; set; }
    public int Length => _bytes.Count;

    public CaptureBytes U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        }
        return Bytes(b);
    }

    public CaptureBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }
        return Bytes(b);
    }

    public CaptureBytes I64(long value) =>
        BigEndian ? U32((uint)(value >> 32)).U32((uint)value) : U32((uint)value).U32((uint)(value >> 32));

    public CaptureBytes Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            _bytes.Add(b);
        }
        return this;
    }

    public CaptureBytes Pad4()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public CaptureBytes PcapHeader(uint magic, ushort linkType, uint snapLength = 262144) =>
        U32(magic).U16(2).U16(4).U32(0).U32(0).U32(snapLength).U32(linkType);

    public CaptureBytes PcapRecord(uint seconds, uint fraction, byte[] data, uint? originalLength = null) =>
        U32(seconds).U32(fraction).U32((uint)data.Length).U32(originalLength ?? (uint)data.Length).Bytes(data);

    /// <summary>A block: type, total length, the body (padded to 4), total length again.</summary>
    public CaptureBytes Block(uint type, Action<CaptureBytes> body)
    {
        var inner = new CaptureBytes(BigEndian);
        body(inner);
        inner.Pad4();
        uint length = (uint)(inner.Length + 12);
        return U32(type).U32(length).Bytes(inner.ToArray()).U32(length);
    }

    public CaptureBytes SectionHeader() =>
        Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(1).U16(0).I64(-1));

    public CaptureBytes InterfaceDescription(ushort linkType, uint snapLength, Action<CaptureBytes>? options = null) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(snapLength);
            if (options is not null)
            {
                options(b);
                b.U32(0);
            }
        });

    public CaptureBytes EnhancedPacket(uint interfaceId, ulong ticks, byte[] data, string? comment = null) =>
        Block(6, b =>
        {
            b.U32(interfaceId).U32((uint)(ticks >> 32)).U32((uint)ticks).U32((uint)data.Length).U32((uint)data.Length);
            b.Bytes(data).Pad4();
            if (comment is not null)
            {
                b.Option(1, Encoding.UTF8.GetBytes(comment)).U32(0);
            }
        });

    public CaptureBytes Option(int code, ReadOnlySpan<byte> value) => U16(code).U16(value.Length).Bytes(value).Pad4();
}
