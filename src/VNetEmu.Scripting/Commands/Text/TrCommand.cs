using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>tr [-d] [-s] SET1 [SET2]</c> (GNU coreutils): ranges, <c>[:upper:]</c>-style classes, backslash
/// escapes; SET2 is padded with its last character.</summary>
public static class TrCommand
{
    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool delete = false, squeeze = false;
        var sets = new List<string>();
        foreach (string a in ctx.Args.Skip(1))
        {
            if (a.StartsWith('-') && a.Length > 1 && sets.Count == 0 && a[1..].All(ch => ch is 'd' or 's'))
            {
                delete |= a.Contains('d');
                squeeze |= a.Contains('s');
            }
            else
            {
                sets.Add(a);
            }
        }
        int need = delete && !squeeze ? 1 : squeeze && !delete && sets.Count == 1 ? 1 : 2;
        if (sets.Count < need)
        {
            e.Write(sets.Count == 0 ? "tr: missing operand\nTry 'tr --help' for more information.\n" : $"tr: missing operand after '{sets[^1]}'\nTry 'tr --help' for more information.\n");
            return 1;
        }
        if (sets.Count > need)
        {
            e.Write($"tr: extra operand '{sets[need]}'\nTry 'tr --help' for more information.\n");
            return 1;
        }
        string set1 = Expand(sets[0]);
        string set2 = sets.Count > 1 ? Expand(sets[1]) : "";
        string text = ctx.Stdin ?? "";
        var sb = new StringBuilder();
        string squeezeSet = sets.Count > 1 && !delete ? set2 : delete ? set2 : set1;
        foreach (char c in text)
        {
            char outChar = c;
            if (delete && set1.Contains(c))
            {
                continue;
            }
            if (!delete && set2.Length > 0)
            {
                int k = set1.LastIndexOf(c);
                if (k >= 0)
                {
                    outChar = set2[Math.Min(k, set2.Length - 1)];
                }
            }
            if (squeeze && sb.Length > 0 && sb[^1] == outChar && squeezeSet.Contains(outChar))
            {
                continue;
            }
            sb.Append(outChar);
        }
        o.Write(sb.ToString());
        return 0;
    }

    private static readonly Dictionary<string, string> s_classes = new()
    {
        ["upper"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ["lower"] = "abcdefghijklmnopqrstuvwxyz",
        ["digit"] = "0123456789",
        ["alpha"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ["alnum"] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ["space"] = "\t\n\v\f\r ",
        ["blank"] = "\t ",
        ["punct"] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        ["xdigit"] = "0123456789ABCDEFabcdef",
    };

    private static string Expand(string set)
    {
        string s = EchoCommand.Unescape(set, out _, printfFormat: true);
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '[' && i + 1 < s.Length && s[i + 1] == ':')
            {
                int end = s.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0 && s_classes.TryGetValue(s[(i + 2)..end], out string? members))
                {
                    sb.Append(members);
                    i = end + 1;
                    continue;
                }
            }
            if (i + 2 < s.Length && s[i + 1] == '-' && s[i + 2] >= s[i])
            {
                for (char c = s[i]; c <= s[i + 2]; c++)
                {
                    sb.Append(c);
                }
                i += 2;
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
