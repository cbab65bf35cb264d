using System.Text.RegularExpressions;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>grep [-EFivcowqnxhH] [-e PATTERN]… [PATTERN] [FILE…]</c> (GNU grep 3.8): exit 0 when a line was
/// selected, 1 when none, 2 on an error; <c>FILE:</c> prefixes with several files.</summary>
public static class GrepCommand
{
    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool extended = ctx.Program == "egrep", fixedStrings = ctx.Program == "fgrep";
        bool ignoreCase = false, invert = false, count = false, only = false, word = false, quiet = false, number = false, line = false;
        bool? names = null;
        var patterns = new List<string>();
        var operands = new List<string>();
        var args = ctx.Args;
        bool endOfOptions = false;
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (endOfOptions || !a.StartsWith('-') || a == "-")
            {
                operands.Add(a);
                continue;
            }
            if (a == "--")
            {
                endOfOptions = true;
                continue;
            }
            for (int k = 1; k < a.Length; k++)
            {
                char f = a[k];
                switch (f)
                {
                    case 'E': extended = true; break;
                    case 'F': fixedStrings = true; break;
                    case 'G': extended = false; break;
                    case 'i': ignoreCase = true; break;
                    case 'v': invert = true; break;
                    case 'c': count = true; break;
                    case 'o': only = true; break;
                    case 'w': word = true; break;
                    case 'q': quiet = true; break;
                    case 'n': number = true; break;
                    case 'x': line = true; break;
                    case 'h': names = false; break;
                    case 'H': names = true; break;
                    case 's': break;
                    case 'e':
                        if (k + 1 < a.Length)
                        {
                            patterns.Add(a[(k + 1)..]);
                        }
                        else if (i + 1 < args.Count)
                        {
                            patterns.Add(args[++i]);
                        }
                        else
                        {
                            e.Write("grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
                            return 2;
                        }
                        k = a.Length;
                        break;
                    default:
                        e.Write($"grep: invalid option -- '{f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
                        return 2;
                }
            }
        }
        if (patterns.Count == 0)
        {
            if (operands.Count == 0)
            {
                e.Write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
                return 2;
            }
            patterns.AddRange(operands[0].Split('\n'));
            operands.RemoveAt(0);
        }
        Regex regex;
        try
        {
            string body = string.Join('|', patterns.Select(p => "(?:" + (fixedStrings ? Regex.Escape(p) : PosixRegex.Translate(p, extended)) + ")"));
            if (word)
            {
                body = @"(?<!\w)(?:" + body + @")(?!\w)";
            }
            if (line)
            {
                body = "^(?:" + body + ")$";
            }
            regex = new Regex(body, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
        }
        catch (ArgumentException x)
        {
            e.Write($"grep: {(x.Message.StartsWith("Unmatched [", StringComparison.Ordinal) ? x.Message : "Invalid regular expression")}\n");
            return 2;
        }
        var inputs = TextInput.Read(ctx, operands, "grep", e, out bool failed);
        bool prefix = names ?? operands.Count > 1;
        bool any = false;
        foreach (var (name, text) in inputs)
        {
            string label = name == "-" ? "(standard input)" : name;
            int matches = 0;
            List<string> lines = TextInput.Lines(text);
            for (int n = 0; n < lines.Count; n++)
            {
                string l = lines[n];
                bool hit = regex.IsMatch(l) != invert;
                if (!hit)
                {
                    continue;
                }
                matches++;
                any = true;
                if (quiet)
                {
                    return 0;
                }
                if (count)
                {
                    continue;
                }
                string lead = (prefix ? label + ":" : "") + (number ? $"{n + 1}:" : "");
                if (only)
                {
                    if (!invert)
                    {
                        foreach (Match m in regex.Matches(l))
                        {
                            if (m.Length > 0)
                            {
                                o.Write(lead + m.Value + "\n");
                            }
                        }
                    }
                    continue;
                }
                o.Write(lead + l + "\n");
            }
            if (count)
            {
                o.Write((prefix ? label + ":" : "") + matches + "\n");
            }
        }
        return failed && !(quiet && any) ? 2 : any ? 0 : 1;
    }
}
