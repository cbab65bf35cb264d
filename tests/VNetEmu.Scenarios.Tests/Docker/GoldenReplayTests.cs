using VNetEmu.Scripting.Goldens;

namespace VNetEmu.Scenarios.Tests.Docker;

/// <summary>../shared/reference/docker-goldens beside the checkout (null when absent).</summary>
internal static class GoldenPaths
{
    public static string? Root => Requirements.SharedDirectory is { } shared && Directory.Exists(Path.Combine(shared, "reference", "docker-goldens"))
        ? Path.Combine(shared, "reference", "docker-goldens")
        : null;
}

/// <summary>A theory over the recorded sessions, skipped (not passed) when they are not beside the checkout.</summary>
public sealed class GoldensTheoryAttribute : TheoryAttribute
{
    public GoldensTheoryAttribute()
    {
        if (GoldenPaths.Root is null)
        {
            Skip = "../shared/reference/docker-goldens is not beside this checkout";
        }
    }
}

/// <summary>Every real-dockerd session of ../shared/reference/docker-goldens replays command by command on the
/// emulated host (docker 20.10, the recording host's layout) with the recorded outputs after normalization, and
/// leaves the recorded final tables. The commands the emulator does not reproduce yet are listed below with the
/// reason; a listed command that starts to match fails the test until it is taken off the list, and a session that
/// is not listed (a new recording) must match entirely.</summary>
public class GoldenReplayTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> s_known = new(StringComparer.Ordinal)
    {
        ["b-default-bridge"] = new(StringComparer.Ordinal)
        {
            ["docker exec c1 ip neigh"] = "the kernel dumps neighbours in hash order, and its confirmed/updated ages differ (ICMP replies do not confirm an entry here)",
        },
        ["c-user-bridge-dns"] = new(StringComparer.Ordinal)
        {
            ["docker exec a2 nslookup -type=a db"] = "the order of several A records for a shared alias (not normalized in the recording either)",
            ["docker network inspect -f \"{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}\" app"] = "Go map order of Containers (not normalized in the recording either)",
            ["ip netns exec dk ip -br addr"] = "docker0 loses its carrier at once when its last port goes (the recording's linkwatch lagged)",
            ["ip netns exec dk ip route"] = "docker0's carrier (as above)",
            ["ip netns exec dk brctl show"] = "brctl sorts ports by name, and veth names are random",
        },
        ["d-ports"] = new(StringComparer.Ordinal)
        {
            ["docker logs web 2>&1 | head -3"] = "the clients' ephemeral ports are the kernel's random choices",
        },
    };

    public static TheoryData<string> Sessions()
    {
        var data = new TheoryData<string>();
        if (GoldenPaths.Root is { } root)
        {
            string[] dirs = Directory.GetDirectories(root);
            Array.Sort(dirs, StringComparer.Ordinal);
            foreach (string d in dirs)
            {
                if (File.Exists(Path.Combine(d, "scenario.sh")) && File.Exists(Path.Combine(d, "golden.txt")))
                {
                    data.Add(Path.GetFileName(d));
                }
            }
        }
        if (data.Count == 0)
        {
            data.Add("(none)");
        }
        return data;
    }

    [GoldensTheory]
    [MemberData(nameof(Sessions))]
    public void Session_ReplaysAsRecorded(string name)
    {
        GoldenResult result = GoldenRunner.Run(Path.Combine(GoldenPaths.Root!, name));
        Dictionary<string, string> known = s_known.GetValueOrDefault(name) ?? [];
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (GoldenBlock b in result.Blocks)
        {
            bool listed = known.ContainsKey(b.Command);
            if (listed)
            {
                seen.Add(b.Command);
            }
            if (!b.Matches && !listed)
            {
                problems.Add($"differs: {b.Command}\n--- recorded\n{b.Expected}--- emulated\n{b.Actual}");
            }
        }
        foreach (string command in known.Keys)
        {
            bool allMatch = result.Blocks.Where(b => b.Command == command).All(b => b.Matches);
            if (!seen.Contains(command) || allMatch)
            {
                problems.Add($"known difference no longer differs (take it off the list): {command}");
            }
        }
        if (!result.TablesMatch)
        {
            problems.Add($"final iptables-save differs:\n--- recorded\n{result.ExpectedTables}--- emulated\n{result.ActualTables}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
