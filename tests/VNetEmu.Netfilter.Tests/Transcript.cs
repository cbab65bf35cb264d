using System.Text;
using System.Text.RegularExpressions;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Tests;

/// <summary>Runs a fixture script (see Fixtures/record.py) against a <see cref="NetfilterState"/> and writes the
/// transcript in the conformance format: "$ line", stdout, "[stderr]" + stderr, "[exit N]".</summary>
internal static partial class Transcript
{
    public const string Date = "DATE";

    public static string Run(NetfilterState state, string script)
    {
        string[] lines = script.Split('\n');
        var output = new StringBuilder();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i++];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            line = line.TrimEnd();
            string command = line;
            string? stdin = null;
            if (line.EndsWith("<<EOF", StringComparison.Ordinal))
            {
                var body = new List<string>();
                while (lines[i] != "EOF")
                {
                    body.Add(lines[i++]);
                }
                i++;
                stdin = string.Join("\n", body) + "\n";
                command = line[..^5].TrimEnd();
            }
            (string stdout, string stderr, int exit) = Execute(state, ShellWords(command), stdin);
            output.Append("$ ").Append(line).Append('\n').Append(stdout);
            if (stderr.Length > 0)
            {
                output.Append("[stderr]\n").Append(stderr);
            }
            if (exit != 0)
            {
                output.Append($"[exit {exit}]\n");
            }
        }
        return output.ToString();
    }

    public static (string Stdout, string Stderr, int Exit) Execute(NetfilterState state, IReadOnlyList<string> argv, string? stdin = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        List<string> args = argv.Skip(1).ToList();
        int exit = argv[0] switch
        {
            "iptables" => IptablesCommand.Run(state, args, stdout, stderr),
            "iptables-save" => IptablesSave.Run(state, args, stdout, stderr, Date),
            "iptables-restore" => IptablesRestore.Run(state, args, new StringReader(stdin ?? ""), stdout, stderr),
            "ipset" => IpsetCommand.Run(state, args, stdout, stderr),
            _ => throw new ArgumentException($"not a netfilter command: {argv[0]}"),
        };
        return (stdout.ToString(), stderr.ToString(), exit);
    }

    /// <summary>One command line, split as a POSIX shell splits words ('...', "...", backslash).</summary>
    public static List<string> ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t')
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
                continue;
            }
            any = true;
            if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && "\"\\$`".Contains(text[i + 1]))
                    {
                        i++;
                    }
                    word.Append(text[i]);
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (any)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>What legitimately differs between runs and machines: the kernel's random ipset hash seed, and the
    /// order of set members, which the kernel lists in hash order.</summary>
    public static string Normalize(string transcript)
    {
        string[] lines = InitVal().Replace(transcript, "initval 0x*").Split('\n');
        var result = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            bool member = i > 0 && (lines[i - 1] == "Members:" || lines[i].StartsWith("add ", StringComparison.Ordinal));
            if (!member)
            {
                result.Add(lines[i]);
                continue;
            }
            var run = new List<string>();
            bool adds = lines[i].StartsWith("add ", StringComparison.Ordinal);
            while (i < lines.Length && lines[i].Length > 0 && !lines[i].StartsWith("$ ", StringComparison.Ordinal)
                && !lines[i].StartsWith('[') && (!adds || lines[i].StartsWith("add ", StringComparison.Ordinal)))
            {
                run.Add(lines[i++]);
            }
            if (run.Count == 0)
            {
                result.Add(lines[i]);
                continue;
            }
            i--;
            run.Sort(StringComparer.Ordinal);
            result.AddRange(run);
        }
        return string.Join('\n', result);
    }

    [GeneratedRegex("initval 0x[0-9a-f*]+")]
    private static partial Regex InitVal();
}
