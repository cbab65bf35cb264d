namespace VNetEmu.Scenarios.Tests.Conformance;

/// <summary>Deterministic mutations of real frames for cross-checking the packet line formatter against tshark.</summary>
internal static class FrameMutations
{
    private static readonly byte[] s_optionTypes =
        [0x82, 0x85, 0x86, 0x07, 0x88, 0x44, 0x0B, 0x0C, 0x52, 0x94, 0x95, 0x19, 0x9E, 0x01, 0x00, 0x83, 0x89, 0x8E, 0x0F];

    public static List<TestCaptures.Frame> Generate(List<TestCaptures.Frame> bases, int seed, int count)
    {
        var rng = new Random(seed);
        var frames = new List<TestCaptures.Frame>(count);
        for (int i = 0; i < count; i++)
        {
            TestCaptures.Frame frame = bases[rng.Next(bases.Count)];
            byte[] d = (byte[])frame.Data.Clone();
            int original = frame.OriginalLength;
            for (int m = rng.Next(0, 4); m > 0; m--)
            {
                Mutate(rng, ref d, ref original);
            }
            frames.Add(new TestCaptures.Frame(d, Math.Max(original, d.Length)));
        }
        return frames;
    }

    private static void Mutate(Random rng, ref byte[] d, ref int original)
    {
        int ihl = d.Length > 14 ? (d[14] & 15) * 4 : 0;
        bool icmp = d.Length > 23 && d[23] == 1, tcp = d.Length > 23 && d[23] == 6;
        switch (rng.Next(17))
        {
            case 0: // shorter frame
                d = d[..rng.Next(0, d.Length + 1)];
                original = d.Length;
                break;
            case 1: // snapped capture
                d = d[..rng.Next(0, d.Length + 1)];
                break;
            case 2 or 3 or 4: // any header byte
                int at = rng.Next(Math.Min(d.Length, 80) + 1);
                if (at < d.Length)
                {
                    d[at] = (byte)rng.Next(256);
                }
                break;
            case 5: // one bit after the Ethernet header
                int bit = 14 + rng.Next(Math.Max(1, Math.Min(d.Length - 14, 60)));
                if (bit < d.Length)
                {
                    d[bit] ^= (byte)(1 << rng.Next(8));
                }
                break;
            case 6: // IHL
                if (d.Length > 14)
                {
                    d[14] = (byte)(0x40 | rng.Next(16));
                }
                break;
            case 7: // IP total length
                if (d.Length > 17)
                {
                    d[16] = (byte)rng.Next(2);
                    d[17] = (byte)rng.Next(256);
                }
                break;
            case 8: // IP protocol
                if (d.Length > 23)
                {
                    d[23] = (byte)new[] { 1, 6, 17, 4, 2, 47 }[rng.Next(6)];
                }
                break;
            case 9: // trailing bytes
                var extra = new byte[rng.Next(1, 30)];
                rng.NextBytes(extra);
                d = [.. d, .. extra];
                original = Math.Max(original, d.Length);
                break;
            case 10: // RFC 4884 length byte of an ICMP message
                if (icmp && 14 + ihl + 6 <= d.Length)
                {
                    d[14 + ihl + 5] = (byte)rng.Next(0, 40);
                }
                break;
            case 11: // ICMP type and code
                if (icmp && 14 + ihl + 2 <= d.Length)
                {
                    d[14 + ihl] = (byte)new[] { 3, 4, 5, 11, 12, 0, 8, 13, 9, 42, 6 }[rng.Next(11)];
                    d[14 + ihl + 1] = (byte)rng.Next(0, 16);
                }
                break;
            case 12: // IP options
                if (d.Length >= 34 && (d[14] >> 4) == 4 && 14 + ihl <= d.Length)
                {
                    int n = 4 * rng.Next(1, 6);
                    var option = new byte[n];
                    rng.NextBytes(option);
                    int kind = rng.Next(4);
                    if (kind == 0)
                    {
                        option[0] = (byte)(rng.Next(2) == 0 ? 0x83 : 0x89);
                        option[1] = (byte)Math.Min(n, 3 + 4 * rng.Next(0, 3));
                        option[2] = (byte)(4 + 4 * rng.Next(0, 3));
                    }
                    else if (kind == 1)
                    {
                        option[0] = s_optionTypes[rng.Next(s_optionTypes.Length)];
                        option[1] = (byte)rng.Next(0, n + 3);
                    }
                    d = [.. d[..(14 + ihl)], .. option, .. d[(14 + ihl)..]];
                    d[14] = (byte)(0x40 | Math.Min(15, (ihl + n) / 4));
                    int total = (d[16] << 8 | d[17]) + n;
                    d[16] = (byte)(total >> 8);
                    d[17] = (byte)total;
                    original += n;
                }
                break;
            case 13: // TCP data offset
                if (tcp && 14 + ihl + 13 <= d.Length)
                {
                    d[14 + ihl + 12] = (byte)(rng.Next(16) << 4);
                }
                break;
            case 14: // random frame
                var random = new byte[rng.Next(0, 100)];
                rng.NextBytes(random);
                if (random.Length > 13 && rng.Next(2) == 0)
                {
                    random[12] = 8;
                    random[13] = (byte)(rng.Next(2) == 0 ? 0 : 6);
                }
                d = random;
                original = random.Length;
                break;
            case 15: // 802.1Q tag
                if (d.Length >= 14)
                {
                    d = [.. d[..12], 0x81, 0, 0, 5, .. d[12..]];
                    original += 4;
                }
                break;
            default: // EtherType
                if (d.Length >= 14)
                {
                    d[12] = (byte)rng.Next(256);
                    d[13] = (byte)rng.Next(256);
                }
                break;
        }
    }
}
