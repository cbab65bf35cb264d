using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>procps `ps` and `pidof` over the host's process table (init, containerd, dockerd, containers' shims
/// and main processes, docker-proxy): `ps [-e|-A] [-f] [-p PIDS] [-C NAMES] [-o FORMAT]` with the pid, ppid,
/// comm, args/cmd/command and user fields (`field=` renames or blanks a header). The emulator does not account
/// CPU or memory, so fields that would show them are refused rather than invented, as are BSD forms (`ps aux`).</summary>
public static class PsCommand
{
    private const string UsageTail = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

    public static ScriptProcess Ps(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        if (ctx.Userspace.Tools == ToolFamily.Busybox)
        {
            e.Write("ps: not emulated inside containers (run it on the host)\n");
            return 1;
        }
        IReadOnlyList<string> a = ctx.Args;
        bool every = false, full = false;
        var pids = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var format = new List<(string Field, string? Header)>();
        for (int i = 1; i < a.Count; i++)
        {
            string arg = a[i];
            if (!arg.StartsWith('-'))
            {
                e.Write($"ps: BSD-style options such as '{arg}' are not emulated (use ps -e -o pid,args)\n");
                return 1;
            }
            for (int j = 1; j < arg.Length; j++)
            {
                char f = arg[j];
                switch (f)
                {
                    case 'e' or 'A':
                        every = true;
                        break;
                    case 'f':
                        full = true;
                        break;
                    case 'p' or 'C' or 'o':
                        string value = j + 1 < arg.Length ? arg[(j + 1)..] : i + 1 < a.Count ? a[++i] : "";
                        if (value.Length == 0)
                        {
                            e.Write(f switch
                            {
                                'o' => "error: format specification must follow -o\n",
                                'C' => "error: list of command names must follow -C\n",
                                _ => "error: list of process IDs must follow -p\n",
                            } + UsageTail);
                            return 1;
                        }
                        if (f == 'p')
                        {
                            foreach (string p in value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
                            {
                                if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                                {
                                    e.Write("error: process ID list syntax error\n" + UsageTail);
                                    return 1;
                                }
                                pids.Add(pid);
                            }
                        }
                        else if (f == 'C')
                        {
                            names.UnionWith(value.Split(',', StringSplitOptions.RemoveEmptyEntries));
                        }
                        else if (!ParseFormat(value, format, e))
                        {
                            return 1;
                        }
                        j = arg.Length;
                        break;
                    default:
                        e.Write($"ps: option -{f} is not emulated (supported: -e -A -f -p -C -o)\n");
                        return 1;
                }
            }
        }
        if (format.Count == 0)
        {
            format = full
                ? [("user", "UID"), ("pid", null), ("ppid", null), ("c", null), ("stime", null), ("tty", "TTY"), ("time", null), ("args", "CMD")]
                : [("pid", null), ("tty", "TTY"), ("time", null), ("comm", "CMD")];
        }
        // Without a terminal, ps's default selection (same user, same tty) is every process: all are root's, none
        // has a tty. ps itself is a process while it runs.
        bool all = every || (pids.Count == 0 && names.Count == 0);
        HostProcess self = ctx.Emulator.Processes.Start(string.Join(' ', a), ctx.Namespace);
        var selected = new List<HostProcess>();
        foreach (HostProcess p in ctx.Emulator.Processes.All)
        {
            if (all || pids.Contains(p.Pid) || names.Contains(p.Comm))
            {
                selected.Add(p);
            }
        }
        ctx.Emulator.Processes.Exit(self);
        bool header = false;
        foreach (var (field, h) in format)
        {
            header |= h is null || h.Length > 0;
        }
        var sb = new StringBuilder();
        if (header)
        {
            Line(sb, format, f => f.Header ?? DefaultHeader(f.Field));
        }
        foreach (HostProcess p in selected)
        {
            Line(sb, format, f => Value(p, f.Field));
        }
        o.Write(sb.ToString());
        return selected.Count > 0 ? 0 : 1;
    });

