using System.Text;

namespace VNetEmu.Capture;

/// <remarks>Read draft-ietf-opsawg-pcapng §3 and §4 before changing this file. Every block is read whole into the
/// buffer at <see cref="Headroom"/> and checked (length a multiple of 4, at least the type's minimum, trailing
/// length equal) before its body is looked at; every field offset below is then within the block.</remarks>
public sealed partial class CaptureReader
{
    private const int BlockHeaderLength = 8; // type, total length
    private const int BodyStart = Headroom + BlockHeaderLength;
    private const int PacketFixedLength = 20; // EPB and PB: interface, timestamp (2), captured, original
    private static readonly ulong[] s_powersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ];

    /// <summary>The interfaces of the current section, by the section's own interface id.</summary>
    private readonly List<SectionInterface> _section = [];

    /// <param name="GlobalId">Index into <see cref="Interfaces"/>.</param>
    /// <param name="UnitsPerSecond">From if_tsresol; 10^6 when absent.</param>
    /// <param name="NsPerUnit">10^9 / <paramref name="UnitsPerSecond"/> when that is whole, else 0.</param>
    /// <param name="OffsetSeconds">if_tsoffset.</param>
    private readonly record struct SectionInterface(int GlobalId, ulong UnitsPerSecond, long NsPerUnit, long OffsetSeconds,
        uint SnapLength);

    private bool TryReadPcapng(out CapturedFrame frame)
    {
        while (true)
        {
            long start = _offset;
            int got = Fill(Headroom, BlockHeaderLength);
            if (got == 0)
            {
                frame = default;
                return false;
            }
            if (got < BlockHeaderLength)
            {
                throw Truncated(start, "block header", BlockHeaderLength, got, isPacket: false);
            }
            uint type = U32(Headroom);
            if (type == CaptureFormat.SectionHeaderBlock)
            {
                ReadSectionHeader(start, BlockHeaderLength);
                continue;
            }
            int length = ReadBlock(start, type, BlockHeaderLength);
            int bodyEnd = Headroom + length - 4;
            switch (type)
            {
                case CaptureFormat.InterfaceDescriptionBlock:
                    ReadInterfaceDescription(start, bodyEnd);
                    break;
                case CaptureFormat.EnhancedPacketBlock:
                    frame = ReadPacket(start, type, U32(BodyStart), bodyEnd);
                    return true;
                case CaptureFormat.PacketBlock:
                    frame = ReadPacket(start, type, U16(BodyStart), bodyEnd);
                    return true;
                case CaptureFormat.SimplePacketBlock:
                    frame = ReadSimplePacket(start, bodyEnd);
                    return true;
                default:
                    break; // NRB, ISB, DSB, custom and unknown blocks carry no packet
            }
        }
    }

    /// <summary>Reads a Section Header Block whose first <paramref name="have"/> bytes are in the buffer; its
    /// byte-order magic sets the byte order of the section, and the section starts with no interfaces.</summary>
    private void ReadSectionHeader(long start, int have)
    {
        const int fixedHeader = 12; // type, total length, byte-order magic
        const string name = "Section Header Block";
        int got = Fill(Headroom + have, fixedHeader - have);
        if (got < fixedHeader - have)
        {
            throw Truncated(start, name, MinimumLength(CaptureFormat.SectionHeaderBlock), have + got, isPacket: false);
        }
        _bigEndian = false;
        uint magic = U32(Headroom + 8);
        if (magic != CaptureFormat.ByteOrderMagic)
        {
            _bigEndian = true;
            if (U32(Headroom + 8) != CaptureFormat.ByteOrderMagic)
            {
                throw Fail(start, "corrupt " + name, $"byte-order magic 0x{magic:x8} is not 0x1a2b3c4d in either byte order",
                    isPacket: false);
            }
        }
        ReadBlock(start, CaptureFormat.SectionHeaderBlock, fixedHeader);
        ushort major = U16(Headroom + 12), minor = U16(Headroom + 14);
        if (major != 1 || minor is not (0 or 2))
        {
            // libpcap's sf-pcapng.c reads 1.0 and 1.2 only; 1.1 was never a published format.
            throw Fail(start, "unsupported " + name, $"version {major}.{minor}, expected 1.0 or 1.2", isPacket: false);
        }
        _section.Clear();
    }

    /// <summary>Checks the total length of the block at <paramref name="start"/>, reads the rest of it after the
    /// <paramref name="have"/> bytes already in the buffer, and checks the trailing total length.</summary>
    /// <returns>The total length of the block.</returns>
    private int ReadBlock(long start, uint type, int have)
    {
        uint length = U32(Headroom + 4);
        bool isPacket = IsPacketBlock(type);
        int minimum = MinimumLength(type);
        if (length % 4 != 0)
        {
            throw Fail(start, "corrupt " + BlockName(type), $"total length {length} is not a multiple of 4", isPacket);
        }
        if (length < minimum)
        {
            throw Fail(start, "corrupt " + BlockName(type), $"total length {length} is less than the minimum of {minimum}", isPacket);
        }
        if (length > CaptureFormat.MaxBlockLength)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"total length {length} is over the limit of {CaptureFormat.MaxBlockLength} bytes", isPacket);
        }
        int got = Fill(Headroom + have, (int)length - have);
        if (got < length - have)
        {
            throw Truncated(start, BlockName(type), length, have + got, isPacket);
        }
        uint trailing = U32(Headroom + (int)length - 4);
        if (trailing != length)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"trailing total length {trailing} does not match the leading {length}", isPacket);
        }
        return (int)length;
    }

    private void ReadInterfaceDescription(long start, int bodyEnd)
    {
        const uint type = CaptureFormat.InterfaceDescriptionBlock;
        ushort linkType = U16(BodyStart);
        uint snapLength = U32(BodyStart + 4);
        string? name = null;
        ulong unitsPerSecond = 1_000_000;
        long offsetSeconds = 0;
        int position = BodyStart + 8;
        while (NextOption(start, type, ref position, bodyEnd, out ushort code, out int value, out int valueLength))
        {
            switch (code)
            {
                case CaptureFormat.IfName:
                    name ??= ReadString(value, valueLength);
                    break;
                case CaptureFormat.IfTsResol:
                    unitsPerSecond = valueLength >= 1
                        ? UnitsPerSecond(start, _buffer[value])
                        : throw Fail(start, "corrupt " + BlockName(type), "empty if_tsresol option", isPacket: false);
                    break;
                case CaptureFormat.IfTsOffset:
                    offsetSeconds = valueLength >= 8
                        ? I64(value)
                        : throw Fail(start, "corrupt " + BlockName(type), $"if_tsoffset of {valueLength} bytes, expected 8",
                            isPacket: false);
                    break;
            }
        }
        long nsPerUnit = 1_000_000_000 % unitsPerSecond == 0 ? (long)(1_000_000_000 / unitsPerSecond) : 0;
        var described = new CaptureInterface(_interfaces.Count, name, linkType, ClampToInt(snapLength));
        _section.Add(new SectionInterface(described.Id, unitsPerSecond, nsPerUnit, offsetSeconds, snapLength));
        _interfaces.Add(described);
    }

    /// <summary>if_tsresol: the high bit clear means 10^-n seconds, set means 2^-n seconds.</summary>
    private ulong UnitsPerSecond(long start, byte resolution)
    {
        int exponent = resolution & 0x7F;
        if ((resolution & 0x80) == 0 && exponent < s_powersOfTen.Length)
        {
            return s_powersOfTen[exponent];
        }
        if ((resolution & 0x80) != 0 && exponent < 64)
        {
            return 1UL << exponent;
        }
        throw Fail(start, "unsupported " + BlockName(CaptureFormat.InterfaceDescriptionBlock),
            $"if_tsresol 0x{resolution:x2} is finer than 64-bit timestamps can count", isPacket: false);
    }

    /// <summary>An Enhanced Packet Block, or the obsolete Packet Block (type 2) that has the same fixed fields with a
    /// 16-bit interface id and a 16-bit drop count.</summary>
    private CapturedFrame ReadPacket(long start, uint type, uint interfaceId, int bodyEnd)
    {
        ulong ticks = ((ulong)U32(BodyStart + 4) << 32) | U32(BodyStart + 8);
        uint captured = U32(BodyStart + 12), original = U32(BodyStart + 16);
        int data = BodyStart + PacketFixedLength;
        int room = bodyEnd - data;
        if (captured > room)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"captured length {captured} is more than the {room} bytes the block holds", isPacket: true);
        }
        SectionInterface described = FindInterface(start, type, interfaceId);
        long timestampNs = ToNanoseconds(start, type, described, ticks);
        string? comment = null;
        int position = data + CaptureFormat.Pad4((int)captured);
        while (NextOption(start, type, ref position, bodyEnd, out ushort code, out int value, out int valueLength))
        {
            if (code == CaptureFormat.OptComment)
            {
                comment ??= ReadString(value, valueLength);
            }
        }
        return MakeFrame(described.GlobalId, timestampNs, data, (int)captured, original, comment);
    }

    /// <summary>A Simple Packet Block: interface 0, no timestamp (0 is returned), captured length min(original
    /// length, snap length).</summary>
    private CapturedFrame ReadSimplePacket(long start, int bodyEnd)
    {
        const uint type = CaptureFormat.SimplePacketBlock;
        uint original = U32(BodyStart);
        SectionInterface described = FindInterface(start, type, 0);
        uint captured = described.SnapLength == 0 ? original : Math.Min(original, described.SnapLength);
        int data = BodyStart + 4;
        int room = bodyEnd - data;
        if (captured > room)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"captured length {captured} is more than the {room} bytes the block holds", isPacket: true);
        }
        return MakeFrame(described.GlobalId, 0, data, (int)captured, original, null);
    }

    private SectionInterface FindInterface(long start, uint type, uint interfaceId)
    {
        if (interfaceId >= (uint)_section.Count)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"interface {interfaceId}, but the section has described {_section.Count} interfaces", isPacket: true);
        }
        return _section[(int)interfaceId];
    }

    private long ToNanoseconds(long start, uint type, SectionInterface described, ulong ticks)
    {
        if (described.NsPerUnit != 0 && described.OffsetSeconds == 0 && ticks <= (ulong)(long.MaxValue / described.NsPerUnit))
        {
            return (long)ticks * described.NsPerUnit;
        }
        Int128 ns = (Int128)((UInt128)ticks * 1_000_000_000UL / described.UnitsPerSecond)
            + (Int128)described.OffsetSeconds * 1_000_000_000;
        if (ns > long.MaxValue || ns < long.MinValue)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"timestamp {ticks} at {described.UnitsPerSecond}/s with offset {described.OffsetSeconds} s is out of range",
                isPacket: true);
        }
        return (long)ns;
    }

    /// <summary>Steps through the options from <paramref name="position"/> to <paramref name="end"/>
    /// (§3.5: code, length, value padded to 32 bits). Stops at opt_endofopt or the end of the block.</summary>
    private bool NextOption(long start, uint type, ref int position, int end, out ushort code, out int value, out int valueLength)
    {
        value = position + 4;
        if (position + 4 > end || (code = U16(position)) == CaptureFormat.OptEndOfOpt)
        {
            code = 0;
            valueLength = 0;
            return false;
        }
        valueLength = U16(position + 2);
        if (valueLength > end - value)
        {
            throw Fail(start, "corrupt " + BlockName(type),
                $"option {code} of {valueLength} bytes at byte offset {start + position - Headroom} runs past the end of the block",
                IsPacketBlock(type));
        }
        position = value + CaptureFormat.Pad4(valueLength);
        return true;
    }

    /// <summary>A UTF-8 option value, without the NUL some writers append.</summary>
    private string ReadString(int at, int length)
    {
        ReadOnlySpan<byte> bytes = _buffer.AsSpan(at, length);
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? bytes[..nul] : bytes);
    }

    private static bool IsPacketBlock(uint type) => type is CaptureFormat.EnhancedPacketBlock
        or CaptureFormat.PacketBlock or CaptureFormat.SimplePacketBlock;

    private static int MinimumLength(uint type) => type switch
    {
        CaptureFormat.SectionHeaderBlock => 28,
        CaptureFormat.InterfaceDescriptionBlock => 20,
        CaptureFormat.EnhancedPacketBlock or CaptureFormat.PacketBlock => 32,
        CaptureFormat.SimplePacketBlock => 16,
        _ => 12,
    };

    private static string BlockName(uint type) => type switch
    {
        CaptureFormat.SectionHeaderBlock => "Section Header Block",
        CaptureFormat.InterfaceDescriptionBlock => "Interface Description Block",
        CaptureFormat.EnhancedPacketBlock => "Enhanced Packet Block",
        CaptureFormat.PacketBlock => "Packet Block",
        CaptureFormat.SimplePacketBlock => "Simple Packet Block",
        _ => $"block of type 0x{type:x8}",
    };
}
