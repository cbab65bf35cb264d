using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>echo [-neE] WORDS</c> as bash's builtin, and <c>printf FORMAT ARGS</c> (%s %d %i %x %o %c %b %%,
/// flags and widths, the format reused while arguments remain).</summary>
public static class EchoCommand
{
    public static int Echo(CommandContext ctx, TextWriter o)
    {
        int i = 1;
        bool newline = true;
        bool escapes = false;
        while (i < ctx.Args.Count && ctx.Args[i].Length > 1 && ctx.Args[i][0] == '-' && ctx.Args[i][1..].All(ch => ch is 'n' or 'e' or 'E'))
        {
            foreach (char ch in ctx.Args[i][1..])
            {
                newline &= ch != 'n';
                escapes = ch == 'e' || (escapes && ch != 'E');
            }
            i++;
        }
        string text = string.Join(' ', ctx.Args.Skip(i));
        if (escapes)
        {
            text = Unescape(text, out bool stop);
            newline &= !stop;
        }
        o.Write(newline ? text + "\n" : text);
        return 0;
    }

    /// <summary>Backslash escapes of echo -e and printf %b; <paramref name="stop"/>: a \c ended the output.</summary>
    public static string Unescape(string s, out bool stop, bool printfFormat = false)
    {
        var sb = new StringBuilder();
        stop = false;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            char c = s[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'e': sb.Append('\u001b'); break;
                case '\\': sb.Append('\\'); break;
                case '"' when printfFormat: sb.Append('"'); break;
                case 'c':
                    stop = true;
                    return sb.ToString();
                case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7' when c == '0' || printfFormat:
                    {
                        int start = c == '0' && !printfFormat ? i + 1 : i;
                        int end = start;
                        while (end < s.Length && end - start < 3 && s[end] is >= '0' and <= '7')
                        {
                            end++;
                        }
                        sb.Append((char)(end > start ? Convert.ToInt32(s[start..end], 8) & 0xff : 0));
                        i = end - 1;
                        break;
                    }
                case 'x':
                    {
                        int end = i + 1;
                        while (end < s.Length && end - i - 1 < 2 && Uri.IsHexDigit(s[end]))
                        {
                            end++;
                        }
                        if (end == i + 1)
                        {
                            sb.Append("\\x");
                            break;
                        }
                        sb.Append((char)int.Parse(s[(i + 1)..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i = end - 1;
                        break;
                    }
                default:
                    sb.Append('\\').Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    public static int Printf(CommandContext ctx, TextWriter o, TextWriter e)
    {
        if (ctx.Args.Count < 2)
        {
            e.Write("printf: usage: printf [-v var] format [arguments]\n");
            return 2;
        }
        string format = ctx.Args[1];
        var args = ctx.Args.Skip(2).ToList();
        int next = 0;
        int code = 0;
        do
        {
            var sb = new StringBuilder();
            bool consumed = false;
            for (int i = 0; i < format.Length; i++)
            {
                char c = format[i];
                if (c == '\\')
                {
                    int j = i + 1;
                    while (j < format.Length && j - i < 4 && format[j] is >= '0' and <= '7' && format[i + 1] is >= '0' and <= '7')
                    {
                        j++;
                    }
                    int end = Math.Max(j, Math.Min(i + 2, format.Length));
                    sb.Append(Unescape(format[i..end], out bool stop, printfFormat: true));
                    if (stop)
                    {
                        o.Write(sb.ToString());
                        return code;
                    }
                    i = end - 1;
                    continue;
                }
                if (c != '%' || i + 1 >= format.Length)
                {
                    sb.Append(c);
                    continue;
                }
                int k = i + 1;
                while (k < format.Length && format[k] is '-' or '+' or ' ' or '0' or '#')
                {
                    k++;
                }
                while (k < format.Length && (char.IsAsciiDigit(format[k]) || format[k] == '.'))
                {
                    k++;
                }
                if (k >= format.Length)
                {
                    e.Write($"bash: line 1: printf: `{format[i..]}': missing format character\n");
                    return 1;
                }
                char conv = format[k];
                string spec = format[(i + 1)..k];
                i = k;
                if (conv == '%')
                {
                    sb.Append('%');
                    continue;
                }
                string arg = next < args.Count ? args[next++] : "";
                consumed = true;
                switch (conv)
                {
                    case 's':
                        sb.Append(Pad(Precision(arg, spec), spec));
                        break;
                    case 'b':
                        sb.Append(Pad(Unescape(arg, out _), spec));
                        break;
                    case 'c':
                        sb.Append(Pad(arg.Length > 0 ? arg[..1] : "", spec));
                        break;
                    case 'd' or 'i' or 'x' or 'X' or 'o' or 'u':
                        if (!TryInteger(arg, out long n))
                        {
                            e.Write($"bash: line 1: printf: {arg}: invalid number\n");
                            code = 1;
                        }
                        string digits = conv switch
                        {
                            'x' => n.ToString("x", CultureInfo.InvariantCulture),
                            'X' => n.ToString("X", CultureInfo.InvariantCulture),
                            'o' => Convert.ToString(n, 8),
                            _ => Math.Abs(n).ToString(CultureInfo.InvariantCulture),
                        };
                        string sign = conv is 'd' or 'i' ? (n < 0 ? "-" : spec.Contains('+') ? "+" : spec.Contains(' ') ? " " : "") : "";
                        sb.Append(PadNumber(sign, digits, spec));
                        break;
                    default:
                        e.Write($"bash: line 1: printf: `{conv}': invalid format character\n");
                        return 1;
                }
            }
            o.Write(sb.ToString());
            if (!consumed)
            {
                break;
            }
        }
        while (next < args.Count);
        return code;
    }

    private static bool TryInteger(string s, out long n)
    {
        n = 0;
        if (s.Length == 0)
        {
            return true;
        }
        if (s[0] is '\'' or '"' && s.Length > 1)
        {
            n = s[1];
            return true;
        }
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out n);
        }
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n);
    }

    private static string Precision(string s, string spec)
    {
        int dot = spec.IndexOf('.');
        return dot >= 0 && int.TryParse(spec[(dot + 1)..], CultureInfo.InvariantCulture, out int p) && p < s.Length ? s[..p] : s;
    }

    private static int Width(string spec)
    {
        string w = new(spec.SkipWhile(ch => ch is '-' or '+' or ' ' or '0' or '#').TakeWhile(char.IsAsciiDigit).ToArray());
        return w.Length > 0 ? int.Parse(w, CultureInfo.InvariantCulture) : 0;
    }

    private static string Pad(string s, string spec)
    {
        int width = Width(spec);
        return spec.StartsWith('-') || spec.Contains("-", StringComparison.Ordinal) ? s.PadRight(width) : s.PadLeft(width);
    }

    private static string PadNumber(string sign, string digits, string spec)
    {
        int width = Width(spec);
        bool left = spec.Contains('-');
        bool zero = !left && spec.TakeWhile(ch => !char.IsAsciiDigit(ch) || ch == '0').Contains('0');
        if (zero)
        {
            return sign + digits.PadLeft(Math.Max(0, width - sign.Length), '0');
        }
        string s = sign + digits;
        return left ? s.PadRight(width) : s.PadLeft(width);
    }
}
