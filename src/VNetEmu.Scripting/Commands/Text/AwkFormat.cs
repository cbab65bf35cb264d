using System.Globalization;
using System.Numerics;
using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>awk's printf and sprintf: C's conversions (<c>%c %d %i %o %x %X %u %e %E %f %F %g %G %s %%</c>) with
/// flags <c>- + space # 0</c>, widths and precisions (<c>*</c> too). Floating conversions are computed from the
/// exact binary value and rounded half-to-even as glibc does; infinities and NaNs print as gawk prints them.</summary>
internal static class AwkFormat
{
    /// <summary>Raised when the format needs more arguments than were given.</summary>
    public sealed class MissingArgument : Exception;

    public static string FormatNumber(string format, double d) => Sprintf(format, [AwkValue.Num(d)], "%.6g");

    public static string Special(double d) => double.IsNaN(d) ? (double.IsNegative(d) ? "-nan" : "+nan") : d > 0 ? "+inf" : "-inf";

    public static string Sprintf(string format, IReadOnlyList<AwkValue> args, string convfmt)
    {
        var sb = new StringBuilder();
        int next = 0;
        AwkValue Arg()
        {
            if (next >= args.Count)
            {
                throw new MissingArgument();
            }
            return args[next++];
        }
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            int start = i;
            i++;
            bool left = false, plus = false, space = false, alt = false, zero = false;
            for (; i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0'; i++)
            {
                switch (format[i])
                {
                    case '-': left = true; break;
                    case '+': plus = true; break;
                    case ' ': space = true; break;
                    case '#': alt = true; break;
                    default: zero = true; break;
                }
            }
            int width = 0;
            if (i < format.Length && format[i] == '*')
            {
                width = (int)Math.Clamp(Arg().ToNumber(), -1e6, 1e6);
                if (width < 0)
                {
                    left = true;
                    width = -width;
                }
                i++;
            }
            else
            {
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                {
                    width = Math.Min(width * 10 + (format[i++] - '0'), 1_000_000);
                }
            }
            int precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = 0;
                if (i < format.Length && format[i] == '*')
                {
                    precision = (int)Math.Clamp(Arg().ToNumber(), -1, 1e6);
                    i++;
                }
                else
                {
                    while (i < format.Length && char.IsAsciiDigit(format[i]))
                    {
                        precision = Math.Min(precision * 10 + (format[i++] - '0'), 1_000_000);
                    }
                }
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L' or 'q' or 'j' or 'z' or 't')
            {
                i++;
            }
            if (i >= format.Length)
            {
                sb.Append(format, start, format.Length - start);
                break;
            }
            char conv = format[i];
            string body;
            string sign = "";
            bool numeric = true;
            switch (conv)
            {
                case '%':
                    sb.Append('%');
                    continue;
                case 'c':
                    AwkValue v = Arg();
                    body = v.Kind == AwkValue.Type.Number ? CharOf(v.ToNumber()) : v.ToStr(convfmt) is { Length: > 0 } s0 ? s0[..(char.IsHighSurrogate(s0[0]) && s0.Length > 1 ? 2 : 1)] : "";
                    numeric = false;
                    break;
                case 's':
                    body = Arg().ToStr(convfmt);
                    if (precision >= 0 && precision < body.Length)
                    {
                        body = body[..precision];
                    }
                    numeric = false;
                    break;
                case 'd' or 'i':
                    double n = Arg().ToNumber();
                    if (double.IsNaN(n) || double.IsInfinity(n))
                    {
                        (sign, body) = SplitSign(Special(n));
                        zero = false;
                        break;
                    }
                    BigInteger integer = new(Math.Truncate(n));
                    sign = integer.Sign < 0 ? "-" : plus ? "+" : space ? " " : "";
                    body = Digits(BigInteger.Abs(integer).ToString(CultureInfo.InvariantCulture), precision);
                    if (precision >= 0)
                    {
                        zero = false;
                    }
                    break;
                case 'o' or 'x' or 'X' or 'u':
                    double u = Arg().ToNumber();
                    if (double.IsNaN(u) || double.IsInfinity(u))
                    {
                        (sign, body) = SplitSign(Special(u));
                        zero = false;
                        break;
                    }
                    BigInteger value = u < 0 ? new BigInteger(unchecked((ulong)(long)Math.Max(Math.Truncate(u), long.MinValue))) : new BigInteger(Math.Truncate(u));
                    body = conv switch
                    {
                        'u' => value.ToString(CultureInfo.InvariantCulture),
                        'o' => ToBase(value, 8),
                        'x' => ToBase(value, 16),
                        _ => ToBase(value, 16).ToUpperInvariant(),
                    };
                    body = Digits(body, precision);
                    if (alt && conv == 'o' && !body.StartsWith('0'))
                    {
                        body = "0" + body;
                    }
                    else if (alt && conv is 'x' or 'X' && !value.IsZero)
                    {
                        sign = conv == 'x' ? "0x" : "0X";
                    }
                    if (precision >= 0)
                    {
                        zero = false;
                    }
                    break;
                case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 'a' or 'A':
                    double f = Arg().ToNumber();
                    if (double.IsNaN(f) || double.IsInfinity(f))
                    {
                        (sign, body) = SplitSign(Special(f));
                        if (conv is 'E' or 'F' or 'G')
                        {
                            body = body.ToUpperInvariant();
                        }
                        zero = false;
                        break;
                    }
                    sign = double.IsNegative(f) ? "-" : plus ? "+" : space ? " " : "";
                    body = Float(Math.Abs(f), conv is 'a' or 'A' ? (conv == 'a' ? 'e' : 'E') : conv, precision < 0 ? 6 : precision, alt);
                    break;
                default:
                    // an unknown conversion is copied as it is, as gawk does
                    sb.Append(format, start, i - start + 1);
                    continue;
            }
            int pad = width - sign.Length - body.Length;
            if (pad <= 0)
            {
                sb.Append(sign).Append(body);
            }
            else if (left)
            {
                sb.Append(sign).Append(body).Append(' ', pad);
            }
            else if (zero && numeric)
            {
                sb.Append(sign).Append('0', pad).Append(body);
            }
            else
            {
                sb.Append(' ', pad).Append(sign).Append(body);
            }
        }
        return sb.ToString();
    }

