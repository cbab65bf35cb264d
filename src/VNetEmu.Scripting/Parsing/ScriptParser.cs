using System.Text.RegularExpressions;

namespace VNetEmu.Scripting.Parsing;

/// <summary>Reads a <c>.vnet</c> scenario: one command per logical line, <c>#</c> comments, trailing-backslash
/// continuation, <c>&lt;&lt;EOF</c> heredocs (backslash-newline joins inside them too, as bash does),
/// <c>&lt; FILE</c>, <c>! cmd</c> and <c>cmd &amp;</c> — the same reading as conformance/tools/vnet-exec.</summary>
public static partial class ScriptParser
{
    public static List<ScriptCommand> Parse(string text, string file, Func<string, string>? readFile = null)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        var commands = new List<ScriptCommand>();
        int i = 0;
        while (i < lines.Length)
        {
            string raw = lines[i];
            int lineNo = i + 1;
            i++;
            string s = raw.Trim();
            if (s.Length == 0 || s.StartsWith('#'))
            {
                continue;
            }
            var parts = new List<string> { raw.TrimEnd() };
            while (parts[^1].EndsWith('\\'))
            {
                parts[^1] = parts[^1][..^1];
                if (i >= lines.Length)
                {
                    throw new ScriptSyntaxException($"{file}:{lineNo}: line continuation at end of file");
                }
                parts.Add(lines[i].TrimEnd());
                i++;
            }
            string logical = string.Join(' ', parts.Select(p => p.Trim()).Where(p => p.Length > 0));
            logical = StripComment(logical);
            if (logical.Length == 0)
            {
                continue;
            }
            string? stdin = null;
            string runText = logical;
            Match heredoc = HeredocRegex().Matches(logical).FirstOrDefault(m => IsUnquoted(logical, m.Index)) ?? Match.Empty;
            if (heredoc.Success)
            {
                bool dash = heredoc.Groups[1].Value == "-";
                string word = heredoc.Groups[3].Value;
                var body = new List<string>();
                while (true)
                {
                    if (i >= lines.Length)
                    {
                        throw new ScriptSyntaxException($"{file}:{lineNo}: heredoc '{word}' is not terminated (expected a line '{word}')");
                    }
                    string bl = lines[i++];
                    if ((dash ? bl.Trim() : bl) == word)
                    {
                        break;
                    }
                    body.Add(dash ? bl.TrimStart('\t') : bl);
                }
                stdin = JoinHeredoc(body);
                runText = logical.Remove(heredoc.Index, heredoc.Length);
            }
            bool background = BackgroundRegex().IsMatch(runText);
            string shellText = BackgroundRegex().Replace(logical, "");
            if (background)
            {
                runText = BackgroundRegex().Replace(runText, "");
            }
            if (runText.StartsWith("! ", StringComparison.Ordinal))
            {
                runText = runText[2..].TrimStart();
            }
            runText = InputRedirectRegex().Replace(runText, "", 1);
            ShellList syntax;
            try
            {
                syntax = ShellParser.Parse(shellText, stdin, readFile is null ? null : path => ReadInput(readFile, path, file, lineNo));
            }
            catch (ShellSyntaxError e)
            {
                throw new ScriptSyntaxException($"{file}:{lineNo}: {e.Message}");
            }
            bool single = syntax.Items.Count == 1 && syntax.Items[0].Pipelines.Count == 1;
            if (background && !single)
            {
                throw new ScriptSyntaxException($"{file}:{lineNo}: unsupported shell syntax: '&' after a list (only one command or pipeline can run in the background)");
            }
            bool expectFailure = single && syntax.Items[0].Pipelines[0].Negated;
            if (expectFailure)
            {
                // "! PIPELINE" as a whole line: the runner checks that it fails and shows its own exit code.
                syntax = new ShellList([new AndOrList([syntax.Items[0].Pipelines[0] with { Negated = false }], [])]);
            }
            if (!ShellWords.TrySplit(runText, out List<string> argv, out _) || argv.Count == 0)
            {
                argv = [runText];
            }
            commands.Add(new ScriptCommand(file, lineNo, logical, argv, expectFailure, background, stdin) { RunText = runText.Trim(), Syntax = syntax });
        }
        return commands;
    }

    private static string ReadInput(Func<string, string> readFile, string path, string file, int lineNo)
    {
        try
        {
            return readFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptSyntaxException($"{file}:{lineNo}: {path}: No such file or directory");
        }
    }

    /// <summary>Joins backslash-newline inside a heredoc body (the delimiter is unquoted in every case we run).</summary>
    private static string JoinHeredoc(List<string> body)
    {
        var joined = new List<string>();
        string pending = "";
        foreach (string line in body)
        {
            if (line.EndsWith('\\'))
            {
                pending += line[..^1];
                continue;
            }
            joined.Add(pending + line);
            pending = "";
        }
        if (pending.Length > 0)
        {
            joined.Add(pending);
        }
        return joined.Count == 0 ? "" : string.Join('\n', joined) + "\n";
    }

    /// <summary>True when position <paramref name="index"/> of the line is outside quotes.</summary>
    private static bool IsUnquoted(string line, int index)
    {
        char quote = '\0';
        for (int i = 0; i < index; i++)
        {
            char c = line[i];
            if (quote == '\0' && c == '\\')
            {
                i++;
            }
            else if (quote == '"' && c == '\\')
            {
                i++;
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
        }
        return quote == '\0';
    }

    /// <summary>Removes a trailing comment: a <c>#</c> at the start of a word, outside quotes.</summary>
    public static string StripComment(string line)
    {
        char quote = '\0';
        char prev = ' ';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && prev is ' ' or '\t')
            {
                return line[..i].TrimEnd();
            }
            prev = c;
        }
        return line.TrimEnd();
    }

    [GeneratedRegex(@"(?<!<)<<(?!<)(-?)\s*(['""]?)([A-Za-z_][A-Za-z0-9_]*)\2")]
    private static partial Regex HeredocRegex();

    [GeneratedRegex(@"(?<!&)\s*&\s*$")]
    private static partial Regex BackgroundRegex();

    [GeneratedRegex(@"\s<\s*(\S+)")]
    private static partial Regex InputRedirectRegex();

}
