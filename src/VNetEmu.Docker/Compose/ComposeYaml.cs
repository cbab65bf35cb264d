// YAML nodes as compose-go sees them after decoding to JSON-like values, and compose v2's error texts
// for them (compose-go's schema reduction: "PATH must be a TYPE", "PATH Additional property X is not allowed").
using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VNetEmu.Docker.Compose;

internal sealed class ComposeYaml(string path)
{
    public string Path { get; } = path;

    /// <summary>Parses YAML text; YAML errors read as go-yaml's: <c>yaml: line N: message</c>.</summary>
    public YamlMappingNode ParseRoot(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ComposeException($"yaml: line {e.Start.Line}: {GoYamlMessage(e)}");
        }
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            throw new ComposeException($"parsing {Path}: empty compose file");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ComposeException($"parsing {Path}: Top-level object must be a mapping");
        }
        return root;
    }

    /// <summary>libyaml's messages, which YamlDotNet ports: "While scanning X, could not find Y." → "could not find Y".</summary>
    private static string GoYamlMessage(YamlException e)
    {
        string message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        int comma = message.StartsWith("While ", StringComparison.Ordinal) ? message.IndexOf(", ", StringComparison.Ordinal) : -1;
        if (comma >= 0)
        {
            message = message[(comma + 2)..];
        }
        message = message.TrimEnd('.');
        // Where YamlDotNet words a libyaml error differently, go-yaml's (libyaml's) text.
        message = message switch
        {
            "found invalid mapping" or "Mapping values are not allowed in this context" => "mapping values are not allowed in this context",
            _ => message,
        };
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    [DoesNotReturn]
    public void Invalid(string field, string description) =>
        throw new ComposeException($"validating {Path}: {field} {description}");

    public static bool IsNull(YamlNode? node) =>
        node is null || (node is YamlScalarNode s && s.Style == YamlDotNet.Core.ScalarStyle.Plain
            && s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>The entries of a mapping, with <c>&lt;&lt;</c> merge keys applied (later keys win).</summary>
    public static List<KeyValuePair<string, YamlNode>> Entries(YamlMappingNode map)
    {
        var result = new List<KeyValuePair<string, YamlNode>>();
        foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
        {
            string key = ((kv.Key as YamlScalarNode)?.Value) ?? kv.Key.ToString();
            if (key == "<<")
            {
                IEnumerable<YamlNode> sources = kv.Value is YamlSequenceNode seq ? seq.Children : [kv.Value];
                foreach (YamlMappingNode source in sources.OfType<YamlMappingNode>())
                {
                    foreach (KeyValuePair<string, YamlNode> merged in Entries(source))
                    {
                        if (!result.Any(r => r.Key == merged.Key) && !map.Children.Keys.Any(k => (k as YamlScalarNode)?.Value == merged.Key))
                        {
                            result.Add(merged);
                        }
                    }
                }
                continue;
            }
            result.Add(KeyValuePair.Create(key, kv.Value));
        }
        return result;
    }

    public YamlMappingNode Mapping(YamlNode node, string field) =>
        node as YamlMappingNode ?? Fail<YamlMappingNode>(field, "must be a mapping");

    public YamlSequenceNode List(YamlNode node, string field) =>
        node as YamlSequenceNode ?? Fail<YamlSequenceNode>(field, "must be a list");

    public string String(YamlNode node, string field)
    {
        if (node is YamlScalarNode s && !IsNull(s) && !(s.Style == YamlDotNet.Core.ScalarStyle.Plain && (IsBoolText(s.Value) || IsNumberText(s.Value))))
        {
            return s.Value ?? "";
        }
        return Fail<string>(field, "must be a string");
    }

    /// <summary>A string or a number, as ports, expose and ipam fields allow.</summary>
    public string Scalar(YamlNode node, string field, string description = "must be a string or number")
    {
        if (node is YamlScalarNode s && !IsNull(s) && !(s.Style == YamlDotNet.Core.ScalarStyle.Plain && IsBoolText(s.Value)))
        {
            return s.Value ?? "";
        }
        return Fail<string>(field, description);
    }

    public bool Bool(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && IsBoolText(s.Value))
        {
            return s.Value!.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        return Fail<bool>(field, "must be a boolean");
    }

    public int Integer(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && int.TryParse(s.Value, out int value))
        {
            return value;
        }
        return Fail<int>(field, "must be a integer");
    }

    [DoesNotReturn]
    private T Fail<T>(string field, string description)
    {
        Invalid(field, description);
        return default;
    }

    private static bool IsBoolText(string? s) => s is "true" or "false" or "True" or "False" or "TRUE" or "FALSE";

    private static bool IsNumberText(string? s) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>Rejects keys outside <paramref name="allowed"/> (x-* extensions pass).</summary>
    public void CheckKeys(List<KeyValuePair<string, YamlNode>> entries, string field, HashSet<string> allowed)
    {
        foreach (KeyValuePair<string, YamlNode> kv in entries)
        {
            if (!allowed.Contains(kv.Key) && !kv.Key.StartsWith("x-", StringComparison.Ordinal))
            {
                Invalid(field, $"Additional property {kv.Key} is not allowed");
            }
        }
    }

    /// <summary>A list of strings, or a mapping of KEY: value (environment, labels, driver_opts).</summary>
    public List<KeyValuePair<string, string?>> ListOrDict(YamlNode node, string field)
    {
        var result = new List<KeyValuePair<string, string?>>();
        if (node is YamlSequenceNode seq)
        {
            foreach (YamlNode item in seq.Children)
            {
                string s = Scalar(item, field, "must be a string");
                int eq = s.IndexOf('=');
                result.Add(eq < 0 ? KeyValuePair.Create(s, (string?)null) : KeyValuePair.Create(s[..eq], (string?)s[(eq + 1)..]));
            }
            return result;
        }
        foreach (KeyValuePair<string, YamlNode> kv in Entries(Mapping(node, field)))
        {
            string? value = IsNull(kv.Value) ? null
                : kv.Value is YamlScalarNode scalar ? scalar.Value
                : Fail<string>(field + "." + kv.Key, "must be a string, number, boolean or null");
            result.Add(KeyValuePair.Create(kv.Key, value));
        }
        return result;
    }
}
