using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>What the text utilities share: reading FILE operands (or <c>-</c>, or stdin when there are none) as the
/// process sees them, with coreutils' messages, and splitting text into lines.</summary>
internal static class TextInput
{
    /// <summary>The contents of each operand in order; a missing one is reported on <paramref name="e"/> and
    /// skipped, and <paramref name="failed"/> is set.</summary>
    public static List<KeyValuePair<string, string>> Read(CommandContext ctx, IReadOnlyList<string> files, string program, TextWriter e, out bool failed)
    {
        failed = false;
        var result = new List<KeyValuePair<string, string>>();
        if (files.Count == 0)
        {
            result.Add(new("-", ctx.Stdin ?? ""));
            return result;
        }
        foreach (string f in files)
        {
            if (f == "-")
            {
                result.Add(new("-", ctx.Stdin ?? ""));
                continue;
            }
            string? text = ctx.ReadFile(f);
            if (text is null)
            {
                e.Write(IsDirectory(ctx, f) ? $"{program}: {f}: Is a directory\n" : $"{program}: {f}: No such file or directory\n");
                failed = true;
                continue;
            }
            result.Add(new(f, text));
        }
        return result;
    }

    public static bool IsDirectory(CommandContext ctx, string path)
    {
        string p = path.TrimEnd('/');
        return p.Length == 0 || p is "." or ".." or "/etc" or "/proc" or "/sys" or "/tmp" or "/var" or "/usr" or "/bin" or "/dev" or "/root" or "/home"
            or "/proc/sys" or "/sys/class" or "/sys/class/net" || ctx.Userspace.IsDirectory(p)
            || (p.StartsWith("/sys/class/net/", StringComparison.Ordinal) && ctx.ReadFile(p + "/ifindex") is not null);
    }

    /// <summary>Lines without their newline; a final line without one still counts.</summary>
    public static List<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    /// <summary>Lines with their newline kept (head, tail, cat copy bytes).</summary>
    public static List<string> RawLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>Splits <c>-n5</c>/<c>-n 5</c> style options: the value glued to the option or the next argument.</summary>
    public static bool TryValue(IReadOnlyList<string> args, ref int i, string option, out string value)
    {
        string a = args[i];
        if (a == option)
        {
            if (i + 1 < args.Count)
            {
                value = args[++i];
                return true;
            }
            value = "";
            return false;
        }
        value = a[option.Length..];
        return true;
    }
}
