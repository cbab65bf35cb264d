using System.Globalization;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>sort [-n] [-r] [-u] [-k N[,M]] [-t C]</c> in the C locale (byte order), with GNU's last-resort
/// whole-line comparison; and <c>uniq [-c] [-d]</c>.</summary>
public static class SortCommand
{
    public static int Sort(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool numeric = false, reverse = false, unique = false;
        int keyStart = 0, keyEnd = 0;
        char? separator = null;
        var files = new List<string>();
        var args = ctx.Args;
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith("-k", StringComparison.Ordinal) || a.StartsWith("-t", StringComparison.Ordinal))
            {
                if (!TextInput.TryValue(args, ref i, a[..2], out string v))
                {
                    e.Write($"sort: option requires an argument -- '{a[1]}'\nTry 'sort --help' for more information.\n");
                    return 2;
                }
                if (a[1] == 't')
                {
                    if (v.Length != 1)
                    {
                        e.Write($"sort: multi-character tab '{v}'\n");
                        return 2;
                    }
                    separator = v[0];
                    continue;
                }
                string[] kp = v.Split(',');
                numeric |= kp.Any(k => k.EndsWith('n'));
                reverse |= kp.Any(k => k.EndsWith('r'));
                if (!int.TryParse(kp[0].TrimEnd('n', 'r'), CultureInfo.InvariantCulture, out keyStart) || keyStart < 1
                    || (kp.Length > 1 && !int.TryParse(kp[1].TrimEnd('n', 'r'), CultureInfo.InvariantCulture, out keyEnd)))
                {
                    e.Write($"sort: invalid number at field start: invalid count at start of '{v}'\n");
                    return 2;
                }
                continue;
            }
            if (a.StartsWith('-') && a.Length > 1 && a[1..].All(ch => ch is 'n' or 'r' or 'u'))
            {
                numeric |= a.Contains('n');
                reverse |= a.Contains('r');
                unique |= a.Contains('u');
                continue;
            }
            if (a.StartsWith('-') && a != "-")
            {
                e.Write($"sort: invalid option -- '{a.TrimStart('-')[..1]}'\nTry 'sort --help' for more information.\n");
                return 2;
            }
            files.Add(a);
        }
        var lines = new List<string>();
        var inputs = TextInput.Read(ctx, files, "sort", e, out bool failed);
        foreach (var (_, text) in inputs)
        {
            lines.AddRange(TextInput.Lines(text));
        }
        if (failed)
        {
            return 2;
        }
        string Key(string line) => keyStart == 0 ? line : Field(line, keyStart, keyEnd, separator);
        int CompareKeys(string a, string b) => numeric ? Number(Key(a)).CompareTo(Number(Key(b))) : string.CompareOrdinal(Key(a), Key(b));
        Comparison<string> compare = (a, b) =>
        {
            int c = CompareKeys(a, b);
            if (c == 0 && !unique)
            {
                c = string.CompareOrdinal(a, b);
            }
            return reverse ? -c : c;
        };
        var sorted = lines.Order(Comparer<string>.Create(compare)).ToList();
        string? previous = null;
        foreach (string l in sorted)
        {
            if (unique && previous is not null && CompareKeys(previous, l) == 0)
            {
                continue;
            }
            o.Write(l + "\n");
            previous = l;
        }
        return 0;
    }

    private static string Field(string line, int start, int end, char? separator)
    {
        var bounds = new List<int> { 0 };
        if (separator is char sep)
        {
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == sep)
                {
                    bounds.Add(i + 1);
                }
            }
        }
        else
        {
            // Without -t a field starts with the blanks before it.
            for (int i = 1; i < line.Length; i++)
            {
                if (line[i] is ' ' or '\t' && line[i - 1] is not (' ' or '\t'))
                {
                    bounds.Add(i);
                }
            }
        }
        if (start > bounds.Count)
        {
            return "";
        }
        int from = bounds[start - 1];
        int to = end > 0 && end < bounds.Count ? bounds[end] - (separator is null ? 0 : 1) : line.Length;
        return line[from..Math.Max(from, to)];
    }

    private static double Number(string s)
    {
        s = s.TrimStart(' ', '\t');
        int i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }
        return double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;
    }

    public static int Uniq(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool count = false, duplicates = false;
        var files = new List<string>();
        foreach (string a in ctx.Args.Skip(1))
        {
            if (a.StartsWith('-') && a.Length > 1 && a[1..].All(ch => ch is 'c' or 'd'))
            {
                count |= a.Contains('c');
                duplicates |= a.Contains('d');
            }
            else if (a.StartsWith('-') && a != "-")
            {
                e.Write($"uniq: invalid option -- '{a.TrimStart('-')[..1]}'\nTry 'uniq --help' for more information.\n");
                return 1;
            }
            else
            {
                files.Add(a);
            }
        }
        var inputs = TextInput.Read(ctx, files.Take(1).ToList(), "uniq", e, out bool failed);
        if (failed)
        {
            return 1;
        }
        List<string> lines = TextInput.Lines(inputs[0].Value);
        for (int i = 0; i < lines.Count;)
        {
            int j = i;
            while (j < lines.Count && lines[j] == lines[i])
            {
                j++;
            }
            if (!duplicates || j - i > 1)
            {
                o.Write(count ? $"{j - i,7} {lines[i]}\n" : lines[i] + "\n");
            }
            i = j;
        }
        return 0;
    }
}
