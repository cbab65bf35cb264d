using System.Text;
using System.Text.RegularExpressions;
using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Tests;

/// <summary>Replays the iptables, iptables-restore and iptables-save lines of the conformance cases, with no traffic,
/// and compares what they print with the kernel recordings: exactly where no counter is involved (-S, errors, exit
/// codes), and with every packet/byte counter set to 0 where one is (iptables-save -c, -L -v).</summary>
public partial class ConformanceCaseTests
{
    public static TheoryData<string> Cases() =>
    [
        "08-filter-forward-policy", "09-reject-variants", "10-docker-default-bridge", "11-docker-isolation-user",
        "12-conntrack-states", "13-snat-vs-masquerade", "14-hairpin-nat", "15-dnat-output-local", "17-raw-mangle-marks",
    ];

    [RequiresTheory(Requirement.SharedSuite)]
    [MemberData(nameof(Cases))]
    public void NetfilterCommands_PrintWhatTheKernelRunPrinted(string name)
    {
        string dir = SharedData.Path2("conformance", "cases", name)!;
        Dictionary<string, List<string>> expected = ExpectedBlocks(File.ReadAllText(Path.Combine(dir, "expected.txt")));
        var namespaces = new Dictionary<string, NetfilterState>();
        var seen = new Dictionary<string, int>();
        foreach ((string line, string? stdin) in Script(File.ReadAllText(Path.Combine(dir, "case.vnet"))))
        {
            Match m = NetnsCommand().Match(line);
            if (!m.Success)
            {
                continue;
            }
            string ns = m.Groups["ns"].Value;
            if (!namespaces.TryGetValue(ns, out NetfilterState? state))
            {
                namespaces[ns] = state = new NetfilterState();
            }
            string command = m.Groups["cmd"].Value;
            List<string> argv = Transcript.ShellWords(stdin is null ? command : command[..command.LastIndexOf("<<EOF", StringComparison.Ordinal)]);
            (string stdout, string stderr, int exit) = Transcript.Execute(state, argv, stdin);
            string actual = Normalize(Block(stdout, stderr, exit));
            int occurrence = seen.GetValueOrDefault(line);
            seen[line] = occurrence + 1;
            string want = expected.TryGetValue(line, out List<string>? blocks) && occurrence < blocks.Count ? Normalize(blocks[occurrence]) : "";
            Assert.True(want == actual, $"{name}: $ {line}\n--- expected (counters zeroed)\n{want}--- actual\n{actual}");
        }
    }

    /// <summary>The lines of case.vnet (comments removed, "\" continuations joined) with their here-documents.</summary>
    private static IEnumerable<(string Line, string? Stdin)> Script(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i];
            }
            line = StripComment(line).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            string? stdin = null;
            if (line.EndsWith("<<EOF", StringComparison.Ordinal))
            {
                var body = new StringBuilder();
                while (lines[++i] != "EOF")
                {
                    body.Append(lines[i]).Append('\n');
                }
                stdin = body.ToString();
            }
            yield return (Regex.Replace(line, "[ \t]+", " "), stdin);
        }
    }

    private static string StripComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] is '"' or '\'')
            {
                quoted = !quoted;
            }
            else if (line[i] == '#' && !quoted && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }
        return line;
    }

    /// <summary>expected.txt as lists of blocks per command line (a line may run more than once).</summary>
    private static Dictionary<string, List<string>> ExpectedBlocks(string text)
    {
        var blocks = new Dictionary<string, List<string>>();
        string? current = null;
        var body = new StringBuilder();
        void Flush()
        {
            if (current is not null)
            {
                if (!blocks.TryGetValue(current, out List<string>? list))
                {
                    blocks[current] = list = [];
                }
                list.Add(body.ToString());
            }
            body.Clear();
        }
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Flush();
                current = line[2..];
                continue;
            }
            body.Append(line).Append('\n');
        }
        Flush();
        return blocks;
    }

    private static string Block(string stdout, string stderr, int exit)
    {
        var text = new StringBuilder(stdout);
        if (stderr.Length > 0)
        {
            text.Append("[stderr]\n").Append(stderr);
        }
        if (exit != 0)
        {
            text.Append($"[exit {exit}]\n");
        }
        return text.ToString();
    }

    /// <summary>The conformance normalizer's rules for these commands, then every counter set to 0.</summary>
    private static string Normalize(string block)
    {
        var text = new StringBuilder();
        foreach (string raw in block.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.StartsWith("# Generated by", StringComparison.Ordinal) || line.StartsWith("# Completed on", StringComparison.Ordinal)
                || line.StartsWith("# Warning:", StringComparison.Ordinal))
            {
                continue;
            }
            line = line.Replace("iptables v1.8.9 (nf_tables)", "iptables v* (nf_tables)", StringComparison.Ordinal);
            line = SaveCounters().Replace(line, "[0:0]");
            line = PolicyCounters().Replace(line, "policy ${p} 0 packets, 0 bytes)");
            if (ListingRow().IsMatch(line))
            {
                line = ZeroListingCounters(line);
            }
            text.Append(line).Append('\n');
        }
        return text.ToString().TrimEnd('\n') is { Length: > 0 } t ? t + "\n" : "";
    }

    /// <summary>A row of "iptables -L -v": [num] pkts bytes target...; both counters become "0" in place.</summary>
    private static string ZeroListingCounters(string line)
    {
        Match m = ListingRow().Match(line);
        return m.Groups["num"].Value + Regex.Replace(m.Groups["counters"].Value, @"\d+[KMGT]?", c => "0".PadLeft(c.Length)) + m.Groups["rest"].Value;
    }

    [GeneratedRegex(@"^ip netns exec (?<ns>\S+) (?<cmd>(iptables|iptables-save|iptables-restore|ipset)( .*)?)$")]
    private static partial Regex NetnsCommand();

    [GeneratedRegex(@"\[\d+:\d+\]")]
    private static partial Regex SaveCounters();

    [GeneratedRegex(@"policy (?<p>ACCEPT|DROP) \d+[KMGT]? packets, \d+[KMGT]? bytes\)")]
    private static partial Regex PolicyCounters();

    [GeneratedRegex(@"^(?<num>\d+\s+)?(?<counters>\s*\d+[KMGT]?\s+\d+[KMGT]? )(?<rest>\S.*)$")]
    private static partial Regex ListingRow();
}
