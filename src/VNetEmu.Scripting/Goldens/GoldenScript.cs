using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Goldens;

/// <summary>What a recorded dockerd session's <c>scenario.sh</c> does, step by step (docker-goldens/README.md):
/// <c>x 'COMMAND'</c> runs a command and prints it with its output and exit code, <c>note 'TEXT'</c> prints a
/// heading, <c>fresh_daemon PROXY</c> starts a daemon with the userland proxy on or off.</summary>
public sealed record GoldenStep(GoldenStepKind Kind, string Text, int Line);

public enum GoldenStepKind
{
    Command,
    Note,
    FreshDaemon,

    /// <summary>Any other line of the script (`sleep 1`, a helper the harness defines): run, its output not shown.</summary>
    Silent,
}

public static class GoldenScript
{
    /// <summary>Parses the harness lines of a scenario.sh; <paramref name="variables"/> supplies the values of
    /// <c>NAME=${NAME:-default}</c> lines (the environment the recording ran with).</summary>
    public static List<GoldenStep> Parse(string text, string file, IReadOnlyDictionary<string, string>? variables = null)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = new List<GoldenStep>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("source ", StringComparison.Ordinal))
            {
                continue;
            }
            int eq = line.IndexOf('=');
            if (eq > 0 && IsName(line.AsSpan(0, eq)))
            {
                string name = line[..eq];
                string value = line[(eq + 1)..];
                string prefix = "${" + name + ":-";
                if (value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith('}'))
                {
                    value = variables is not null && variables.TryGetValue(name, out string? given) ? given : value[prefix.Length..^1];
                }
                vars[name] = value;
                continue;
            }
            System.Text.RegularExpressions.Match loop = System.Text.RegularExpressions.Regex.Match(line, @"^for ([A-Za-z_][A-Za-z0-9_]*) in ([^;]*); do (.*); done$");
            if (loop.Success)
            {
                // A one-line loop over words: its body once per word, with $VAR substituted.
                string var = loop.Groups[1].Value;
                var body = new List<string>();
                foreach (string value in loop.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    body.Add(loop.Groups[3].Value.Replace("${" + var + "}", value, StringComparison.Ordinal).Replace("$" + var, value, StringComparison.Ordinal));
                }
                string[] expanded = [.. lines[..n], .. body, .. lines[(n + 1)..]];
                lines = expanded;
                n--;
                continue;
            }
            string word = line.Split(' ', 2)[0];
            string rest = line.Length > word.Length ? line[(word.Length + 1)..] : "";
            switch (word)
            {
                case "x" or "note":
                    int start = n;
                    // One shell word; a quote left open goes on to the next line, as bash reads it.
                    bool closed;
                    List<string> words;
                    while (!(closed = ShellWords.TrySplit(rest, out words, out _)) && n + 1 < lines.Length)
                    {
                        rest += "\n" + lines[++n];
                    }
                    if (!closed || words.Count != 1)
                    {
                        throw new FormatException($"{file}:{start + 1}: expected {word} 'TEXT' (one quoted word)");
                    }
                    steps.Add(new GoldenStep(word == "x" ? GoldenStepKind.Command : GoldenStepKind.Note, words[0], start + 1));
                    break;
                case "fresh_daemon":
                    string proxy = rest.Split(' ')[0];
                    if (proxy.StartsWith('$'))
                    {
                        proxy = vars.GetValueOrDefault(proxy[1..].Trim('{', '}'), "");
                    }
                    if (proxy is not ("true" or "false"))
                    {
                        throw new FormatException($"{file}:{n + 1}: fresh_daemon expects true or false, got '{proxy}'");
                    }
                    steps.Add(new GoldenStep(GoldenStepKind.FreshDaemon, proxy, n + 1));
                    break;
                default:
                    steps.Add(new GoldenStep(GoldenStepKind.Silent, line, n + 1));
                    break;
            }
        }
        return steps;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return s.Length > 0 && !char.IsAsciiDigit(s[0]);
    }
}
