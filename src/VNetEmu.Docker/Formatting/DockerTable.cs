using System.Text;
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting;

/// <summary>docker/cli's formatter.Context: <c>--format</c> for list commands. <c>table …</c> prints a header
/// (the template run over the column names with HeaderFunctions) and the rows through <see cref="TabWriter"/>;
/// any other format prints one executed line per row; <c>json</c> is <c>{{json .}}</c>. <c>\t</c> and
/// <c>\n</c> typed literally in the format become a tab and a newline.</summary>
public static class DockerTable
{
    /// <summary>docker network ls (defaultNetworkTableFormat).</summary>
    public const string NetworkFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";

    /// <summary>docker ps (defaultContainerTableFormat).</summary>
    public const string ContainerFormat =
        "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    /// <summary>The root type docker names in errors for a network row.</summary>
    public const string NetworkContextType = "*formatter.networkContext";

    /// <summary>The root type docker names in errors for a container row.</summary>
    public const string ContainerContextType = "*formatter.ContainerContext";

    /// <summary>Column names of <c>docker network ls</c>, per field.</summary>
    public static IReadOnlyDictionary<string, string> NetworkHeaders { get; } = new Dictionary<string, string>
    {
        ["ID"] = "NETWORK ID",
        ["Name"] = "NAME",
        ["Driver"] = "DRIVER",
        ["Scope"] = "SCOPE",
        ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL",
        ["Labels"] = "LABELS",
        ["CreatedAt"] = "CREATED AT",
    };

    /// <summary>Column names of <c>docker ps</c>, per field.</summary>
    public static IReadOnlyDictionary<string, string> ContainerHeaders { get; } = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID",
        ["Image"] = "IMAGE",
        ["Command"] = "COMMAND",
        ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED",
        ["Status"] = "STATUS",
        ["Ports"] = "PORTS",
        ["Names"] = "NAMES",
        ["Labels"] = "LABELS",
        ["Size"] = "SIZE",
        ["Mounts"] = "MOUNTS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
        ["Networks"] = "NETWORKS",
        ["State"] = "STATE",
    };

    /// <summary>Renders rows as docker/cli does for <paramref name="format"/> (null, empty or <c>table</c>:
    /// <paramref name="defaultFormat"/>).</summary>
    /// <exception cref="GoTemplateException">The format does not parse or fails on a row; print
    /// <see cref="GoTemplateException.DockerMessage"/>.</exception>
    public static string Render(string? format, string defaultFormat, IReadOnlyDictionary<string, string> headers,
        IEnumerable<JsonObject> rows, GoTemplateOptions? options = null)
    {
        if (string.IsNullOrEmpty(format) || format == "table")
        {
            format = defaultFormat;
        }
        bool isTable = format.StartsWith("table", StringComparison.Ordinal);
        string final = format == "json" ? "{{json .}}" : isTable ? format["table".Length..] : format;
        final = final.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        GoTemplate template = GoTemplate.Parse(final);
        var body = new StringBuilder();
        foreach (JsonObject row in rows)
        {
            body.Append(template.Execute(row, options)).Append('\n');
        }
        if (!isTable)
        {
            return body.ToString();
        }
        TabWriter writer = TabWriter.ForDocker();
        writer.Write(template.ExecuteHeader(GoJson.Map(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value)))));
        writer.Write("\n");
        writer.Write(body.ToString());
        return writer.Flush();
    }
}
