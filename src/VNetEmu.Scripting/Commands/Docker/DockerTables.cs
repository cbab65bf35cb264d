using System.Text;
using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>Docker's list output: `--format` executed per row; a `table` format gets a header row and is
/// aligned as docker/cli's tabwriter does (minwidth 10, padding 3, the last column unpadded).</summary>
public static class DockerTables
{
    public static readonly IReadOnlyDictionary<string, string> NetworkHeaders = new Dictionary<string, string>
    {
        ["ID"] = "NETWORK ID",
        ["Name"] = "NAME",
        ["Driver"] = "DRIVER",
        ["Scope"] = "SCOPE",
        ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL",
        ["CreatedAt"] = "CREATED AT",
        ["Labels"] = "LABELS",
    };

    public static readonly IReadOnlyDictionary<string, string> ContainerHeaders = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID",
        ["Image"] = "IMAGE",
        ["Command"] = "COMMAND",
        ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED",
        ["Status"] = "STATUS",
        ["Ports"] = "PORTS",
        ["Names"] = "NAMES",
        ["State"] = "STATE",
        ["Networks"] = "NETWORKS",
        ["Labels"] = "LABELS",
        ["Size"] = "SIZE",
        ["Mounts"] = "MOUNTS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
    };

    public static string Render(string format, IReadOnlyList<JsonObject> rows, IReadOnlyDictionary<string, string> headers)
    {
        bool table = format.StartsWith("table", StringComparison.Ordinal);
        string body = table ? format["table".Length..].TrimStart() : format;
        body = body.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        GoTemplate t = GoTemplate.Parse(body);
        var lines = new List<string>();
        if (table)
        {
            var header = new JsonObject();
            foreach (var (k, v) in headers)
            {
                header[k] = v;
            }
            lines.Add(t.Execute(header));
        }
        foreach (JsonObject r in rows)
        {
            lines.Add(t.Execute(r));
        }
        if (!table)
        {
            var sb = new StringBuilder();
            foreach (string l in lines)
            {
                sb.Append(l).Append('\n');
            }
            return sb.ToString();
        }
        return Align(lines);
    }

    /// <summary>Go text/tabwriter with (minwidth 10, tabwidth 1, padding 3, ' ', 0).</summary>
    public static string Align(IReadOnlyList<string> lines)
    {
        var cells = lines.Select(l => l.Split('\t')).ToList();
        int columns = cells.Count == 0 ? 0 : cells.Max(c => c.Length);
        var widths = new int[columns];
        foreach (string[] row in cells)
        {
            for (int i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], Math.Max(10, row[i].Length + 3));
            }
        }
        var sb = new StringBuilder();
        foreach (string[] row in cells)
        {
            for (int i = 0; i < row.Length; i++)
            {
                sb.Append(row[i]);
                if (i < row.Length - 1)
                {
                    sb.Append(' ', widths[i] - row[i].Length);
                }
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