    private static (string Sign, string Body) SplitSign(string s) => s[0] is '+' or '-' ? (s[..1], s[1..]) : ("", s);

    private static string CharOf(double d)
    {
        long code = (long)d;
        if (code is < 0 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            return ((char)(code & 0xFF)).ToString();
        }
        return char.ConvertFromUtf32((int)code);
    }

    private static string Digits(string digits, int precision)
    {
        if (precision == 0 && digits == "0")
        {
            return "";
        }
        return precision > digits.Length ? new string('0', precision - digits.Length) + digits : digits;
    }

    private static string ToBase(BigInteger v, int radix)
    {
        if (v.IsZero)
        {
            return "0";
        }
        var sb = new StringBuilder();
        while (!v.IsZero)
        {
            sb.Insert(0, "0123456789abcdef"[(int)(v % radix)]);
            v /= radix;
        }
        return sb.ToString();
    }

    /// <summary>%e, %f, %g of a non-negative finite value.</summary>
    public static string Float(double d, char conv, int precision, bool alt)
    {
        bool upper = char.IsUpper(conv);
        switch (char.ToLowerInvariant(conv))
        {
            case 'f':
                return Fixed(d, precision, alt);
            case 'e':
                return Exponential(d, precision, alt, upper);
        }
        int p = precision == 0 ? 1 : precision;
        (string digits, int point) = Exact(d);
        int x = d == 0 ? 0 : Round(digits, point, p, out _).Point - 1;
        string s = p > x && x >= -4 ? Fixed(d, p - 1 - x, alt) : Exponential(d, p - 1, alt, upper);
        if (!alt)
        {
            int e = s.IndexOfAny(['e', 'E']);
            string mantissa = e < 0 ? s : s[..e];
            if (mantissa.Contains('.'))
            {
                mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            }
            s = mantissa + (e < 0 ? "" : s[e..]);
        }
        return s;
    }

