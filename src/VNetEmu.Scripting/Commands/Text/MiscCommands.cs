using System.Globalization;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>tee [-a] FILE…</c> (files in the process's userspace), <c>seq [FIRST [INCR]] LAST</c> (integers),
/// <c>hostname</c>, and <c>test</c>/<c>[</c> as bash's builtin.</summary>
public static class MiscCommands
{
    public static int Tee(CommandContext ctx, TextWriter o)
    {
        bool append = ctx.Args.Contains("-a");
        string text = ctx.Stdin ?? "";
        foreach (string f in ctx.Args.Skip(1).Where(a => a != "-a"))
        {
            ctx.Userspace.Write(f, (append ? ctx.Userspace.Read(f) ?? "" : "") + text);
        }
        o.Write(text);
        return 0;
    }

    public static int Seq(CommandContext ctx, TextWriter o, TextWriter e)
    {
        var args = ctx.Args.Skip(1).ToList();
        if (args.Count is 0 or > 3)
        {
            e.Write(args.Count == 0 ? "seq: missing operand\nTry 'seq --help' for more information.\n" : $"seq: extra operand '{args[3]}'\nTry 'seq --help' for more information.\n");
            return 1;
        }
        var n = new long[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            if (!long.TryParse(args[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n[i]))
            {
                e.Write($"seq: invalid floating point argument: '{args[i]}'\nTry 'seq --help' for more information.\n");
                return 1;
            }
        }
        long first = args.Count > 1 ? n[0] : 1, step = args.Count == 3 ? n[1] : 1, last = n[^1];
        if (step == 0)
        {
            e.Write($"seq: invalid Zero increment value: '{args[1]}'\nTry 'seq --help' for more information.\n");
            return 1;
        }
        for (long v = first; step > 0 ? v <= last : v >= last; v += step)
        {
            o.Write(v.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        return 0;
    }

    public static int Hostname(CommandContext ctx, TextWriter o, TextWriter e)
    {
        if (ctx.Args.Count > 1)
        {
            e.Write($"hostname: option '{ctx.Args[1]}' is not emulated\n");
            return 1;
        }
        o.Write(ctx.Userspace.Hostname + "\n");
        return 0;
    }

    public static int Test(CommandContext ctx, TextWriter e)
    {
        var args = ctx.Args.Skip(1).ToList();
        string name = ctx.Program;
        if (name == "[")
        {
            if (args.Count == 0 || args[^1] != "]")
            {
                e.Write("bash: line 1: [: missing `]'\n");
                return 2;
            }
            args.RemoveAt(args.Count - 1);
        }
        try
        {
            return Evaluate(ctx, args) ? 0 : 1;
        }
        catch (FormatException x)
        {
            e.Write($"bash: line 1: {name}: {x.Message}\n");
            return 2;
        }
    }

    private static bool Evaluate(CommandContext ctx, List<string> a)
    {
        switch (a.Count)
        {
            case 0:
                return false;
            case 1:
                return a[0].Length > 0;
            case 2:
                return a[0] == "!" ? !Evaluate(ctx, a[1..]) : Unary(ctx, a[0], a[1]);
            case 3:
                if (IsBinary(a[1]))
                {
                    return Binary(a[0], a[1], a[2]);
                }
                if (a[0] == "!")
                {
                    return !Evaluate(ctx, a[1..]);
                }
                throw new FormatException($"{a[1]}: binary operator expected");
            default:
                if (a[0] == "!")
                {
                    return !Evaluate(ctx, a[1..]);
                }
                int or = a.IndexOf("-o");
                if (or > 0)
                {
                    return Evaluate(ctx, a[..or]) || Evaluate(ctx, a[(or + 1)..]);
                }
                int and = a.IndexOf("-a");
                if (and > 0)
                {
                    return Evaluate(ctx, a[..and]) && Evaluate(ctx, a[(and + 1)..]);
                }
                throw new FormatException("too many arguments");
        }
    }

    private static bool IsBinary(string op) => op is "=" or "==" or "!=" or "-eq" or "-ne" or "-lt" or "-le" or "-gt" or "-ge" or "<" or ">";

    private static bool Unary(CommandContext ctx, string op, string operand) => op switch
    {
        "-z" => operand.Length == 0,
        "-n" => operand.Length > 0,
        "-e" or "-r" or "-w" => ctx.ReadFile(operand) is not null || TextInput.IsDirectory(ctx, operand),
        "-f" => ctx.ReadFile(operand) is not null,
        "-s" => ctx.ReadFile(operand) is { Length: > 0 },
        "-d" => TextInput.IsDirectory(ctx, operand),
        "-x" => TextInput.IsDirectory(ctx, operand),
        _ => throw new FormatException($"{op}: unary operator expected"),
    };

    private static bool Binary(string left, string op, string right)
    {
        switch (op)
        {
            case "=" or "==":
                return left == right;
            case "!=":
                return left != right;
            case "<":
                return string.CompareOrdinal(left, right) < 0;
            case ">":
                return string.CompareOrdinal(left, right) > 0;
        }
        long l = Integer(left), r = Integer(right);
        return op switch
        {
            "-eq" => l == r,
            "-ne" => l != r,
            "-lt" => l < r,
            "-le" => l <= r,
            "-gt" => l > r,
            _ => l >= r,
        };
    }

    private static long Integer(string s) =>
        long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw new FormatException($"{s}: integer expression expected");
}
