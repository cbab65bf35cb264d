using System.Text;
using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Tests;

/// <summary>Every iptables-save dump recorded from a real host (the Docker goldens, and the iptables-save outputs of
/// the conformance cases) loads with iptables-restore and saves back to the same text: the printer's canonical form
/// is iptables 1.8.9's.</summary>
public partial class SaveRoundTripTests
{
    public static TheoryData<string> Dumps()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _, _) in AllDumps())
        {
            data.Add(name);
        }
        if (data.Count == 0)
        {
            data.Add("(shared data not found)");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RestoreThenSave_GivesTheDumpBack(string name)
    {
        (string, string, bool)? found = AllDumps().Cast<(string, string, bool)?>().FirstOrDefault(d => d!.Value.Item1 == name);
        if (found is null)
        {
            return;
        }
        (_, string dump, bool counters) = found.Value;
        // The goldens replace the embedded DNS server's random ports with <DNSPORTn>; put numbers back.
        dump = DnsPort().Replace(dump, m => (40000 + int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var state = new NetfilterState();
        string[] restoreArgs = counters ? ["-c"] : [];
        (string stdout, string stderr, int exit) = Transcript.Execute(state, ["iptables-restore", .. restoreArgs], dump);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);

        (string saved, _, int saveExit) = Transcript.Execute(state, counters ? ["iptables-save", "-c"] : ["iptables-save"]);

        Assert.Equal(0, saveExit);
        Assert.Equal(WithoutComments(dump), WithoutComments(saved));
    }

    private static string WithoutComments(string dump) =>
        string.Join("\n", dump.Split('\n').Where(l => !l.StartsWith('#')));

    /// <summary>(name, dump, has counters) for each dump found under shared/.</summary>
    internal static IEnumerable<(string Name, string Dump, bool Counters)> AllDumps()
    {
        if (SharedData.Path2("reference", "docker-goldens") is string goldens && Directory.Exists(goldens))
        {
            foreach (string file in Directory.GetFiles(goldens, "iptables-save.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return ("golden " + Path.GetFileName(Path.GetDirectoryName(file)), File.ReadAllText(file), false);
            }
            foreach (string file in Directory.GetFiles(goldens, "golden.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                int n = 0;
                foreach (string block in SaveBlocks(File.ReadAllText(file)))
                {
                    yield return ($"golden {Path.GetFileName(Path.GetDirectoryName(file))} #{++n}", block, false);
                }
            }
        }
        if (SharedData.Path2("conformance", "cases") is string cases && Directory.Exists(cases))
        {
            foreach (string dir in Directory.GetDirectories(cases).Order(StringComparer.Ordinal))
            {
                foreach (string file in new[] { Path.Combine(dir, "expected.txt"), Path.Combine(dir, "kernel", "transcript.raw") })
                {
                    if (!File.Exists(file))
                    {
                        continue;
                    }
                    int n = 0;
                    foreach (string block in SaveBlocks(File.ReadAllText(file)))
                    {
                        yield return ($"{Path.GetFileName(dir)} {Path.GetFileName(file)} #{++n}", block, block.Contains("\n[", StringComparison.Ordinal) || block.StartsWith('['));
                    }
                }
            }
        }
    }

    /// <summary>The output of each "$ ... iptables-save ..." block of a transcript (up to the next "$ " line or a
    /// "[stderr]"/"[exit" marker), when it holds a table.</summary>
    internal static IEnumerable<string> SaveBlocks(string transcript)
    {
        string[] lines = transcript.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("$ ", StringComparison.Ordinal) || !lines[i].Contains("iptables-save", StringComparison.Ordinal)
                || lines[i].Contains('|'))
            {
                continue;
            }
            var block = new StringBuilder();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("$ ", StringComparison.Ordinal)
                && !lines[j].StartsWith("[stderr]", StringComparison.Ordinal) && !lines[j].StartsWith("[exit", StringComparison.Ordinal); j++)
            {
                if (lines[j].Length > 0)
                {
                    block.Append(lines[j]).Append('\n');
                }
            }
            string text = block.ToString();
            if (text.Contains("COMMIT\n", StringComparison.Ordinal))
            {
                yield return text;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("<DNSPORT(\\d+)>")]
    private static partial System.Text.RegularExpressions.Regex DnsPort();
}