    private static string Fixed(double d, int precision, bool alt)
    {
        (string digits, int point) = Exact(d);
        var (rounded, newPoint) = RoundAt(digits, point, point + precision);
        string intPart = newPoint <= 0 ? "0" : rounded.PadRight(newPoint, '0')[..newPoint];
        string frac = newPoint >= rounded.Length ? new string('0', precision) : rounded[Math.Max(newPoint, 0)..];
        if (newPoint < 0)
        {
            frac = new string('0', -newPoint) + rounded;
        }
        frac = frac.PadRight(precision, '0')[..precision];
        intPart = intPart.TrimStart('0');
        if (intPart.Length == 0)
        {
            intPart = "0";
        }
        return precision > 0 || alt ? intPart + "." + frac : intPart;
    }

    private static string Exponential(double d, int precision, bool alt, bool upper)
    {
        int exp;
        string kept;
        if (d == 0)
        {
            kept = new string('0', precision + 1);
            exp = 0;
        }
        else
        {
            (string digits, int point) = Exact(d);
            var r = Round(digits, point, precision + 1, out kept);
            exp = r.Point - 1;
        }
        string mantissa = kept[..1] + (precision > 0 || alt ? "." : "") + kept[1..];
        return mantissa + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Rounds to <paramref name="significant"/> digits; the kept digits (padded with zeros) and where
    /// the decimal point falls after rounding.</summary>
    private static (string Digits, int Point) Round(string digits, int point, int significant, out string kept)
    {
        var (r, p) = RoundAt(digits, point, significant);
        kept = r.Length >= significant ? r[..significant] : r.PadRight(significant, '0');
        return (r, p);
    }

    /// <summary>Keeps the first <paramref name="keep"/> digits of <paramref name="digits"/> (which stand for
    /// 0.DIGITS × 10^point), rounding half to even on the exact remainder.</summary>
    private static (string Digits, int Point) RoundAt(string digits, int point, int keep)
    {
        if (keep >= digits.Length)
        {
            return (digits, point);
        }
        if (keep < 0)
        {
            return ("0", point);
        }
        bool up;
        char first = digits[keep];
        if (first > '5')
        {
            up = true;
        }
        else if (first < '5')
        {
            up = false;
        }
        else
        {
            bool rest = digits.AsSpan(keep + 1).IndexOfAnyExcept('0') >= 0;
            up = rest || (keep > 0 && (digits[keep - 1] - '0') % 2 == 1);
        }
        char[] kept = digits[..keep].ToCharArray();
        if (up)
        {
            int k = keep - 1;
            while (k >= 0 && kept[k] == '9')
            {
                kept[k] = '0';
                k--;
            }
            if (k < 0)
            {
                return ("1" + new string(kept), point + 1);
            }
            kept[k]++;
        }
        return (kept.Length == 0 ? "0" : new string(kept), kept.Length == 0 && !up ? point : point);
    }

    /// <summary>The exact decimal expansion of a finite non-negative double: DIGITS with the value
    /// 0.DIGITS × 10^point (no leading zeros; "0" for zero).</summary>
    private static (string Digits, int Point) Exact(double d)
    {
        if (d == 0)
        {
            return ("0", 1);
        }
        long bits = BitConverter.DoubleToInt64Bits(d);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent -= 1075;
        string digits;
        int point;
        if (exponent >= 0)
        {
            digits = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            point = digits.Length;
        }
        else
        {
            digits = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
            point = digits.Length + exponent;
        }
        string trimmed = digits.TrimEnd('0');
        return (trimmed.Length == 0 ? "0" : trimmed, point);
    }
}
