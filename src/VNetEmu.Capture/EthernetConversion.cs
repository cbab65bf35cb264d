using System.Buffers.Binary;
using VNetEmu.Wire;

namespace VNetEmu.Capture;

/// <summary>Turns a frame of another link type into an Ethernet II frame in place, by writing a synthesized 14-byte
/// header over the end of the pseudo-header (or into the headroom before the data). Used by
/// <see cref="CaptureReader.ConvertToEthernet"/>.</summary>
/// <remarks>
/// The synthesized header: destination 00:00:00:00:00:00 always (the cooked headers do not carry it); source the
/// cooked header's link-layer address when it is 6 bytes long, else 00:00:00:00:00:00; EtherType the cooked header's
/// protocol, or the IP version of a raw packet. A cooked protocol below 0x0600 (0x0001 Novell 802.3, 0x0004 802.2
/// LLC) is not an EtherType: the header then carries the 802.3 length of the payload instead (at most 1500), so an
/// 802.2 LLC payload parses as an 802.3 frame. A frame too short for its pseudo-header becomes 14 zero bytes.
/// Layouts: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and LINKTYPE_LINUX_SLL2.html.
/// </remarks>
internal static class EthernetConversion
{
    /// <summary>Bytes needed before the data: a raw IP packet gets the whole header in front of it.</summary>
    public const int Headroom = EthernetFrame.HeaderLength;
    private const int SllLength = 16;
    private const int Sll2Length = 20;
    private const int NullLength = 4;

    /// <summary>Converts the frame at <paramref name="start"/> of <paramref name="length"/> bytes; leaves other
    /// link types than SLL, SLL2, raw IP and BSD loopback unchanged. <paramref name="buffer"/> must hold <see cref="Headroom"/>
    /// bytes before <paramref name="start"/> that may be overwritten.</summary>
    public static void Convert(ushort linkType, byte[] buffer, ref int start, ref int length, ref int originalLength)
    {
        ReadOnlySpan<byte> data = buffer.AsSpan(start, length);
        switch (linkType)
        {
            case LinkTypes.LinuxSll when length >= SllLength:
                MacAddress sllSource = SourceAddress(BinaryPrimitives.ReadUInt16BigEndian(data[4..]), data[6..]);
                Replace(buffer, ref start, ref length, ref originalLength, SllLength, sllSource,
                    BinaryPrimitives.ReadUInt16BigEndian(data[14..]));
                break;
            case LinkTypes.LinuxSll2 when length >= Sll2Length:
                Replace(buffer, ref start, ref length, ref originalLength, Sll2Length,
                    SourceAddress(data[11], data[12..]), BinaryPrimitives.ReadUInt16BigEndian(data));
                break;
            case LinkTypes.LinuxSll or LinkTypes.LinuxSll2:
                Replace(buffer, ref start, ref length, ref originalLength, length, MacAddress.Zero, 0);
                break;
            case LinkTypes.Raw:
                int version = length == 0 ? 0 : data[0] >> 4;
                ushort etherType = version switch { 4 => EtherType.Ipv4, 6 => EtherType.Ipv6, _ => 0 };
                Replace(buffer, ref start, ref length, ref originalLength, 0, MacAddress.Zero, etherType);
                break;
            case LinkTypes.Ipv4:
                Replace(buffer, ref start, ref length, ref originalLength, 0, MacAddress.Zero, EtherType.Ipv4);
                break;
            case LinkTypes.Ipv6:
                Replace(buffer, ref start, ref length, ref originalLength, 0, MacAddress.Zero, EtherType.Ipv6);
                break;
            case LinkTypes.Null:
                int headerLength = Math.Min(length, NullLength);
                Replace(buffer, ref start, ref length, ref originalLength, headerLength, MacAddress.Zero,
                    length < NullLength ? (ushort)0 : AddressFamilyEtherType(BinaryPrimitives.ReadUInt32LittleEndian(data)));
                break;
        }
    }

    /// <summary>The link-layer address is a MAC only when it is 6 bytes long.</summary>
    private static MacAddress SourceAddress(int addressLength, ReadOnlySpan<byte> address) =>
        addressLength == MacAddress.Length ? MacAddress.Read(address) : MacAddress.Zero;

    /// <summary>BSD AF_ values, written in the capturing host's byte order: 2 is IPv4 everywhere; IPv6 is 10 on
    /// Linux, 24 on NetBSD and OpenBSD, 28 on FreeBSD, 30 on macOS.</summary>
    private static ushort AddressFamilyEtherType(uint family)
    {
        if (family > 0xFFFF)
        {
            family = BinaryPrimitives.ReverseEndianness(family);
        }
        return family switch
        {
            2 => EtherType.Ipv4,
            10 or 24 or 28 or 30 => EtherType.Ipv6,
            _ => 0,
        };
    }

    private static void Replace(byte[] buffer, ref int start, ref int length, ref int originalLength, int headerLength,
        MacAddress source, ushort etherType)
    {
        if (etherType < 0x0600 && etherType != 0)
        {
            etherType = (ushort)Math.Min(length - headerLength, 1500); // an 802.3 length field
        }
        int newStart = start + headerLength - EthernetFrame.HeaderLength;
        EthernetFrame.WriteHeader(buffer.AsSpan(newStart, EthernetFrame.HeaderLength), MacAddress.Zero, source, etherType);
        int newLength = length - headerLength + EthernetFrame.HeaderLength;
        originalLength = (int)Math.Clamp((long)originalLength - headerLength + EthernetFrame.HeaderLength, newLength, int.MaxValue);
        start = newStart;
        length = newLength;
    }
}
