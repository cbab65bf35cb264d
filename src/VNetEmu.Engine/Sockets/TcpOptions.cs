using System.Buffers.Binary;

namespace VNetEmu.Engine.Sockets;

/// <summary>The TCP options Linux sends and reads: MSS (RFC 9293 §3.2), window scale and timestamps (RFC 7323),
/// SACK-permitted (RFC 2018). Parsing follows tcp_parse_options: stops at EOL or at a malformed option, ignores
/// options of the wrong length, reads MSS, window scale and SACK-permitted only on a SYN.</summary>
/// <remarks>Layouts as tcp_options_write emits them:<code>
/// SYN, all four:    |02 04 MSS  MSS|04 02 08 0a|TSval ...  |... TSval  |TSecr ...  |... TSecr  |01 03 03 WS|  40-byte header
/// SYN, no SACK:     |02 04 MSS  MSS|01 01 08 0a|TSval      |TSecr      |01 03 03 WS|
/// SYN, no TS:       |02 04 MSS  MSS|01 01 04 02|01 03 03 WS|
/// later segments:   |01 01 08 0a|TSval      |TSecr      |                                                32-byte header
/// </code></remarks>
public readonly record struct TcpOptions
{
    public const byte KindEnd = 0;
    public const byte KindNop = 1;
    public const byte KindMss = 2;
    public const byte KindWindowScale = 3;
    public const byte KindSackPermitted = 4;
    public const byte KindTimestamp = 8;

    /// <summary>The aligned length of the timestamp option on a non-SYN segment (NOP NOP TS).</summary>
    public const int TimestampLength = 12;
    public const byte MaxWindowScale = 14;

    /// <summary>The peer's MSS; 0 when absent.</summary>
    public ushort Mss { get; init; }
    public bool HasWindowScale { get; init; }

    /// <summary>The shift the sender applies to its window field, clamped to 14 like the kernel.</summary>
    public byte WindowScale { get; init; }
    public bool SackPermitted { get; init; }
    public bool HasTimestamp { get; init; }
    public uint TsVal { get; init; }
    public uint TsEcr { get; init; }

    /// <summary>Reads the options of a segment; <paramref name="syn"/> says whether SYN-only options count.
    /// Never throws.</summary>
    public static TcpOptions Parse(ReadOnlySpan<byte> options, bool syn)
    {
        ushort mss = 0;
        bool hasScale = false;
        byte scale = 0;
        bool sack = false;
        bool hasTs = false;
        uint tsVal = 0;
        uint tsEcr = 0;
        int i = 0;
        while (i < options.Length)
        {
            byte kind = options[i];
            if (kind == KindEnd)
            {
                break;
            }
            if (kind == KindNop)
            {
                i++;
                continue;
            }
            if (options.Length - i < 2)
            {
                break;
            }
            int size = options[i + 1];
            if (size < 2 || size > options.Length - i)
            {
                break;
            }
            ReadOnlySpan<byte> body = options.Slice(i + 2, size - 2);
            switch (kind)
            {
                case KindMss when size == 4 && syn:
                    mss = BinaryPrimitives.ReadUInt16BigEndian(body);
                    break;
                case KindWindowScale when size == 3 && syn:
                    hasScale = true;
                    scale = Math.Min(body[0], MaxWindowScale);
                    break;
                case KindSackPermitted when size == 2 && syn:
                    sack = true;
                    break;
                case KindTimestamp when size == 10:
                    hasTs = true;
                    tsVal = BinaryPrimitives.ReadUInt32BigEndian(body);
                    tsEcr = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    break;
            }
            i += size;
        }
        return new TcpOptions
        {
            Mss = mss,
            HasWindowScale = hasScale,
            WindowScale = scale,
            SackPermitted = sack,
            HasTimestamp = hasTs,
            TsVal = tsVal,
            TsEcr = tsEcr,
        };
    }

    /// <summary>The length of the SYN or SYN-ACK options <see cref="WriteSyn"/> writes.</summary>
    public static int SynLength(bool sack, bool timestamps, bool windowScale) =>
        4 + (timestamps ? 12 : sack ? 4 : 0) + (windowScale ? 4 : 0);

    /// <summary>Writes SYN options in the kernel's order; returns the length (a multiple of 4).</summary>
    public static int WriteSyn(Span<byte> buffer, ushort mss, bool sack, bool timestamps, uint tsVal, uint tsEcr,
        bool windowScale, byte scale)
    {
        buffer[0] = KindMss;
        buffer[1] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], mss);
        int i = 4;
        if (timestamps)
        {
            if (sack)
            {
                buffer[i] = KindSackPermitted;
                buffer[i + 1] = 2;
            }
            else
            {
                buffer[i] = KindNop;
                buffer[i + 1] = KindNop;
            }
            WriteTimestampBody(buffer[(i + 2)..], tsVal, tsEcr);
            i += 12;
        }
        if (sack && !timestamps)
        {
            buffer[i] = KindNop;
            buffer[i + 1] = KindNop;
            buffer[i + 2] = KindSackPermitted;
            buffer[i + 3] = 2;
            i += 4;
        }
        if (windowScale)
        {
            buffer[i] = KindNop;
            buffer[i + 1] = KindWindowScale;
            buffer[i + 2] = 3;
            buffer[i + 3] = scale;
            i += 4;
        }
        return i;
    }

    /// <summary>Writes NOP NOP TS (12 bytes).</summary>
    public static void WriteTimestamp(Span<byte> buffer, uint tsVal, uint tsEcr)
    {
        buffer[0] = KindNop;
        buffer[1] = KindNop;
        WriteTimestampBody(buffer[2..], tsVal, tsEcr);
    }

    private static void WriteTimestampBody(Span<byte> buffer, uint tsVal, uint tsEcr)
    {
        buffer[0] = KindTimestamp;
        buffer[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[2..], tsVal);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[6..], tsEcr);
    }
}
