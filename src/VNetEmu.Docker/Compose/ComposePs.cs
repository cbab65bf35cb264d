using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Compose;

/// <summary>compose v2's <c>docker compose ps</c> table: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS,
/// through docker/cli's formatter (tabwriter 10, 1, 3), the command quoted and cut at 20 columns with "…".</summary>
public static class ComposePs
{
    /// <summary>compose v2's defaultContainerTableFormat.</summary>
    public const string DefaultFormat = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

    /// <summary>Column names per field.</summary>
    public static IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>
    {
        ["Name"] = "NAME",
        ["Image"] = "IMAGE",
        ["Command"] = "COMMAND",
        ["Service"] = "SERVICE",
        ["RunningFor"] = "CREATED",
        ["Status"] = "STATUS",
        ["Ports"] = "PORTS",
        ["State"] = "STATE",
        ["Project"] = "PROJECT",
        ["ID"] = "CONTAINER ID",
    };

    /// <summary>Renders the containers, sorted by name, for <c>--format</c> (null: the table).</summary>
    public static string Render(IEnumerable<ComposeContainer> containers, string? format = null, bool noTrunc = false) =>
        DockerTable.Render(format, DefaultFormat, Headers, containers.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new JsonObject
        {
            ["Name"] = c.Name,
            ["Image"] = c.Image,
            ["Command"] = GoFormat.Quote(noTrunc ? c.Command : Ellipsis(c.Command, 20)),
            ["Service"] = c.Service,
            ["RunningFor"] = c.RunningFor,
            ["Status"] = c.Status,
            ["Ports"] = c.Ports,
            ["ID"] = noTrunc ? c.Id : c.Id[..Math.Min(12, c.Id.Length)],
            ["State"] = c.State,
            ["Project"] = c.Project,
            ["ExitCode"] = c.ExitCode,
        }));

    /// <summary>docker/cli formatter.Ellipsis: longer than <paramref name="max"/> runes → max-1 runes and "…".</summary>
    public static string Ellipsis(string s, int max)
    {
        var runes = s.EnumerateRunes().ToList();
        return runes.Count <= max ? s : string.Concat(runes.Take(max - 1).Select(r => r.ToString())) + "…";
    }
}
