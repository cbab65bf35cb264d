using System.Buffers.Binary;

namespace VNetEmu.Wire;

/// <summary>The Internet checksum: one's-complement sum of 16-bit words (RFC 1071), and its incremental update
/// (RFC 1624 eqn. 3) used for TTL decrements and every NAT rewrite.</summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum. An odd trailing byte is padded with zero.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        // 64 bits: a 32-bit total would drop a carry (worth one) past 128 KiB of data.
        ulong total = sum;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            total += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (i < data.Length)
        {
            total += (uint)data[i] << 8;
        }
        return Fold(total);
    }

    private static uint Fold(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (uint)sum;
    }

    /// <summary>Folds and complements a running sum into the value that goes on the wire.</summary>
    public static ushort Finish(uint sum) => (ushort)~Fold(sum);

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>The TCP/UDP pseudo-header sum (RFC 793 §3.1, RFC 768).</summary>
    public static uint PseudoHeader(Ipv4Address source, Ipv4Address destination, byte protocol, int length) =>
        Fold((source.Value >> 16) + (source.Value & 0xFFFF) + (destination.Value >> 16) + (destination.Value & 0xFFFF)
            + protocol + (uint)length);

    /// <summary>RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').</summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~oldWord + newWord;
        return (ushort)~Fold(sum);
    }

    /// <summary>RFC 1624 for a 32-bit field (an address).</summary>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~(oldValue >> 16) + (ushort)~(oldValue & 0xFFFF)
            + (newValue >> 16) + (newValue & 0xFFFF);
        return (ushort)~Fold(sum);
    }
}
