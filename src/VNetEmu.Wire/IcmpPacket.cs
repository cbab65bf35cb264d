using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A view of an ICMP message (RFC 792). Copies nothing.</summary>
/// <remarks><code>
/// |     Type      |     Code      |          Checksum             |
/// |  Identifier (echo) / unused   |  Sequence (echo) / MTU (3/4)  |
/// |     Data (echo payload, or the quoted IP header + 8 bytes)    |
/// </code></remarks>
public readonly ref struct IcmpPacket
{
    public const int HeaderLength = 8;
    public const byte TypeEchoReply = 0;
    public const byte TypeDestinationUnreachable = 3;
    public const byte TypeRedirect = 5;
    public const byte TypeEchoRequest = 8;
    public const byte TypeTimeExceeded = 11;
    public const byte TypeParameterProblem = 12;
    public const byte CodeNetUnreachable = 0;
    public const byte CodeHostUnreachable = 1;
    public const byte CodeProtocolUnreachable = 2;
    public const byte CodePortUnreachable = 3;
    public const byte CodeFragmentationNeeded = 4;
    public const byte CodeNetProhibited = 9;
    public const byte CodeHostProhibited = 10;
    public const byte CodeAdminProhibited = 13;
    private readonly Span<byte> _buffer;

    private IcmpPacket(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out IcmpPacket packet)
    {
        packet = new IcmpPacket(buffer);
        return buffer.Length >= HeaderLength;
    }

    public static IcmpPacket CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer;
    public byte Type { get => _buffer[0]; set => _buffer[0] = value; }
    public byte Code { get => _buffer[1]; set => _buffer[1] = value; }
    public ushort Checksum { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value); }
    public ushort Identifier { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value); }
    public ushort Sequence { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value); }

    /// <summary>Next-hop MTU of a "fragmentation needed" message (RFC 1191).</summary>
    public ushort NextHopMtu { get => Sequence; set => Sequence = value; }
    public Span<byte> Payload => _buffer[HeaderLength..];

    /// <summary>Errors quote an IP header; echo and others do not.</summary>
    public bool IsError => Type is TypeDestinationUnreachable or TypeTimeExceeded or TypeParameterProblem or TypeRedirect or 4;
    public bool IsChecksumValid => InternetChecksum.Compute(_buffer) == 0;

    public void FillChecksum()
    {
        Checksum = 0;
        Checksum = InternetChecksum.Compute(_buffer);
    }
}
