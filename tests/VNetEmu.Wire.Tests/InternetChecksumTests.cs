using System.Buffers.Binary;
using CsCheck;

namespace VNetEmu.Wire.Tests;

public class InternetChecksumTests
{
    /// <summary>A buffer shaped like a header: an even number of bytes, a checksum word at an even offset, and a
    /// non-zero first word (an IPv4 header's version, or a pseudo-header's protocol) so that it never sums to +0,
    /// the one value RFC 1624 eqn. 3 cannot reproduce.</summary>
    private static readonly Gen<(byte[] Data, int ChecksumAt)> s_header =
        from words in Gen.Int[6, 40]
        from data in Gen.Byte.Array[words * 2]
        from first in Gen.UShort[1, ushort.MaxValue]
        from checksumWord in Gen.Int[1, words - 1]
        select (Fill(data, first, checksumWord * 2), checksumWord * 2);

    private static byte[] Fill(byte[] data, ushort first, int checksumAt)
    {
        BinaryPrimitives.WriteUInt16BigEndian(data, first);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(checksumAt), 0);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(checksumAt), InternetChecksum.Compute(data));
        return data;
    }

    private static ushort Recomputed(byte[] data, int checksumAt)
    {
        byte[] copy = data.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(checksumAt), 0);
        return WireGen.ReferenceChecksum(copy);
    }

    /// <summary>RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.</summary>
    [Fact]
    public void Add_Rfc1071Example_SumsToDdf2()
    {
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xddf2u, InternetChecksum.Add(0, data));
        Assert.Equal(0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_KernelIpv4Header_IsZeroOverAValidHeader()
    {
        byte[] frame = KnownFrames.EchoRequest;
        Assert.Equal(0, InternetChecksum.Compute(frame.AsSpan(14, 20)));
        frame[14 + 10] = 0;
        frame[14 + 11] = 0;
        Assert.Equal(0xe087, InternetChecksum.Compute(frame.AsSpan(14, 20)));
    }

    [Fact]
    public void Compute_RandomData_EqualsReference() =>
        Gen.Byte.Array[0, 3000].Sample(data => Assert.Equal(WireGen.ReferenceChecksum(data), InternetChecksum.Compute(data)), iter: 2_000);

    /// <summary>An even split carries nothing over: summing in pieces (a pseudo-header, then a segment) is summing the whole.</summary>
    [Fact]
    public void Add_InEvenPieces_EqualsAddAtOnce() =>
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 200], Gen.UInt[0, 0xFFFF]).Sample((a, b, start) =>
        {
            byte[] even = a.Length % 2 == 0 ? a : a[..^1];
            Assert.Equal(InternetChecksum.Add(start, [.. even, .. b]), InternetChecksum.Add(InternetChecksum.Add(start, even), b));
        }, iter: 2_000);

    /// <summary>A 32-bit running sum overflows after 128 KiB of 0xFF bytes; the carry it loses is worth one.</summary>
    [Theory, InlineData(131_072), InlineData(131_074), InlineData(200_000), InlineData(1 << 20)]
    public void Compute_LongerThan128KiB_EqualsReference(int length)
    {
        byte[] data = new byte[length];
        data.AsSpan().Fill(0xFF);
        data[^1] = 0x12;
        Assert.Equal(WireGen.ReferenceChecksum(data), InternetChecksum.Compute(data));
    }

    /// <summary>RFC 1624 §3: m = 0x5555 becomes 0x3285 where the other words sum to 0xcd7a. Recomputing gives
    /// 0x0000; eqn. 2 would give 0xffff, eqn. 3 gives 0x0000.</summary>
    [Fact]
    public void Update_Rfc1624Example_GivesZeroLikeRecomputing()
    {
        Assert.Equal(0xdd2f, InternetChecksum.Finish(0xcd7a + 0x5555));
        Assert.Equal(0x0000, InternetChecksum.Update(0xdd2f, (ushort)0x5555, (ushort)0x3285));
        Assert.Equal(0x0000, InternetChecksum.Finish(0xcd7a + 0x3285));
    }

    [Fact]
    public void Update16_RandomWordChange_EqualsRecomputed() =>
        Gen.Select(s_header, Gen.Int[0, 1000], Gen.UShort).Sample((header, pick, value) =>
        {
            (byte[] data, int checksumAt) = header;
            int at = PickWord(data.Length, checksumAt, pick, 2);
            ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(checksumAt));
            ushort old = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), value);
            Assert.Equal(Recomputed(data, checksumAt), InternetChecksum.Update(checksum, old, value));
        }, iter: 5_000);

    [Fact]
    public void Update32_RandomFieldChange_EqualsRecomputed() =>
        Gen.Select(s_header, Gen.Int[0, 1000], Gen.UInt).Sample((header, pick, value) =>
        {
            (byte[] data, int checksumAt) = header;
            int at = PickWord(data.Length, checksumAt, pick, 4);
            ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(checksumAt));
            uint old = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), value);
            Assert.Equal(Recomputed(data, checksumAt), InternetChecksum.Update(checksum, old, value));
        }, iter: 5_000);

    /// <summary>An even offset of a <paramref name="width"/>-byte field that overlaps neither the checksum nor the
    /// first word.</summary>
    private static int PickWord(int length, int checksumAt, int pick, int width)
    {
        int[] candidates = [.. Enumerable.Range(1, length / 2 - 1).Select(w => w * 2)
            .Where(at => at + width <= length && (at + width <= checksumAt || at >= checksumAt + 2))];
        return candidates[pick % candidates.Length];
    }

    /// <summary>The kernel leaves the folded pseudo-header sum in the field when it offloads the checksum;
    /// two captured packets show it.</summary>
    [Theory]
    [InlineData(IpProtocol.Udp, 22, 0x346b)]
    [InlineData(IpProtocol.Tcp, 40, 0x3472)]
    public void PseudoHeader_MatchesKernelOffloadedField(byte protocol, int length, int expected) =>
        Assert.Equal((uint)expected, InternetChecksum.PseudoHeader(Ipv4Address.Parse("10.12.0.2"), Ipv4Address.Parse("198.51.100.2"), protocol, length));
}