    public static ScriptProcess Pidof(CommandContext ctx) => new InstantProcess((o, _) =>
    {
        var found = new List<int>();
        var wanted = new HashSet<string>(ctx.Args.Skip(1).Where(x => !x.StartsWith('-')), StringComparer.Ordinal);
        IReadOnlyList<HostProcess> all = ctx.Emulator.Processes.All;
        for (int i = all.Count - 1; i >= 0; i--)
        {
            string exe = all[i].Args.Split(' ', 2)[0];
            if (wanted.Contains(all[i].Comm) || wanted.Contains(exe) || wanted.Contains(exe[(exe.LastIndexOf('/') + 1)..]))
            {
                found.Add(all[i].Pid);
            }
        }
        if (found.Count == 0)
        {
            return 1;
        }
        o.Write(string.Join(' ', found) + "\n");
        return 0;
    });

    private static readonly string[] s_fields = ["pid", "ppid", "comm", "ucmd", "args", "cmd", "command", "user", "uid", "tty", "time", "c", "stime"];

    private static bool ParseFormat(string value, List<(string, string?)> format, TextWriter e)
    {
        foreach (string item in value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=');
            string field = eq >= 0 ? item[..eq] : item;
            if (Array.IndexOf(s_fields, field) < 0)
            {
                e.Write($"error: unknown user-defined format specifier \"{field}\" (or one the emulator does not account: supported {string.Join(' ', s_fields)})\n");
                return false;
            }
            format.Add((field, eq >= 0 ? item[(eq + 1)..] : null));
        }
        return true;
    }

    private static string DefaultHeader(string field) => field switch
    {
        "pid" => "PID",
        "ppid" => "PPID",
        "comm" or "ucmd" or "args" or "command" => "COMMAND",
        "cmd" => "CMD",
        "user" => "USER",
        "uid" => "UID",
        "tty" => "TT",
        "c" => "C",
        "stime" => "STIME",
        _ => "TIME",
    };

    private static string Value(HostProcess p, string field) => field switch
    {
        "pid" => p.Pid.ToString(CultureInfo.InvariantCulture),
        "ppid" => p.ParentPid.ToString(CultureInfo.InvariantCulture),
        "comm" or "ucmd" => p.Comm,
        "args" or "cmd" or "command" => p.Args,
        "user" => "root",
        "uid" => "0",
        "tty" => "?",
        "c" => "0", // no CPU is accounted (see "time")
        "stime" => p.Started.ToString("HH:mm", CultureInfo.InvariantCulture),
        _ => "00:00:00", // no CPU time is accounted: processes of the emulator use none of the virtual clock
    };

    /// <summary>procps' layout: numbers right-aligned in 7 columns, text left-aligned, the last column unpadded.</summary>
    private static void Line(StringBuilder sb, List<(string Field, string? Header)> format, Func<(string Field, string? Header), string> cell)
    {
        for (int i = 0; i < format.Count; i++)
        {
            string text = cell(format[i]);
            bool last = i == format.Count - 1;
            if (i > 0)
            {
                sb.Append(' ');
            }
            switch (format[i].Field)
            {
                case "pid" or "ppid":
                    sb.Append(text.PadLeft(7));
                    break;
                case "uid":
                    sb.Append(text.PadLeft(5));
                    break;
                case "c":
                    sb.Append(text.PadLeft(2));
                    break;
                case "stime":
                    sb.Append(last ? text : text.PadRight(5));
                    break;
                case "user":
                    sb.Append(last ? text : text.PadRight(8));
                    break;
                case "tty":
                    sb.Append(last ? text : text.PadRight(8));
                    break;
                case "time":
                    sb.Append(last ? text : text.PadLeft(8));
                    break;
                default:
                    sb.Append(last ? text : text.PadRight(Math.Max(text.Length, 15)));
                    break;
            }
        }
        sb.Append('\n');
    }
}
