namespace VNetEmu.Netfilter.Parsing;

/// <summary>The C library number parsing iptables relies on (strtoumax with base 0, sscanf %llu), reproduced so that
/// "0x2a", "052" and "42" mean what they mean to iptables.</summary>
internal static class CText
{
    /// <summary>strtoumax(s, &amp;end, 0) from <paramref name="start"/>. False when no digit was read (end = start);
    /// <paramref name="overflow"/> is C's ERANGE.</summary>
    public static bool StrToUMax(string s, int start, out ulong value, out int end, out bool overflow)
    {
        int i = start;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && HexDigit(s[i + 2]) >= 0)
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        value = 0;
        overflow = false;
        int digitsStart = i;
        while (i < s.Length)
        {
            int d = radix == 16 ? HexDigit(s[i]) : s[i] is >= '0' and <= '9' ? s[i] - '0' : -1;
            if (d < 0 || d >= radix)
            {
                break;
            }
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                overflow = true;
            }
            value = unchecked(value * (ulong)radix + (ulong)d);
            i++;
        }
        if (i == digitsStart)
        {
            end = start;
            value = 0;
            return false;
        }
        if (overflow)
        {
            value = ulong.MaxValue;
        }
        else if (negative)
        {
            value = unchecked(0 - value);
        }
        end = i;
        return true;
    }

    /// <summary>libxtables' xtables_strtoul with end == NULL: the whole string must be a number in [min, max]
    /// (max 0 means no upper bound) and must not start with '-'.</summary>
    public static bool TryParseUInt(string s, ulong min, ulong max, out ulong value)
    {
        value = 0;
        if (!TryParseUIntPrefix(s, 0, min, max, out value, out int end))
        {
            return false;
        }
        return end == s.Length;
    }

    /// <summary>xtables_strtoul with an end pointer: trailing text is allowed and reported by <paramref name="end"/>.</summary>
    public static bool TryParseUIntPrefix(string s, int start, ulong min, ulong max, out ulong value, out int end)
    {
        value = 0;
        end = start;
        int p = start;
        while (p < s.Length && IsSpace(s[p]))
        {
            p++;
        }
        if (p < s.Length && s[p] == '-')
        {
            return false;
        }
        if (!StrToUMax(s, start, out ulong v, out int e, out bool overflow))
        {
            return false;
        }
        end = e;
        if (!overflow && min <= v && (max == 0 || v <= max))
        {
            value = v;
            return true;
        }
        return false;
    }

    /// <summary>sscanf(s, "%llu"): leading blanks, an optional sign, decimal digits.</summary>
    public static bool ScanULong(string s, out ulong value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        int digits = i;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            value = unchecked(value * 10 + (ulong)(s[i] - '0'));
            i++;
        }
        if (i == digits)
        {
            return false;
        }
        if (negative)
        {
            value = unchecked(0 - value);
        }
        return true;
    }

    /// <summary>sscanf(s, "%i") for the -w argument.</summary>
    public static bool ScanInt(string s, out long value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }
        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }
        if (!StrToUMax(s, i, out ulong v, out _, out _))
        {
            return false;
        }
        value = negative ? -(long)v : (long)v;
        return true;
    }

    /// <summary>strtod for the statistic match's probability; the whole string must be a number.</summary>
    public static bool TryParseDouble(string s, out double value) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
        && s.Length > 0 && !IsSpace(s[^1]);

    /// <summary>strncasecmp(a, b, n) == 0 with C semantics for strings shorter than n.</summary>
    public static bool PrefixEqualsIgnoreCase(string text, string candidate, int length)
    {
        for (int i = 0; i < length; i++)
        {
            char a = i < text.Length ? char.ToLowerInvariant(text[i]) : '\0';
            char b = i < candidate.Length ? char.ToLowerInvariant(candidate[i]) : '\0';
            if (a != b)
            {
                return false;
            }
            if (a == '\0')
            {
                return true;
            }
        }
        return true;
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
