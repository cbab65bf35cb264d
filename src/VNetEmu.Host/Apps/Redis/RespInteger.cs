namespace VNetEmu.Host.Apps.Redis;

/// <summary>Redis's and hiredis's string2ll: a strict decimal (no sign but '-', no spaces, no leading zeros, no
/// overflow), as every length line and integer argument is read.</summary>
public static class RespInteger
{
    public static bool TryParse(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 20)
        {
            return false;
        }
        if (s.Length == 1 && s[0] == '0')
        {
            return true;
        }
        bool negative = s[0] == '-';
        int i = negative ? 1 : 0;
        if (i >= s.Length || s[i] < '1' || s[i] > '9')
        {
            return false;
        }
        ulong v = 0;
        for (; i < s.Length; i++)
        {
            if (s[i] < '0' || s[i] > '9')
            {
                return false;
            }
            if (v > (ulong.MaxValue - (ulong)(s[i] - '0')) / 10)
            {
                return false;
            }
            v = v * 10 + (ulong)(s[i] - '0');
        }
        if (negative)
        {
            if (v > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - v);
            return true;
        }
        if (v > long.MaxValue)
        {
            return false;
        }
        value = (long)v;
        return true;
    }

    public static bool TryParse(string s, out long value) => TryParse(System.Text.Encoding.UTF8.GetBytes(s), out value);
}
