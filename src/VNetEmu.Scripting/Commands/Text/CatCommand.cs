using System.Globalization;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>cat [-n] [FILE|-]…</c>, <c>head</c> (-n N, -N, -c N) and <c>tail</c> (-n N, -N, -n +N, -c N): bytes
/// copied as GNU coreutils copies them, <c>==&gt; FILE &lt;==</c> headers for several files.</summary>
public static class CatCommand
{
    public static int Cat(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool number = false;
        var files = new List<string>();
        foreach (string a in ctx.Args.Skip(1))
        {
            if (a == "-n")
            {
                number = true;
            }
            else if (a.StartsWith('-') && a != "-")
            {
                e.Write($"cat: invalid option -- '{a.TrimStart('-')[..1]}'\nTry 'cat --help' for more information.\n");
                return 1;
            }
            else
            {
                files.Add(a);
            }
        }
        int line = 0;
        var inputs = TextInput.Read(ctx, files, "cat", e, out bool failed);
        foreach (var (_, text) in inputs)
        {
            if (!number)
            {
                o.Write(text);
                continue;
            }
            foreach (string l in TextInput.RawLines(text))
            {
                o.Write($"{++line,6}\t{l}");
            }
        }
        return failed ? 1 : 0;
    }

    public static int HeadOrTail(CommandContext ctx, TextWriter o, TextWriter e)
    {
        string program = ctx.Program;
        long count = 10;
        bool bytes = false;
        bool fromStart = false;
        var files = new List<string>();
        var args = ctx.Args;
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            string value;
            if (a.StartsWith("-n", StringComparison.Ordinal) || a.StartsWith("-c", StringComparison.Ordinal))
            {
                bytes = a[1] == 'c';
                if (!TextInput.TryValue(args, ref i, a[..2], out value))
                {
                    e.Write($"{program}: option requires an argument -- '{a[1]}'\nTry '{program} --help' for more information.\n");
                    return 1;
                }
            }
            else if (a.Length > 1 && a[0] == '-' && a[1..].All(char.IsAsciiDigit))
            {
                value = a[1..];
            }
            else if (a.StartsWith('-') && a != "-")
            {
                e.Write($"{program}: invalid option -- '{a.TrimStart('-')[..1]}'\nTry '{program} --help' for more information.\n");
                return 1;
            }
            else
            {
                files.Add(a);
                continue;
            }
            fromStart = program == "tail" && value.StartsWith('+');
            if (!long.TryParse(value.TrimStart('+'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count) || (count < 0 && program == "tail"))
            {
                e.Write($"{program}: invalid number of {(bytes ? "bytes" : "lines")}: '{value}'\n");
                return 1;
            }
        }
        var inputs = TextInput.Read(ctx, files, program, e, out bool failed);
        bool first = true;
        foreach (var (name, text) in inputs)
        {
            if (files.Count > 1)
            {
                o.Write($"{(first ? "" : "\n")}==> {(name == "-" ? "standard input" : name)} <==\n");
            }
            first = false;
            o.Write(Slice(text, program == "head", count, bytes, fromStart));
        }
        return failed ? 1 : 0;
    }

    private static string Slice(string text, bool head, long count, bool bytes, bool fromStart)
    {
        if (bytes)
        {
            int n = (int)Math.Min(Math.Abs(count), text.Length);
            return head ? (count >= 0 ? text[..n] : text[..(text.Length - n)])
                : fromStart ? text[(int)Math.Min(Math.Max(count - 1, 0), text.Length)..] : text[(text.Length - n)..];
        }
        List<string> lines = TextInput.RawLines(text);
        int c = (int)Math.Min(Math.Abs(count), lines.Count);
        IEnumerable<string> chosen = head ? (count >= 0 ? lines.Take(c) : lines.Take(lines.Count - c))
            : fromStart ? lines.Skip((int)Math.Max(count - 1, 0)) : lines.Skip(lines.Count - c);
        return string.Concat(chosen);
    }
}
