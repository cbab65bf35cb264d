using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A view of a TCP segment (RFC 9293 §3.1). Copies nothing.</summary>
/// <remarks><code>
/// |          Source Port          |       Destination Port        |
/// |                        Sequence Number                        |
/// |                    Acknowledgment Number                      |
/// |  Data |       |C|E|U|A|P|R|S|F|                               |
/// | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
/// |           Checksum            |         Urgent Pointer        |
/// </code></remarks>
public readonly ref struct TcpSegment
{
    public const int MinHeaderLength = 20;
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Psh = 0x08;
    public const byte Ack = 0x10;
    public const byte Urg = 0x20;
    public const byte Ece = 0x40;
    public const byte Cwr = 0x80;
    private readonly Span<byte> _buffer;

    private TcpSegment(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out TcpSegment segment)
    {
        segment = new TcpSegment(buffer);
        return buffer.Length >= MinHeaderLength && segment.HeaderLength >= MinHeaderLength && segment.HeaderLength <= buffer.Length;
    }

    public static TcpSegment CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer;
    public ushort SourcePort { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer, value); }
    public ushort DestinationPort { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value); }
    public uint SequenceNumber { get => BinaryPrimitives.ReadUInt32BigEndian(_buffer[4..]); set => BinaryPrimitives.WriteUInt32BigEndian(_buffer[4..], value); }
    public uint AcknowledgmentNumber { get => BinaryPrimitives.ReadUInt32BigEndian(_buffer[8..]); set => BinaryPrimitives.WriteUInt32BigEndian(_buffer[8..], value); }
    public int HeaderLength => (_buffer[12] >> 4) * 4;
    public byte Flags { get => _buffer[13]; set => _buffer[13] = value; }
    public ushort Window { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[14..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[14..], value); }
    public ushort Checksum { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[16..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[16..], value); }
    public ushort UrgentPointer { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[18..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[18..], value); }
    public Span<byte> Options => _buffer[MinHeaderLength..HeaderLength];
    public Span<byte> Payload => _buffer[HeaderLength..];

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>Writes a header of <paramref name="headerLength"/> bytes (options are the caller's to fill).</summary>
    public static void WriteHeader(Span<byte> buffer, ushort sourcePort, ushort destinationPort, uint seq, uint ack,
        byte flags, ushort window, int headerLength = MinHeaderLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ack);
        buffer[12] = (byte)(headerLength / 4 << 4);
        buffer[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[14..], window);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], 0);
    }

    /// <summary>Computes the checksum over the pseudo-header and the whole segment (this view's length).</summary>
    public void FillChecksum(Ipv4Address source, Ipv4Address destination)
    {
        Checksum = 0;
        Checksum = InternetChecksum.Finish(InternetChecksum.Add(
            InternetChecksum.PseudoHeader(source, destination, IpProtocol.Tcp, _buffer.Length), _buffer));
    }

    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) =>
        InternetChecksum.Finish(InternetChecksum.Add(InternetChecksum.PseudoHeader(source, destination, IpProtocol.Tcp, _buffer.Length), _buffer)) == 0;
}
