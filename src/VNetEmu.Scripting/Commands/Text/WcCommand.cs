using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>wc [-lwc] [FILE…]</c> (GNU coreutils): counts in the order lines, words, bytes; one count of stdin
/// alone is printed bare, several are right-aligned in columns; several files add a total line.</summary>
public static class WcCommand
{
    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool lines = false, words = false, bytes = false;
        var files = new List<string>();
        foreach (string a in ctx.Args.Skip(1))
        {
            if (a.StartsWith('-') && a != "-" && a.Length > 1 && a[1..].All(ch => ch is 'l' or 'w' or 'c' or 'm'))
            {
                lines |= a.Contains('l');
                words |= a.Contains('w');
                bytes |= a.Contains('c') || a.Contains('m');
            }
            else if (a.StartsWith('-') && a != "-")
            {
                e.Write($"wc: invalid option -- '{a.TrimStart('-')[..1]}'\nTry 'wc --help' for more information.\n");
                return 1;
            }
            else
            {
                files.Add(a);
            }
        }
        if (!lines && !words && !bytes)
        {
            lines = words = bytes = true;
        }
        var inputs = TextInput.Read(ctx, files, "wc", e, out bool failed);
        var rows = new List<(long[] Counts, string Name)>();
        var total = new long[3];
        foreach (var (name, text) in inputs)
        {
            long[] c = [text.Count(ch => ch == '\n'), text.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries).Length, System.Text.Encoding.UTF8.GetByteCount(text)];
            rows.Add((c, files.Count == 0 ? "" : name));
            for (int i = 0; i < 3; i++)
            {
                total[i] += c[i];
            }
        }
        if (files.Count > 1)
        {
            rows.Add((total, "total"));
        }
        bool[] show = [lines, words, bytes];
        int shown = show.Count(s => s);
        // GNU wc sizes columns from the total size of the files; stdin (a pipe) gets 7 columns.
        int width = files.Count == 0 ? (shown == 1 ? 1 : 7)
            : shown == 1 && files.Count == 1 ? 1 : total[2].ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        foreach (var (counts, name) in rows)
        {
            var parts = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                if (show[i])
                {
                    parts.Add(counts[i].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
                }
            }
            o.Write(string.Join(' ', parts) + (name.Length > 0 ? " " + name : "") + "\n");
        }
        return failed ? 1 : 0;
    }
}
