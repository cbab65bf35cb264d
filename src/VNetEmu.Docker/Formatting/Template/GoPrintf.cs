// fmt.Sprintf for the verbs templates use: %v %s %d %q %t %x %X %f %e %g %c %%, with flags, width, precision.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting.Template;

internal static class GoPrintf
{
    public static string Format(string format, object?[] args)
    {
        var sb = new StringBuilder();
        int argIndex = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            bool minus = false, plus = false, zero = false, space = false, sharp = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': minus = true; continue;
                    case '+': plus = true; continue;
                    case '0': zero = true; continue;
                    case ' ': space = true; continue;
                    case '#': sharp = true; continue;
                }
                break;
            }
            int width = ReadNumber(format, ref i);
            int precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Math.Max(0, ReadNumber(format, ref i));
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            char verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argIndex >= args.Length)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            object? arg = args[argIndex++];
            string? text = FormatOne(verb, arg, precision, plus, space, sharp);
            if (text is null)
            {
                sb.Append("%!").Append(verb).Append('(').Append(Describe(arg)).Append(')');
                continue;
            }
            if (width > text.Length)
            {
                bool numeric = arg is long or double && verb is 'd' or 'x' or 'X' or 'f' or 'F' or 'e' or 'g' or 'v';
                if (minus)
                {
                    text = text.PadRight(width);
                }
                else if (zero && numeric && text.Length > 0 && text[0] is '-' or '+')
                {
                    text = text[0] + text[1..].PadLeft(width - 1, '0');
                }
                else
                {
                    text = text.PadLeft(width, zero && numeric ? '0' : ' ');
                }
            }
            sb.Append(text);
        }
        if (argIndex < args.Length)
        {
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args[argIndex..].Select(Describe))).Append(')');
        }
        return sb.ToString();
    }

    private static int ReadNumber(string format, ref int i)
    {
        int start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }
        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : -1;
    }

    private static string Describe(object? arg) =>
        arg is null ? "<nil>" : GoValues.TypeName(arg, false) + "=" + GoFormat.Sprint(arg);

    private static string? FormatOne(char verb, object? arg, int precision, bool plus, bool space, bool sharp)
    {
        string sign(string s, bool negative) => negative ? s : plus ? "+" + s : space ? " " + s : s;
        switch (verb)
        {
            case 'v':
                return arg is double dv && precision < 0 ? GoFormat.FormatFloatV(dv) : GoFormat.Sprint(arg);
            case 's':
                return arg switch
                {
                    string s => precision >= 0 && s.Length > precision ? s[..precision] : s,
                    string[] or JsonArray or JsonObject => GoFormat.Sprint(arg),
                    _ => null,
                };
            case 'q':
                return arg switch
                {
                    string s => sharp && !s.Contains('`') ? "`" + s + "`" : GoFormat.Quote(s),
                    long l when l is >= 0 and <= 0x10FFFF => "'" + GoFormat.Quote(char.ConvertFromUtf32((int)l))[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) + "'",
                    _ => null,
                };
            case 'd':
                return arg is long d ? sign(d.ToString(CultureInfo.InvariantCulture), d < 0) : null;
            case 't':
                return arg is bool b ? (b ? "true" : "false") : null;
            case 'c':
                return arg is long cp and >= 0 and <= 0x10FFFF ? char.ConvertFromUtf32((int)cp) : null;
            case 'x' or 'X':
                string? hex = arg switch
                {
                    long l => (l < 0 ? "-" : "") + Math.Abs(l).ToString("x", CultureInfo.InvariantCulture),
                    string s => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
                    _ => null,
                };
                if (hex is not null && sharp && arg is long)
                {
                    hex = hex.StartsWith('-') ? "-0x" + hex[1..] : "0x" + hex;
                }
                return verb == 'X' ? hex?.ToUpperInvariant() : hex;
            case 'f' or 'F':
                return arg is double f ? sign(f.ToString("F" + (precision < 0 ? 6 : precision), CultureInfo.InvariantCulture), f < 0) : null;
            case 'e':
                if (arg is not double e)
                {
                    return null;
                }
                string es = e.ToString((precision < 0 ? 6 : precision) == 0 ? "0e+00" : "0." + new string('0', precision < 0 ? 6 : precision) + "e+00", CultureInfo.InvariantCulture);
                return sign(es, e < 0);
            case 'g':
                return arg is double g ? sign(GoFormat.FormatFloatV(g), g < 0) : null;
            default:
                return null;
        }
    }
}
