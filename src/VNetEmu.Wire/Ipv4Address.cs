using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>An IPv4 address in host order (<c>10.0.0.1</c> is <c>0x0A000001</c>).</summary>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>, ISpanFormattable
{
    public const int Length = 4;
    public static readonly Ipv4Address Any = default;
    public static readonly Ipv4Address Broadcast = new(0xFFFF_FFFF);
    public static readonly Ipv4Address Loopback = new(0x7F00_0001);

    public Ipv4Address(byte a, byte b, byte c, byte d) : this((uint)(a << 24 | b << 16 | c << 8 | d))
    {
    }

    public bool IsAny => Value == 0;
    public bool IsBroadcast => Value == 0xFFFF_FFFF;
    public bool IsMulticast => (Value >> 28) == 0xE;
    public bool IsLoopback => (Value >> 24) == 127;

    public static Ipv4Address Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    public void Write(Span<byte> bytes) => BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        int part = 0, digits = 0, octet = 0;
        foreach (char c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3)
                {
                    return false;
                }
                value = value << 8 | (uint)octet;
                part++;
                digits = 0;
                octet = 0;
            }
            else if (c is >= '0' and <= '9')
            {
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        if (part != 3 || digits == 0)
        {
            return false;
        }
        address = new Ipv4Address(value << 8 | (uint)octet);
        return true;
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out Ipv4Address a) ? a : throw new FormatException($"invalid IPv4 address \"{text}\"");

    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite($"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}", out charsWritten);
}
