using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A read/write view of an Ethernet II frame, with an optional 802.1Q tag. Copies nothing.</summary>
/// <remarks><code>
/// | Destination (6) | Source (6) | [0x8100 | TCI (2)] | EtherType (2) | Payload ...
/// </code></remarks>
public readonly ref struct EthernetFrame
{
    public const int HeaderLength = 14;
    public const int MinFrameLength = 60;
    private readonly Span<byte> _buffer;

    private EthernetFrame(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out EthernetFrame frame)
    {
        frame = new EthernetFrame(buffer);
        return buffer.Length >= HeaderLength && (!frame.HasVlanTag || buffer.Length >= HeaderLength + 4);
    }

    public static EthernetFrame CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer;
    public MacAddress Destination { get => MacAddress.Read(_buffer); set => value.Write(_buffer); }
    public MacAddress Source { get => MacAddress.Read(_buffer[6..]); set => value.Write(_buffer[6..]); }
    public bool HasVlanTag => BinaryPrimitives.ReadUInt16BigEndian(_buffer[12..]) == Wire.EtherType.Vlan;

    /// <summary>The VLAN id of the 802.1Q tag, or -1 without one.</summary>
    public int VlanId => HasVlanTag ? BinaryPrimitives.ReadUInt16BigEndian(_buffer[14..]) & 0x0FFF : -1;

    /// <summary>The EtherType of the payload (after the tag when there is one).</summary>
    public ushort EtherType
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[(HasVlanTag ? 16 : 12)..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[(HasVlanTag ? 16 : 12)..], value);
    }

    public int PayloadOffset => HasVlanTag ? HeaderLength + 4 : HeaderLength;
    public Span<byte> Payload => _buffer[PayloadOffset..];

    /// <summary>Writes an untagged header into <paramref name="buffer"/>.</summary>
    public static void WriteHeader(Span<byte> buffer, MacAddress destination, MacAddress source, ushort etherType)
    {
        destination.Write(buffer);
        source.Write(buffer[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[12..], etherType);
    }

    /// <summary>The length a frame of <paramref name="length"/> bytes has on a wire that pads to 60 bytes
    /// (Ethernet minimum without FCS). Veths do not pad; physical NICs do.</summary>
    public static int PaddedLength(int length) => Math.Max(length, MinFrameLength);
}
