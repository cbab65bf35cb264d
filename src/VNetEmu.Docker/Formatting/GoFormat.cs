using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting;

/// <summary>Go's fmt and strconv rules the templates need: %v of decoded JSON values, %q, float formatting.</summary>
internal static class GoFormat
{
    /// <summary>strconv.Quote.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (Rune r in s.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (IsPrint(r))
                    {
                        sb.Append(r.ToString());
                    }
                    else if (r.Value < ' ' || r.Value == 0x7F)
                    {
                        sb.Append("\\x").Append(r.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (r.Value < 0x10000)
                    {
                        sb.Append("\\u").Append(r.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append("\\U").Append(r.Value.ToString("x8", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(Rune r)
    {
        if (r.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>%#U: <c>U+007D '}'</c>.</summary>
    public static string UnicodeFormat(Rune r)
    {
        string hex = "U+" + r.Value.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(r) ? hex + " '" + r.ToString() + "'" : hex;
    }

    /// <summary>Shortest round-trip digits of |f| and the decimal point position: 1500 → ("15", 4).</summary>
    private static (string Digits, int DecimalPoint) ShortestDigits(double f)
    {
        string shortest = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        // Parse the "R" form, which is shortest round-trip: either d.dddE+xx or plain decimal.
        int exp = 0;
        string mantissa = shortest;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }
        int dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        string fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        string digits = intPart + fracPart;
        int dp = intPart.Length + exp;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }
        digits = digits[lead..];
        dp -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return ("0", 1);
        }
        return (digits, dp);
    }

    /// <summary>fmt's %v for float64 (strconv 'g', shortest): 16, 1.5, 1e+06, 1.234567e+06, 1e-05.</summary>
    public static string FormatFloatV(double f)
    {
        if (double.IsNaN(f))
        {
            return "NaN";
        }
        if (double.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0)
        {
            return double.IsNegative(f) ? "-0" : "0";
        }
        (string digits, int dp) = ShortestDigits(f);
        int exp = dp - 1;
        string sign = f < 0 ? "-" : "";
        return exp < -4 || exp >= 6
            ? sign + FormatE(digits, exp, 2)
            : sign + FormatF(digits, dp);
    }

    /// <summary>encoding/json's float64: 'f' unless |f| &lt; 1e-6 or ≥ 1e21, then 'e' with e-7 not e-07.</summary>
    public static string FormatFloatJson(double f)
    {
        if (f == 0)
        {
            return double.IsNegative(f) ? "-0" : "0";
        }
        (string digits, int dp) = ShortestDigits(f);
        double abs = Math.Abs(f);
        string sign = f < 0 ? "-" : "";
        return abs < 1e-6 || abs >= 1e21 ? sign + FormatE(digits, dp - 1, 1) : sign + FormatF(digits, dp);
    }

    private static string FormatE(string digits, int exp, int minExpDigits)
    {
        var sb = new StringBuilder();
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        sb.Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture).PadLeft(minExpDigits, '0'));
        return sb.ToString();
    }

    private static string FormatF(string digits, int dp)
    {
        if (dp <= 0)
        {
            return "0." + new string('0', -dp) + digits;
        }
        if (dp >= digits.Length)
        {
            return digits + new string('0', dp - digits.Length);
        }
        return digits[..dp] + "." + digits[dp..];
    }

    /// <summary>fmt.Sprint of one value (%v): strings bare, maps <c>map[k:v]</c> with sorted keys, slices
    /// <c>[a b]</c>, Go structs <c>{a b}</c>, nil <c>&lt;nil&gt;</c>.</summary>
    public static string Sprint(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("<nil>");
                break;
            case string s:
                sb.Append(s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(FormatFloatV(d));
                break;
            case string[] list:
                AppendList(sb, list);
                break;
            case JsonObject o when GoJson.IsMap(o):
                sb.Append("map[");
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    sb.Append(first ? "" : " ").Append(kv.Key).Append(':');
                    Append(sb, GoValues.FromNode(kv.Value));
                    first = false;
                }
                sb.Append(']');
                break;
            case JsonObject o:
                sb.Append('{');
                first = true;
                foreach (KeyValuePair<string, JsonNode?> kv in o)
                {
                    sb.Append(first ? "" : " ");
                    Append(sb, GoValues.FromNode(kv.Value));
                    first = false;
                }
                sb.Append('}');
                break;
            case JsonArray a:
                AppendList(sb, a.Select(GoValues.FromNode));
                break;
            case JsonNode n:
                Append(sb, GoValues.FromNode(n));
                break;
            default:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendList(StringBuilder sb, IEnumerable<object?> items)
    {
        sb.Append('[');
        bool first = true;
        foreach (object? item in items)
        {
            sb.Append(first ? "" : " ");
            Append(sb, item);
            first = false;
        }
        sb.Append(']');
    }
}
