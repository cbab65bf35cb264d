using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>cut -d C -f LIST</c> and <c>cut -c LIST</c> (LIST: N, N-M, N-, -M, comma-separated); a line without
/// the delimiter is printed whole unless <c>-s</c>. Also <c>paste [-s] [-d LIST] FILE|-…</c>.</summary>
public static class CutCommand
{
    public static int Cut(CommandContext ctx, TextWriter o, TextWriter e)
    {
        char delimiter = '\t';
        string? fields = null, chars = null;
        bool onlyDelimited = false;
        var files = new List<string>();
        var args = ctx.Args;
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith("-d", StringComparison.Ordinal) || a.StartsWith("-f", StringComparison.Ordinal) || a.StartsWith("-c", StringComparison.Ordinal) || a.StartsWith("-b", StringComparison.Ordinal))
            {
                if (!TextInput.TryValue(args, ref i, a[..2], out string v))
                {
                    e.Write($"cut: option requires an argument -- '{a[1]}'\nTry 'cut --help' for more information.\n");
                    return 1;
                }
                if (a[1] == 'd')
                {
                    if (v.Length != 1)
                    {
                        e.Write("cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n");
                        return 1;
                    }
                    delimiter = v[0];
                }
                else if (a[1] == 'f')
                {
                    fields = v;
                }
                else
                {
                    chars = v;
                }
            }
            else if (a == "-s")
            {
                onlyDelimited = true;
            }
            else if (a.StartsWith('-') && a != "-")
            {
                e.Write($"cut: invalid option -- '{a.TrimStart('-')[..1]}'\nTry 'cut --help' for more information.\n");
                return 1;
            }
            else
            {
                files.Add(a);
            }
        }
        if (fields is null && chars is null)
        {
            e.Write("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
            return 1;
        }
        if (!TryRanges(fields ?? chars!, out var ranges, out string? error))
        {
            e.Write($"cut: {error}\nTry 'cut --help' for more information.\n");
            return 1;
        }
        bool Selected(int n) => ranges.Any(r => n >= r.From && n <= r.To);
        var inputs = TextInput.Read(ctx, files, "cut", e, out bool failed);
        foreach (var (_, text) in inputs)
        {
            foreach (string line in TextInput.Lines(text))
            {
                if (chars is not null)
                {
                    var sb = new StringBuilder();
                    for (int k = 0; k < line.Length; k++)
                    {
                        if (Selected(k + 1))
                        {
                            sb.Append(line[k]);
                        }
                    }
                    o.Write(sb + "\n");
                    continue;
                }
                if (!line.Contains(delimiter))
                {
                    if (!onlyDelimited)
                    {
                        o.Write(line + "\n");
                    }
                    continue;
                }
                string[] parts = line.Split(delimiter);
                o.Write(string.Join(delimiter, parts.Where((_, k) => Selected(k + 1))) + "\n");
            }
        }
        return failed ? 1 : 0;
    }

    private static bool TryRanges(string list, out List<(int From, int To)> ranges, out string? error)
    {
        ranges = [];
        error = null;
        foreach (string part in list.Split(','))
        {
            string[] ends = part.Split('-');
            int from = 1, to = int.MaxValue;
            bool ok = ends.Length switch
            {
                1 => int.TryParse(ends[0], CultureInfo.InvariantCulture, out from) && (to = from) > 0,
                2 => (ends[0].Length == 0 || int.TryParse(ends[0], CultureInfo.InvariantCulture, out from))
                    && (ends[1].Length == 0 || int.TryParse(ends[1], CultureInfo.InvariantCulture, out to)) && part != "-",
                _ => false,
            };
            if (!ok || from < 1)
            {
                error = from < 1 && ok ? "fields and positions are numbered from 1" : $"invalid field value '{part}'";
                return false;
            }
            if (to < from)
            {
                error = "invalid decreasing range";
                return false;
            }
            ranges.Add((from, to));
        }
        return true;
    }

    public static int Paste(CommandContext ctx, TextWriter o, TextWriter e)
    {
        string delimiters = "\t";
        bool serial = false;
        var files = new List<string>();
        var args = ctx.Args;
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith("-d", StringComparison.Ordinal))
            {
                TextInput.TryValue(args, ref i, "-d", out delimiters);
                delimiters = EchoCommand.Unescape(delimiters.Replace("\\0", "\0", StringComparison.Ordinal), out _).Replace("\0", "", StringComparison.Ordinal);
            }
            else if (a == "-s")
            {
                serial = true;
            }
            else
            {
                files.Add(a);
            }
        }
        if (files.Count == 0)
        {
            files.Add("-");
        }
        // Every "-" reads the next line of the one standard input.
        List<string> stdin = TextInput.Lines(ctx.Stdin ?? "");
        int stdinNext = 0;
        var columns = new List<List<string>?>();
        foreach (string f in files)
        {
            if (f == "-")
            {
                columns.Add(null);
                continue;
            }
            string? text = ctx.ReadFile(f);
            if (text is null)
            {
                e.Write($"paste: {f}: No such file or directory\n");
                return 1;
            }
            columns.Add(TextInput.Lines(text));
        }
        string Delimiter(int k) => delimiters.Length == 0 ? "" : delimiters[k % delimiters.Length].ToString();
        if (serial)
        {
            foreach (List<string>? c in columns)
            {
                List<string> lines = c ?? stdin.Skip(stdinNext).ToList();
                stdinNext = c is null ? stdin.Count : stdinNext;
                var sb = new StringBuilder();
                for (int k = 0; k < lines.Count; k++)
                {
                    sb.Append(k > 0 ? Delimiter(k - 1) : "").Append(lines[k]);
                }
                o.Write(sb + "\n");
            }
            return 0;
        }
        var cursors = new int[columns.Count];
        while (true)
        {
            bool any = false;
            var sb = new StringBuilder();
            for (int k = 0; k < columns.Count; k++)
            {
                string? cell = columns[k] is List<string> l ? (cursors[k] < l.Count ? l[cursors[k]++] : null) : stdinNext < stdin.Count ? stdin[stdinNext++] : null;
                any |= cell is not null;
                sb.Append(k > 0 ? Delimiter(k - 1) : "").Append(cell);
            }
            if (!any)
            {
                return 0;
            }
            o.Write(sb + "\n");
        }
    }
}
