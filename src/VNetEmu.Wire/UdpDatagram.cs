using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A view of a UDP datagram (RFC 768). Copies nothing.</summary>
/// <remarks><code>
/// |          Source Port          |       Destination Port        |
/// |            Length             |           Checksum            |
/// </code></remarks>
public readonly ref struct UdpDatagram
{
    public const int HeaderLength = 8;
    private readonly Span<byte> _buffer;

    private UdpDatagram(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out UdpDatagram datagram)
    {
        datagram = new UdpDatagram(buffer);
        return buffer.Length >= HeaderLength && datagram.Length >= HeaderLength && datagram.Length <= buffer.Length;
    }

    public static UdpDatagram CreateUnchecked(Span<byte> buffer) => new(buffer);

    public ushort SourcePort { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer, value); }
    public ushort DestinationPort { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value); }
    public ushort Length { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value); }
    public ushort Checksum { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value); }
    public Span<byte> Payload => _buffer[HeaderLength..Length];

    /// <summary>Computes the checksum over the pseudo-header and datagram; zero is sent as 0xFFFF (RFC 768).</summary>
    public void FillChecksum(Ipv4Address source, Ipv4Address destination)
    {
        Checksum = 0;
        ushort c = InternetChecksum.Finish(InternetChecksum.Add(
            InternetChecksum.PseudoHeader(source, destination, IpProtocol.Udp, Length), _buffer[..Length]));
        Checksum = c == 0 ? (ushort)0xFFFF : c;
    }

    public bool IsChecksumValid(Ipv4Address source, Ipv4Address destination) => Checksum == 0 ||
        InternetChecksum.Finish(InternetChecksum.Add(InternetChecksum.PseudoHeader(source, destination, IpProtocol.Udp, Length), _buffer[..Length])) == 0;
}
