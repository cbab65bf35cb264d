using System.Globalization;
using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>A JSON document as CPython 3.11's <c>json</c> module holds it: <see cref="PythonJson.Dict"/> (insertion
/// ordered, a repeated key keeps its first place and its last value), <c>List&lt;object?&gt;</c>, <c>string</c>,
/// <see cref="PythonJson.Int"/> (exact digits), <c>double</c>, <c>bool</c> and <c>null</c>.</summary>
internal static class PythonJson
{
    /// <summary>A Python int parsed from JSON: its decimal digits, exact at any size.</summary>
    public sealed record Int(string Digits);

    /// <summary>A Python dict: keys in insertion order.</summary>
    public sealed class Dict
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<KeyValuePair<string, object?>> Items { get; } = [];

        public void Set(string key, object? value)
        {
            if (_index.TryGetValue(key, out int i))
            {
                Items[i] = new(key, value);
                return;
            }
            _index[key] = Items.Count;
            Items.Add(new(key, value));
        }
    }

    /// <summary>json.JSONDecodeError (or the ValueError of int()): its text is what json.tool prints.</summary>
    public sealed class DecodeError(string message) : Exception(message);

    private const int MaxIntDigits = 4300;

    /// <summary>json.loads: the whole text is one document, whitespace around it allowed.</summary>
    public static object? Loads(string s)
    {
        if (s.StartsWith('\uFEFF'))
        {
            throw Error("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0);
        }
        var p = new Decoder(s);
        int idx = p.SkipWhitespace(0);
        object? value = p.Value(idx, out int end);
        end = p.SkipWhitespace(end);
        if (end != s.Length)
        {
            throw Error("Extra data", s, end);
        }
        return value;
    }

    private static DecodeError Error(string message, string s, int pos)
    {
        int line = 1, lastNewline = -1, chars = 0;
        for (int i = 0; i < pos; i++)
        {
            if (char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1]))
            {
                continue; // Python counts code points
            }
            chars++;
            if (s[i] == '\n')
            {
                line++;
                lastNewline = chars - 1;
            }
        }
        int column = chars - lastNewline;
        return new DecodeError($"{message}: line {line} column {column} (char {chars})");
    }

    /// <summary>The scanner of CPython's _json.c: the same error texts at the same positions.</summary>
    private sealed class Decoder(string s)
    {
        public int SkipWhitespace(int i)
        {
            while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
            {
                i++;
            }
            return i;
        }

        /// <summary>scan_once: a value at <paramref name="idx"/>; "Expecting value" where none starts.</summary>
        public object? Value(int idx, out int end)
        {
            if (idx >= s.Length)
            {
                throw Error("Expecting value", s, idx);
            }
            char c = s[idx];
            switch (c)
            {
                case '"':
                    return ScanString(idx + 1, out end);
                case '{':
                    return Object(idx + 1, out end);
                case '[':
                    return Array(idx + 1, out end);
            }
            foreach (var (word, value) in s_constants)
            {
                if (string.CompareOrdinal(s, idx, word, 0, word.Length) == 0)
                {
                    end = idx + word.Length;
                    return value;
                }
            }
            return Number(idx, out end);
        }

        private static readonly (string, object?)[] s_constants =
        [
            ("null", null), ("true", true), ("false", false),
            ("NaN", double.NaN), ("Infinity", double.PositiveInfinity), ("-Infinity", double.NegativeInfinity),
        ];

        private object Number(int start, out int end)
        {
            int i = start;
            if (i < s.Length && s[i] == '-')
            {
                i++;
            }
            if (i < s.Length && s[i] is >= '1' and <= '9')
            {
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
            else if (i < s.Length && s[i] == '0')
            {
                i++;
            }
            else
            {
                throw Error("Expecting value", s, start);
            }
            bool isFloat = false;
            if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
            {
                isFloat = true;
                i += 2;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
            }
            if (i < s.Length && s[i] is 'e' or 'E')
            {
                int e = i + 1;
                if (e < s.Length && s[e] is '+' or '-')
                {
                    e++;
                }
                int digits = e;
                while (e < s.Length && char.IsAsciiDigit(s[e]))
                {
                    e++;
                }
                if (e > digits)
                {
                    isFloat = true;
                    i = e;
                }
            }
            end = i;
            string text = s[start..i];
            if (isFloat)
            {
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            int count = text.TrimStart('-').Length;
            if (count > MaxIntDigits)
            {
                throw new DecodeError($"Exceeds the limit ({MaxIntDigits} digits) for integer string conversion: value has {count} digits; use sys.set_int_max_str_digits() to increase the limit");
            }
            return new Int(text == "-0" ? "0" : text);
        }

        private Dict Object(int idx, out int end)
        {
            var dict = new Dict();
            idx = SkipWhitespace(idx);
            if (idx < s.Length && s[idx] == '}')
            {
                end = idx + 1;
                return dict;
            }
            while (true)
            {
                if (idx >= s.Length || s[idx] != '"')
                {
                    throw Error("Expecting property name enclosed in double quotes", s, idx);
                }
                string key = ScanString(idx + 1, out idx);
                idx = SkipWhitespace(idx);
                if (idx >= s.Length || s[idx] != ':')
                {
                    throw Error("Expecting ':' delimiter", s, idx);
                }
                idx = SkipWhitespace(idx + 1);
                dict.Set(key, Value(idx, out idx));
                idx = SkipWhitespace(idx);
                if (idx < s.Length && s[idx] == '}')
                {
                    end = idx + 1;
                    return dict;
                }
                if (idx >= s.Length || s[idx] != ',')
                {
                    throw Error("Expecting ',' delimiter", s, idx);
                }
                idx = SkipWhitespace(idx + 1);
            }
        }

        private List<object?> Array(int idx, out int end)
        {
            var list = new List<object?>();
            idx = SkipWhitespace(idx);
            if (idx < s.Length && s[idx] == ']')
            {
                end = idx + 1;
                return list;
            }
            while (true)
            {
                list.Add(Value(idx, out idx));
                idx = SkipWhitespace(idx);
                if (idx < s.Length && s[idx] == ']')
                {
                    end = idx + 1;
                    return list;
                }
                if (idx >= s.Length || s[idx] != ',')
                {
                    throw Error("Expecting ',' delimiter", s, idx);
                }
                idx = SkipWhitespace(idx + 1);
            }
        }

        /// <summary>scanstring: <paramref name="start"/> is just after the opening quote.</summary>
        private string ScanString(int start, out int end)
        {
            int begin = start - 1;
            var sb = new StringBuilder();
            int i = start;
            while (true)
            {
                if (i >= s.Length)
                {
                    throw Error("Unterminated string starting at", s, begin);
                }
                char c = s[i];
                if (c == '"')
                {
                    end = i + 1;
                    return sb.ToString();
                }
                if (c < 0x20)
                {
                    throw Error("Invalid control character at", s, i);
                }
                if (c != '\\')
                {
                    sb.Append(c);
                    i++;
                    continue;
                }
                i++;
                if (i >= s.Length)
                {
                    throw Error("Unterminated string starting at", s, begin);
                }
                char e = s[i];
                if (e != 'u')
                {
                    char? plain = e switch
                    {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\b',
                        'f' => '\f',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => null,
                    };
                    if (plain is null)
                    {
                        throw Error("Invalid \\escape", s, i - 1);
                    }
                    sb.Append(plain.Value);
                    i++;
                    continue;
                }
                int u = i;
                int code = Hex4(u);
                i = u + 5;
                if (char.IsHighSurrogate((char)code) && i + 6 < s.Length && s[i] == '\\' && s[i + 1] == 'u')
                {
                    int low = Hex4(i + 1);
                    if (char.IsLowSurrogate((char)low))
                    {
                        sb.Append((char)code).Append((char)low);
                        i += 6;
                        continue;
                    }
                }
                sb.Append((char)code);
            }
        }

        /// <summary>The four hex digits after the <c>u</c> at <paramref name="u"/>.</summary>
        private int Hex4(int u)
        {
            if (u + 5 >= s.Length)
            {
                throw Error("Invalid \\uXXXX escape", s, u);
            }
            int v = 0;
            for (int k = 1; k <= 4; k++)
            {
                int d = HexDigit(s[u + k]);
                if (d < 0)
                {
                    throw Error("Invalid \\uXXXX escape", s, u);
                }
                v = v * 16 + d;
            }
            return v;
        }

        private static int HexDigit(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }

    /// <summary>json.dumps: <paramref name="indent"/> null puts everything on one line.</summary>
    public static string Dumps(object? value, string? indent, string itemSeparator, string keySeparator, bool sortKeys, bool ensureAscii)
    {
        var sb = new StringBuilder();
        Encode(sb, value, 0, indent, itemSeparator, keySeparator, sortKeys, ensureAscii);
        return sb.ToString();
    }

    private static void Encode(StringBuilder sb, object? value, int level, string? indent, string itemSep, string keySep, bool sortKeys, bool ascii)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case Int i:
                sb.Append(i.Digits);
                return;
            case double d:
                sb.Append(FloatRepr(d));
                return;
            case string str:
                EncodeString(sb, str, ascii);
                return;
        }
        bool isList = value is List<object?>;
        var items = isList ? ((List<object?>)value).Select(v => new KeyValuePair<string, object?>("", v)).ToList() : ((Dict)value).Items;
        if (items.Count == 0)
        {
            sb.Append(isList ? "[]" : "{}");
            return;
        }
        if (sortKeys && !isList)
        {
            items = [.. items.OrderBy(kv => kv.Key, CodePointComparer.Instance)];
        }
        string? inner = indent is null ? null : "\n" + string.Concat(Enumerable.Repeat(indent, level + 1));
        sb.Append(isList ? '[' : '{');
        for (int k = 0; k < items.Count; k++)
        {
            if (k > 0)
            {
                sb.Append(itemSep);
            }
            sb.Append(inner);
            if (!isList)
            {
                EncodeString(sb, items[k].Key, ascii);
                sb.Append(keySep);
            }
            Encode(sb, items[k].Value, level + 1, indent, itemSep, keySep, sortKeys, ascii);
        }
        if (indent is not null)
        {
            sb.Append('\n').Append(string.Concat(Enumerable.Repeat(indent, level)));
        }
        sb.Append(isList ? ']' : '}');
    }

    private static void EncodeString(StringBuilder sb, string s, bool ascii)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7e))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that round-trip, fixed notation for decimal
    /// exponents -4 ≤ e &lt; 16, <c>1e+16</c> style otherwise; json writes NaN and the infinities by name.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = shortest.StartsWith('-');
        string body = negative ? shortest[1..] : shortest;
        int exp = 0;
        int ePos = body.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp = int.Parse(body[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..ePos];
        }
        int dot = body.IndexOf('.');
        string intPart = dot < 0 ? body : body[..dot];
        string frac = dot < 0 ? "" : body[(dot + 1)..];
        string digits = (intPart + frac).TrimStart('0');
        int decpt = intPart.TrimStart('0').Length + exp;
        if (intPart.TrimStart('0').Length == 0)
        {
            int leading = frac.Length - frac.TrimStart('0').Length;
            decpt = exp - leading;
        }
        digits = digits.TrimEnd('0');
        string sign = negative ? "-" : "";
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }
        if (decpt <= -4 || decpt > 16)
        {
            int e = decpt - 1;
            string mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00", CultureInfo.InvariantCulture);
        }
        if (decpt <= 0)
        {
            return sign + "0." + new string('0', -decpt) + digits;
        }
        if (decpt >= digits.Length)
        {
            return sign + digits + new string('0', decpt - digits.Length) + ".0";
        }
        return sign + digits[..decpt] + "." + digits[decpt..];
    }

    /// <summary>Python compares str by code point; UTF-16 order differs above U+D7FF.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x!.EnumerateRunes().GetEnumerator();
            var b = y!.EnumerateRunes().GetEnumerator();
            while (true)
            {
                bool ha = a.MoveNext(), hb = b.MoveNext();
                if (!ha || !hb)
                {
                    return ha ? 1 : hb ? -1 : 0;
                }
                int c = a.Current.Value.CompareTo(b.Current.Value);
                if (c != 0)
                {
                    return c;
                }
            }
        }
    }
}
