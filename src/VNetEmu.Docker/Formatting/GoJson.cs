using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting;

/// <summary>Writes a <see cref="JsonNode"/> the way Go's encoding/json does: <see cref="Compact"/> as json.Marshal
/// and the <c>json</c> template function, <see cref="Indent"/> as json.MarshalIndent / json.Indent behind
/// <c>docker inspect</c>. Objects keep insertion order (docker's struct field order); an object marked as a Go
/// map (<see cref="Map"/>, <see cref="MarkMap"/>) prints its keys sorted, and templates treat it as a map
/// (missing keys give <c>&lt;no value&gt;</c>, %v prints <c>map[k:v]</c>) rather than a struct.</summary>
public static class GoJson
{
    private static readonly ConditionalWeakTable<JsonObject, object> s_maps = new();
    private static readonly object s_mark = new();

    /// <summary>Builds a Go map (map[string]…): keys sorted by byte order, marked with <see cref="MarkMap"/>.</summary>
    public static JsonObject Map(IEnumerable<KeyValuePair<string, JsonNode?>> entries)
    {
        var map = new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> kv in entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            map[kv.Key] = kv.Value;
        }
        return MarkMap(map);
    }

    private static readonly ConditionalWeakTable<JsonArray, object> s_nilSlices = new();

    /// <summary>A nil Go slice ([]string(nil)): JSON prints it as <c>null</c>, templates as <c>[]</c> (%v of a nil slice).</summary>
    public static JsonArray NilSlice()
    {
        var a = new JsonArray();
        s_nilSlices.AddOrUpdate(a, s_mark);
        return a;
    }

    /// <summary>True for an array made by <see cref="NilSlice"/> that is still empty.</summary>
    public static bool IsNilSlice(JsonArray a) => a.Count == 0 && s_nilSlices.TryGetValue(a, out _);

    /// <summary>An empty Go map.</summary>
    public static JsonObject Map() => MarkMap(new JsonObject());

    /// <summary>Marks an object as a Go map; returns it.</summary>
    public static JsonObject MarkMap(JsonObject obj)
    {
        s_maps.AddOrUpdate(obj, s_mark);
        return obj;
    }

    /// <summary>True when the object was marked as a Go map.</summary>
    public static bool IsMap(JsonObject obj) => s_maps.TryGetValue(obj, out _);

    /// <summary>json.Marshal (escapeHtml true) or the <c>json</c> template function (false: docker/cli's
    /// encoder calls SetEscapeHTML(false)). No trailing newline.</summary>
    public static string Compact(JsonNode? node, bool escapeHtml = true)
    {
        var sb = new StringBuilder();
        Write(sb, node, escapeHtml, null, null, 0);
        return sb.ToString();
    }

    /// <summary>json.MarshalIndent(v, prefix, indent): empty objects and arrays stay <c>{}</c> and <c>[]</c>.</summary>
    public static string Indent(JsonNode? node, string prefix = "", string indent = "    ", bool escapeHtml = true)
    {
        var sb = new StringBuilder();
        Write(sb, node, escapeHtml, prefix, indent, 0);
        return sb.ToString();
    }

    /// <summary>A Go string literal as encoding/json writes it.</summary>
    public static string QuoteString(string s, bool escapeHtml = true)
    {
        var sb = new StringBuilder();
        WriteString(sb, s, escapeHtml);
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, string? prefix, string? indent, int depth)
    {
        if (indent is null)
        {
            return;
        }
        sb.Append('\n').Append(prefix);
        for (int i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }

    private static void Write(StringBuilder sb, JsonNode? node, bool html, string? prefix, string? indent, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                return;
            case JsonObject o:
                if (o.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }
                sb.Append('{');
                IEnumerable<KeyValuePair<string, JsonNode?>> entries =
                    IsMap(o) ? o.OrderBy(kv => kv.Key, StringComparer.Ordinal) : o;
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> kv in entries)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    NewLine(sb, prefix, indent, depth + 1);
                    WriteString(sb, kv.Key, html);
                    sb.Append(indent is null ? ":" : ": ");
                    Write(sb, kv.Value, html, prefix, indent, depth + 1);
                }
                NewLine(sb, prefix, indent, depth);
                sb.Append('}');
                return;
            case JsonArray a:
                if (a.Count == 0)
                {
                    sb.Append(IsNilSlice(a) ? "null" : "[]");
                    return;
                }
                sb.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    NewLine(sb, prefix, indent, depth + 1);
                    Write(sb, a[i], html, prefix, indent, depth + 1);
                }
                NewLine(sb, prefix, indent, depth);
                sb.Append(']');
                return;
        }
        switch (GoValues.FromNode(node))
        {
            case string s:
                WriteString(sb, s, html);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l);
                break;
            case double d:
                sb.Append(GoFormat.FormatFloatJson(d));
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s, bool html)
    {
        const string Hex = "0123456789abcdef";
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    continue;
                case '\\':
                    sb.Append("\\\\");
                    continue;
                case '\n':
                    sb.Append("\\n");
                    continue;
                case '\r':
                    sb.Append("\\r");
                    continue;
                case '\t':
                    sb.Append("\\t");
                    continue;
                case '\u2028' or '\u2029':
                    sb.Append("\\u202").Append(c == '\u2028' ? '8' : '9');
                    continue;
            }
            if (c < 0x20 || (html && c is '<' or '>' or '&'))
            {
                sb.Append("\\u00").Append(Hex[c >> 4]).Append(Hex[c & 0xF]);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append("\\ufffd");
            }
            else
            {
                sb.Append(c);
            }
        }
        sb.Append('"');
    }
}
