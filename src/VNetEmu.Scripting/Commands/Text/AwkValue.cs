using System.Globalization;
using System.Numerics;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>An awk scalar: a number, a string, a "strnum" (input that looks numeric: a field, <c>-v</c>, ARGV,
/// ENVIRON, split() pieces) or uninitialized (both "" and 0). Comparisons are numeric when both sides are numbers,
/// strnums or uninitialized, else by string (POSIX).</summary>
internal readonly struct AwkValue
{
    public enum Type : byte
    {
        Uninit,
        Number,
        String,
        StrNum,
    }

    private readonly string? _s;
    private readonly double _n;

    private AwkValue(Type type, double n, string? s)
    {
        Kind = type;
        _n = n;
        _s = s;
    }

    public Type Kind { get; }

    public static readonly AwkValue Uninitialized = default;

    public static AwkValue Num(double n) => new(Type.Number, n, null);

    public static AwkValue Str(string s) => new(Type.String, 0, s);

    public static AwkValue Bool(bool b) => new(Type.Number, b ? 1 : 0, null);

    /// <summary>A value from input: a strnum when the whole text is a number, else a string.</summary>
    public static AwkValue Input(string s) => LooksNumeric(s, out double n) ? new(Type.StrNum, n, s) : new(Type.String, 0, s);

    public bool IsNumeric => Kind is Type.Number or Type.StrNum or Type.Uninit;

    public double ToNumber() => Kind switch
    {
        Type.Number or Type.StrNum => _n,
        Type.String => Strtod(_s!),
        _ => 0,
    };

    /// <summary>The string value; numbers convert through <paramref name="convfmt"/> unless integral.</summary>
    public string ToStr(string convfmt) => Kind switch
    {
        Type.String or Type.StrNum => _s!,
        Type.Number => NumberToString(_n, convfmt),
        _ => "",
    };

    public bool ToBool() => Kind switch
    {
        Type.Number => _n != 0,
        Type.StrNum => _n != 0,
        Type.String => _s!.Length > 0,
        _ => false,
    };

    /// <summary>An integral value prints as an integer (exactly, at any size); others through the format.</summary>
    public static string NumberToString(double d, string format)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return AwkFormat.Special(d);
        }
        if (d == Math.Floor(d))
        {
            return Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : new BigInteger(d).ToString(CultureInfo.InvariantCulture);
        }
        return AwkFormat.FormatNumber(format, d);
    }

    public static int Compare(AwkValue a, AwkValue b, string convfmt)
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            double x = a.ToNumber(), y = b.ToNumber();
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : -1;
        }
        return string.CompareOrdinal(a.ToStr(convfmt), b.ToStr(convfmt)) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }

    /// <summary>True when all of <paramref name="s"/> (blanks around allowed) is a decimal number; awk, unlike
    /// strtod, takes no hex and no "inf"/"nan" words here except with a sign ("+inf", "-nan") as gawk does.</summary>
    public static bool LooksNumeric(string s, out double value)
    {
        value = 0;
        int i = 0, n = s.Length;
        while (i < n && s[i] is ' ' or '\t' or '\n')
        {
            i++;
        }
        int end = n;
        while (end > i && s[end - 1] is ' ' or '\t' or '\n')
        {
            end--;
        }
        if (i == end)
        {
            return false;
        }
        int len = NumberPrefix(s, i, end, out value);
        return len == end - i;
    }

    /// <summary>strtod's reading of a leading number (awk's string to number): 0 when none.</summary>
    public static double Strtod(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            i++;
        }
        NumberPrefix(s, i, s.Length, out double v);
        return v;
    }

    /// <summary>Length of the decimal number at <paramref name="start"/> (sign, digits, fraction, exponent), or of
    /// a signed "inf"/"nan"; its value in <paramref name="value"/>.</summary>
    private static int NumberPrefix(string s, int start, int end, out double value)
    {
        value = 0;
        int i = start;
        bool negative = false;
        if (i < end && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
            if (end - i >= 3 && string.Compare(s, i, "inf", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return i + 3 - start;
            }
            if (end - i >= 3 && string.Compare(s, i, "nan", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                value = negative ? -double.NaN : double.NaN;
                return i + 3 - start;
            }
        }
        int digits = 0;
        while (i < end && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }
        if (i < end && s[i] == '.')
        {
            i++;
            while (i < end && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return 0;
        }
        if (i < end && s[i] is 'e' or 'E')
        {
            int e = i + 1;
            if (e < end && s[e] is '+' or '-')
            {
                e++;
            }
            int expDigits = e;
            while (e < end && char.IsAsciiDigit(s[e]))
            {
                e++;
            }
            if (e > expDigits)
            {
                i = e;
            }
        }
        value = double.Parse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        return i - start;
    }
}
