namespace VNetEmu.Host.Apps.Redis;

/// <summary>Redis's glob (util.c stringmatchlen, case-sensitive) for KEYS: <c>*</c>, <c>?</c>, <c>[abc]</c>,
/// <c>[^a-z]</c>, <c>\x</c>.</summary>
public static class RedisGlob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        bool skipLonger = false;
        return Match(pattern, text, ref skipLonger, 0);
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> s, ref bool skipLonger, int nesting)
    {
        if (nesting > 1000)
        {
            return false;
        }
        int p = 0, i = 0;
        while (p < pattern.Length && i < s.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == '*')
                    {
                        p++;
                    }
                    if (p == pattern.Length - 1)
                    {
                        return true;
                    }
                    while (i < s.Length)
                    {
                        if (Match(pattern[(p + 1)..], s[i..], ref skipLonger, nesting + 1))
                        {
                            return true;
                        }
                        if (skipLonger)
                        {
                            return false;
                        }
                        i++;
                    }
                    skipLonger = true;
                    return false;
                case (byte)'?':
                    i++;
                    break;
                case (byte)'[':
                    {
                        p++;
                        bool not = At(pattern, p) == '^';
                        if (not)
                        {
                            p++;
                        }
                        bool match = false;
                        while (true)
                        {
                            if (At(pattern, p) == '\\' && pattern.Length - p >= 2)
                            {
                                p++;
                                match |= pattern[p] == s[i];
                            }
                            else if (At(pattern, p) == ']')
                            {
                                break;
                            }
                            else if (p >= pattern.Length)
                            {
                                p--;
                                break;
                            }
                            else if (pattern.Length - p >= 3 && pattern[p + 1] == '-')
                            {
                                int start = pattern[p], end = pattern[p + 2];
                                if (start > end)
                                {
                                    (start, end) = (end, start);
                                }
                                p += 2;
                                match |= s[i] >= start && s[i] <= end;
                            }
                            else
                            {
                                match |= pattern[p] == s[i];
                            }
                            p++;
                        }
                        if (not)
                        {
                            match = !match;
                        }
                        if (!match)
                        {
                            return false;
                        }
                        i++;
                        break;
                    }
                case (byte)'\\':
                    if (pattern.Length - p >= 2)
                    {
                        p++;
                    }
                    if (pattern[p] != s[i])
                    {
                        return false;
                    }
                    i++;
                    break;
                default:
                    if (pattern[p] != s[i])
                    {
                        return false;
                    }
                    i++;
                    break;
            }
            p++;
            if (i == s.Length)
            {
                while (At(pattern, p) == '*')
                {
                    p++;
                }
                break;
            }
        }
        return p >= pattern.Length && i == s.Length;
    }
}
