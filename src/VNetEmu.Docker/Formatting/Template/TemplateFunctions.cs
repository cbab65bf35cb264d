// Go's text/template builtins (funcs.go) and docker/cli's templates.basicFunctions.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting.Template;

internal static class TemplateFunctions
{
    private static readonly ParamType[] s_none = [];

    public static readonly Dictionary<string, TemplateFunction> All = new(StringComparer.Ordinal)
    {
        // Go builtins. and/or are evaluated lazily by the executor; listed so Parse knows them.
        ["and"] = new(s_none, ParamType.Reflect, a => a[^1]),
        ["or"] = new(s_none, ParamType.Reflect, a => a[^1]),
        ["call"] = new([ParamType.Reflect], ParamType.Reflect, a => throw new FunctionException(
            $"non-function {GoFormat.Sprint(Unbox(a[0]))} of type {GoValues.TypeName(Unbox(a[0]), false)}")),
        ["html"] = new(s_none, ParamType.Any, a => new Val(HtmlEscape(Sprint(a)))),
        ["index"] = new([ParamType.Reflect], ParamType.Reflect, a => Index(a[0], a[1..])),
        ["slice"] = new([ParamType.Reflect], ParamType.Reflect, a => Slice(a[0], a[1..])),
        ["js"] = new(s_none, ParamType.Any, a => new Val(JsEscape(Sprint(a)))),
        ["len"] = new([ParamType.Reflect], null, a => new Val(Length(a[0]))),
        ["not"] = new([ParamType.Reflect], null, a => new Val(!TemplateExecutor.IsTrue(a[0] with { Boxed = false }).Truth)),
        ["print"] = new(s_none, ParamType.Any, a => new Val(Sprint(a))),
        ["printf"] = new([ParamType.String], ParamType.Any, a => new Val(GoPrintf.Format((string)a[0].Obj!, a[1..].Select(v => v.Obj).ToArray()))),
        ["println"] = new(s_none, ParamType.Any, a => new Val(string.Join(" ", a.Select(v => GoFormat.Sprint(v.Obj))) + "\n")),
        ["urlquery"] = new(s_none, ParamType.Any, a => new Val(QueryEscape(Sprint(a)))),
        ["eq"] = new([ParamType.Reflect], ParamType.Reflect, a => new Val(GoCompare.Eq(a[0], a[1..]))),
        ["ne"] = new([ParamType.Reflect, ParamType.Reflect], null, a => new Val(!GoCompare.Eq(a[0], a[1..]))),
        ["lt"] = new([ParamType.Reflect, ParamType.Reflect], null, a => new Val(GoCompare.Lt(a[0], a[1]))),
        ["le"] = new([ParamType.Reflect, ParamType.Reflect], null, a => new Val(GoCompare.Lt(a[0], a[1]) || GoCompare.Eq(a[0], a[1..]))),
        ["gt"] = new([ParamType.Reflect, ParamType.Reflect], null, a => new Val(!(GoCompare.Lt(a[0], a[1]) || GoCompare.Eq(a[0], a[1..])))),
        ["ge"] = new([ParamType.Reflect, ParamType.Reflect], null, a => new Val(!GoCompare.Lt(a[0], a[1]))),

        // docker/cli templates.basicFunctions
        ["json"] = new([ParamType.Any], null, a => new Val(GoJson.Compact(GoValues.ToNode(a[0].Obj), escapeHtml: false))),
        ["split"] = new([ParamType.String, ParamType.String], null, a => new Val(Split((string)a[0].Obj!, (string)a[1].Obj!))),
        ["join"] = new([ParamType.StringSlice, ParamType.String], null, a => new Val(string.Join((string)a[1].Obj!, (string[])a[0].Obj!))),
        ["title"] = new([ParamType.String], null, a => new Val(Title((string)a[0].Obj!))),
        ["lower"] = new([ParamType.String], null, a => new Val(((string)a[0].Obj!).ToLowerInvariant())),
        ["upper"] = new([ParamType.String], null, a => new Val(((string)a[0].Obj!).ToUpperInvariant())),
        ["pad"] = new([ParamType.String, ParamType.Int, ParamType.Int], null, a => new Val(Pad((string)a[0].Obj!, (long)a[1].Obj!, (long)a[2].Obj!))),
        ["truncate"] = new([ParamType.String, ParamType.Int], null, a => new Val(Truncate((string)a[0].Obj!, (long)a[1].Obj!))),
    };

