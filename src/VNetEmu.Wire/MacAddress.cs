using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace VNetEmu.Wire;

/// <summary>A 48-bit IEEE 802 MAC address held in the low 48 bits of a <see cref="ulong"/>, network order.</summary>
public readonly record struct MacAddress(ulong Value) : ISpanFormattable
{
    public const int Length = 6;
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFFUL);
    public static readonly MacAddress Zero = default;

    /// <summary>The I/G bit: group (multicast or broadcast) address.</summary>
    public bool IsMulticast => (Value & 0x0100_0000_0000UL) != 0;
    public bool IsBroadcast => Value == Broadcast.Value;
    public bool IsZero => Value == 0;

    public static MacAddress Read(ReadOnlySpan<byte> bytes) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]));

    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(bytes[2..], (uint)Value);
    }

    /// <summary>The multicast MAC of an IPv4 group address (RFC 1112 §6.4).</summary>
    public static MacAddress FromIpv4Multicast(Ipv4Address group) => new(0x0100_5E00_0000UL | (group.Value & 0x7F_FFFF));

    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        if (text.Length != 17)
        {
            return false;
        }
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0 && text[i * 3 - 1] != ':')
            {
                return false;
            }
            int hi = HexValue(text[i * 3]), lo = HexValue(text[i * 3 + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }
            value = (value << 8) | (uint)(hi << 4 | lo);
        }
        address = new MacAddress(value);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out MacAddress a) ? a : throw new FormatException($"invalid MAC address \"{text}\"");

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public override string ToString() => string.Create(17, Value, static (span, v) => Format(v, span));

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < 17)
        {
            charsWritten = 0;
            return false;
        }
        Format(Value, destination);
        charsWritten = 17;
        return true;
    }

    private static void Format(ulong value, Span<char> span)
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            int b = (int)(value >> (40 - 8 * i)) & 0xFF;
            span[i * 3] = hex[b >> 4];
            span[i * 3 + 1] = hex[b & 0xF];
            if (i < 5)
            {
                span[i * 3 + 2] = ':';
            }
        }
    }
}
