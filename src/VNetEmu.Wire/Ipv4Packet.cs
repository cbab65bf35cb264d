using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A read/write view of an IPv4 packet. Copies nothing.</summary>
/// <remarks>RFC 791 §3.1:<code>
/// |Version|  IHL  |Type of Service|          Total Length         |
/// |         Identification        |Flags|      Fragment Offset    |
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// |                       Source Address                          |
/// |                    Destination Address                        |
/// |                    Options                    |    Padding    |
/// </code></remarks>
public readonly ref struct Ipv4Packet
{
    public const int MinHeaderLength = 20;
    public const ushort FlagDontFragment = 0x4000;
    public const ushort FlagMoreFragments = 0x2000;
    private readonly Span<byte> _buffer;

    private Ipv4Packet(Span<byte> buffer) => _buffer = buffer;

    /// <summary>For bytes from outside. True means no accessor can throw while the buffer is unchanged.</summary>
    public static bool TryCreate(Span<byte> buffer, out Ipv4Packet packet)
    {
        packet = new Ipv4Packet(buffer);
        return buffer.Length >= MinHeaderLength && (buffer[0] >> 4) == 4 && packet.HeaderLength >= MinHeaderLength
            && packet.HeaderLength <= packet.TotalLength && packet.TotalLength <= buffer.Length;
    }

    public static Ipv4Packet CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer[..TotalLength];
    public int Version => _buffer[0] >> 4;
    public int HeaderLength => (_buffer[0] & 0x0F) * 4;
    public byte Tos { get => _buffer[1]; set => _buffer[1] = value; }
    public ushort TotalLength { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value); }
    public ushort Identification { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value); }
    public ushort FlagsAndOffset { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value); }
    public bool DontFragment => (FlagsAndOffset & FlagDontFragment) != 0;
    public bool MoreFragments => (FlagsAndOffset & FlagMoreFragments) != 0;

    /// <summary>Fragment offset in bytes.</summary>
    public int FragmentOffset => (FlagsAndOffset & 0x1FFF) * 8;
    public bool IsFragment => (FlagsAndOffset & 0x3FFF) != 0;
    public byte Ttl { get => _buffer[8]; set => _buffer[8] = value; }
    public byte Protocol { get => _buffer[9]; set => _buffer[9] = value; }
    public ushort Checksum { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[10..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[10..], value); }
    public Ipv4Address Source { get => Ipv4Address.Read(_buffer[12..]); set => value.Write(_buffer[12..]); }
    public Ipv4Address Destination { get => Ipv4Address.Read(_buffer[16..]); set => value.Write(_buffer[16..]); }
    public Span<byte> Options => _buffer[MinHeaderLength..HeaderLength];
    public Span<byte> Header => _buffer[..HeaderLength];
    public Span<byte> Payload => _buffer[HeaderLength..TotalLength];

    public bool IsChecksumValid => InternetChecksum.Compute(Header) == 0;

    public void FillChecksum()
    {
        Checksum = 0;
        Checksum = InternetChecksum.Compute(Header);
    }

    /// <summary>Decrements TTL and patches the checksum (RFC 1624) instead of recomputing it.</summary>
    public void DecrementTtl()
    {
        ushort before = BinaryPrimitives.ReadUInt16BigEndian(_buffer[8..]); // TTL and Protocol share a word
        _buffer[8]--;
        Checksum = InternetChecksum.Update(Checksum, before, BinaryPrimitives.ReadUInt16BigEndian(_buffer[8..]));
    }

    /// <summary>Rewrites the source address, patching the IP checksum (not the L4 one).</summary>
    public void SetSourcePatched(Ipv4Address address)
    {
        Checksum = InternetChecksum.Update(Checksum, Source.Value, address.Value);
        Source = address;
    }

    public void SetDestinationPatched(Ipv4Address address)
    {
        Checksum = InternetChecksum.Update(Checksum, Destination.Value, address.Value);
        Destination = address;
    }

    /// <summary>Writes a 20-byte header with a correct checksum.</summary>
    public static void WriteHeader(Span<byte> buffer, Ipv4Address source, Ipv4Address destination, byte protocol,
        int payloadLength, byte ttl, ushort identification, bool dontFragment, byte tos = 0)
    {
        buffer[0] = 0x45;
        buffer[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(MinHeaderLength + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], dontFragment ? FlagDontFragment : (ushort)0);
        buffer[8] = ttl;
        buffer[9] = protocol;
        buffer[10] = 0;
        buffer[11] = 0;
        source.Write(buffer[12..]);
        destination.Write(buffer[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], InternetChecksum.Compute(buffer[..MinHeaderLength]));
    }
}