    /// <summary>docker/cli's templates.HeaderFunctions: a table header keeps the column names as they are.</summary>
    public static readonly Dictionary<string, TemplateFunction> Header = new(StringComparer.Ordinal)
    {
        ["json"] = new([ParamType.String], null, a => a[0]),
        ["split"] = new([ParamType.String, ParamType.String], null, a => a[0]),
        ["join"] = new([ParamType.String, ParamType.String], null, a => a[0]),
        ["title"] = new([ParamType.String], null, a => a[0]),
        ["lower"] = new([ParamType.String], null, a => a[0]),
        ["upper"] = new([ParamType.String], null, a => a[0]),
        ["truncate"] = new([ParamType.String, ParamType.Int], null, a => a[0]),
    };

    private static object? Unbox(Val v) => v.IsValid ? v.Obj : null;

    /// <summary>fmt.Sprint: a space between operands when neither side is a string.</summary>
    private static string Sprint(Val[] args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Length; i++)
        {
            object? obj = Unbox(args[i]);
            if (i > 0 && obj is not string && Unbox(args[i - 1]) is not string)
            {
                sb.Append(' ');
            }
            sb.Append(GoFormat.Sprint(obj));
        }
        return sb.ToString();
    }

    private static long Length(Val v)
    {
        if (!v.IsValid)
        {
            throw new FunctionException("reflect: call of reflect.Value.Type on zero Value");
        }
        return v.Obj switch
        {
            null => throw new FunctionException("len of nil pointer"),
            string s => Encoding.UTF8.GetByteCount(s),
            string[] a => a.Length,
            JsonArray a => a.Count,
            JsonObject o => o.Count,
            _ => throw new FunctionException($"len of type {GoValues.TypeName(v.Obj, false)}"),
        };
    }

    private static long IndexArg(Val index, int cap)
    {
        object? obj = Unbox(index);
        if (!index.IsValid || obj is null)
        {
            throw new FunctionException("cannot index slice/array with nil");
        }
        if (obj is not long x)
        {
            throw new FunctionException($"cannot index slice/array with type {GoValues.TypeName(obj, false)}");
        }
        if (x < 0 || x > cap)
        {
            throw new FunctionException($"index out of range: {x}");
        }
        return x;
    }

    private static Val Index(Val item, Val[] indexes)
    {
        if (!item.IsValid || item.Obj is null && !item.Boxed)
        {
            throw new FunctionException("index of untyped nil");
        }
        foreach (Val index in indexes)
        {
            if (item.Obj is null)
            {
                throw new FunctionException("index of nil pointer");
            }
            switch (item.Obj)
            {
                case JsonArray a:
                    long i = IndexArg(index, a.Count);
                    if (i == a.Count)
                    {
                        throw new FunctionException($"index out of range: {i}");
                    }
                    item = new Val(GoValues.FromNode(a[(int)i]), true);
                    break;
                case string[] sa:
                    long j = IndexArg(index, sa.Length);
                    if (j == sa.Length)
                    {
                        throw new FunctionException($"index out of range: {j}");
                    }
                    item = new Val(sa[j]);
                    break;
                case string s:
                    byte[] bytes = Encoding.UTF8.GetBytes(s);
                    long k = IndexArg(index, bytes.Length);
                    if (k == bytes.Length)
                    {
                        throw new FunctionException($"index out of range: {k}");
                    }
                    item = new Val((long)bytes[k]);
                    break;
                case JsonObject o:
                    object? key = Unbox(index);
                    if (key is not string name)
                    {
                        throw new FunctionException(key is null
                            ? "value is nil; should be of type string"
                            : $"value has type {GoValues.TypeName(key, false)}; should be string");
                    }
                    item = o.TryGetPropertyValue(name, out JsonNode? child) ? new Val(GoValues.FromNode(child), true) : new Val(null, true);
                    break;
                default:
                    throw new FunctionException($"can't index item of type {GoValues.TypeName(item.Obj, false)}");
            }
        }
        return item;
    }

    private static Val Slice(Val item, Val[] indexes)
    {
        if (!item.IsValid || item.Obj is null)
        {
            throw new FunctionException("slice of untyped nil");
        }
        if (indexes.Length > 3)
        {
            throw new FunctionException($"too many slice indexes: {indexes.Length}");
        }
        int length = item.Obj switch
        {
            string s => Encoding.UTF8.GetByteCount(s),
            JsonArray a => a.Count,
            string[] a => a.Length,
            _ => throw new FunctionException($"can't slice item of type {GoValues.TypeName(item.Obj, false)}"),
        };
        if (item.Obj is string && indexes.Length == 3)
        {
            throw new FunctionException("cannot 3-index slice a string");
        }
        long[] idx = [0, length, length];
        for (int i = 0; i < indexes.Length; i++)
        {
            idx[i] = IndexArg(indexes[i], length);
        }
        if (indexes.Length < 3)
        {
            idx[2] = length;
        }
        if (idx[0] > idx[1])
        {
            throw new FunctionException($"invalid slice index: {idx[0]} > {idx[1]}");
        }
        if (indexes.Length == 3 && idx[1] > idx[2])
        {
            throw new FunctionException($"invalid slice index: {idx[1]} > {idx[2]}");
        }
        int from = (int)idx[0], to = (int)idx[1];
        return item.Obj switch
        {
            string s => new Val(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)[from..to])),
            JsonArray a => new Val(new JsonArray(a.Skip(from).Take(to - from).Select(n => n?.DeepClone()).ToArray())),
            _ => new Val(((string[])item.Obj)[from..to]),
        };
    }

    /// <summary>strings.Split: an empty separator splits after each UTF-8 sequence.</summary>
    private static string[] Split(string s, string sep) =>
        sep.Length == 0 ? s.EnumerateRunes().Select(r => r.ToString()).ToArray() : s.Split(sep);

    /// <summary>strings.Title: upper-cases the first letter of each word (words separated as Go's isSeparator).</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        Rune prev = new(' ');
        foreach (Rune r in s.EnumerateRunes())
        {
            sb.Append((IsSeparator(prev) ? Rune.ToUpperInvariant(r) : r).ToString());
            prev = r;
        }
        return sb.ToString();
    }

    private static bool IsSeparator(Rune r)
    {
        if (r.Value <= 0x7F)
        {
            char c = (char)r.Value;
            return !(char.IsAsciiLetterOrDigit(c) || c == '_');
        }
        return !(Rune.IsLetter(r) || Rune.IsDigit(r)) && Rune.IsWhiteSpace(r);
    }

    private static string Pad(string s, long prefix, long suffix)
    {
        if (s.Length == 0)
        {
            return s;
        }
        if (prefix < 0 || suffix < 0)
        {
            throw new FunctionException("strings: negative Repeat count");
        }
        return new string(' ', (int)prefix) + s + new string(' ', (int)suffix);
    }

    /// <summary>docker's truncateWithLength: a byte slice, source[:length].</summary>
    private static string Truncate(string s, long length)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length < length)
        {
            return s;
        }
        if (length < 0)
        {
            throw new FunctionException($"runtime error: slice bounds out of range [:{length}]");
        }
        return Encoding.UTF8.GetString(bytes, 0, (int)length);
    }

    private static string HtmlEscape(string s) => s.Replace("\0", "\uFFFD", StringComparison.Ordinal)
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal);

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '"' => "\\\"",
                '<' => "\\u003C",
                '>' => "\\u003E",
                '&' => "\\u0026",
                '=' => "\\u003D",
                < ' ' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>url.QueryEscape.</summary>
    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
