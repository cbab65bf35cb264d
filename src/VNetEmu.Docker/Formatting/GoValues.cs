using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting;

/// <summary>The values a template works on, as Go's encoding/json decodes into interface{}: JsonObject is a
/// map[string]interface{} (or a struct when not marked with <see cref="GoJson.MarkMap"/>), JsonArray a
/// []interface{}, strings, bools, integers (long, Go int) and float64 (double); null is a nil interface.</summary>
internal static class GoValues
{
    /// <summary>reflect's invalid Value: a missing map key, printed <c>&lt;no value&gt;</c>.</summary>
    public static readonly object NoValue = new NoValueMarker();

    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray:
                return node;
            case JsonValue v:
                if (v.TryGetValue(out string? s))
                {
                    return s;
                }
                if (v.TryGetValue(out bool b))
                {
                    return b;
                }
                if (v.TryGetValue(out JsonElement e))
                {
                    return e.ValueKind switch
                    {
                        JsonValueKind.String => e.GetString(),
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.Number when e.TryGetInt64(out long l) && !e.GetRawText().AsSpan().ContainsAny(".eE") => l,
                        JsonValueKind.Number => e.GetDouble(),
                        JsonValueKind.Null => null,
                        JsonValueKind.Object => JsonObject.Create(e),
                        JsonValueKind.Array => JsonArray.Create(e),
                        _ => null,
                    };
                }
                return v.GetValue<object>() switch
                {
                    int or long or short or sbyte or byte or ushort or uint => Convert.ToInt64(v.GetValue<object>(), CultureInfo.InvariantCulture),
                    ulong u => u <= long.MaxValue ? (long)u : (double)u,
                    double d => d,
                    float f => (double)f,
                    decimal m => (double)m,
                    char c => c.ToString(),
                    _ => v.ToJsonString(),
                };
            default:
                return null;
        }
    }

    /// <summary>Go's reflect type name of a value, for error messages.</summary>
    public static string TypeName(object? value, bool boxed) => boxed ? "interface {}" : value switch
    {
        null => "interface {}",
        string => "string",
        bool => "bool",
        long or int => "int",
        double => "float64",
        string[] => "[]string",
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        _ => value.GetType().Name,
    };

    /// <summary>Converts a value back to a node, for json and for storing.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode n => n,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create((long)i),
        double d => JsonValue.Create(d),
        string[] a => new JsonArray(a.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private sealed class NoValueMarker
    {
        public override string ToString() => "<no value>";
    }
}
