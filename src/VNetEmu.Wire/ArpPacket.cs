using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>A view of an ARP packet for Ethernet/IPv4 (RFC 826). Copies nothing.</summary>
/// <remarks><code>
/// | HTYPE (2) | PTYPE (2) | HLEN | PLEN | OPER (2) | SHA (6) | SPA (4) | THA (6) | TPA (4) |
/// </code></remarks>
public readonly ref struct ArpPacket
{
    public const int Length = 28;
    public const ushort OpRequest = 1;
    public const ushort OpReply = 2;
    private readonly Span<byte> _buffer;

    private ArpPacket(Span<byte> buffer) => _buffer = buffer;

    /// <summary>True only for Ethernet/IPv4 ARP with the lengths RFC 826 gives.</summary>
    public static bool TryCreate(Span<byte> buffer, out ArpPacket packet)
    {
        packet = new ArpPacket(buffer);
        return buffer.Length >= Length && BinaryPrimitives.ReadUInt16BigEndian(buffer) == 1
            && BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) == Wire.EtherType.Ipv4 && buffer[4] == 6 && buffer[5] == 4;
    }

    public static ArpPacket CreateUnchecked(Span<byte> buffer) => new(buffer);

    public ushort Operation { get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]); set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value); }
    public MacAddress SenderHardware { get => MacAddress.Read(_buffer[8..]); set => value.Write(_buffer[8..]); }
    public Ipv4Address SenderProtocol { get => Ipv4Address.Read(_buffer[14..]); set => value.Write(_buffer[14..]); }
    public MacAddress TargetHardware { get => MacAddress.Read(_buffer[18..]); set => value.Write(_buffer[18..]); }
    public Ipv4Address TargetProtocol { get => Ipv4Address.Read(_buffer[24..]); set => value.Write(_buffer[24..]); }

    /// <summary>Writes a whole Ethernet/IPv4 ARP packet.</summary>
    public static void Write(Span<byte> buffer, ushort operation, MacAddress senderMac, Ipv4Address senderIp,
        MacAddress targetMac, Ipv4Address targetIp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer, 1);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], EtherType.Ipv4);
        buffer[4] = 6;
        buffer[5] = 4;
        var p = new ArpPacket(buffer)
        {
            Operation = operation,
            SenderHardware = senderMac,
            SenderProtocol = senderIp,
            TargetHardware = targetMac,
            TargetProtocol = targetIp,
        };
        _ = p;
    }
}
