using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>util-linux `nsenter -t PID -n [--] PROGRAM [ARGS]`: runs a host program in the network namespace of a
/// process of the host's process table — a container's main process (`docker inspect -f '{{.State.Pid}}'`), pid 1 (the host).
/// Only the network namespace is entered (`-n`), so the program is the host's (iproute2, iptables-save), as it
/// is for real.</summary>
public static class NsenterCommand
{
    public static ScriptProcess Create(CommandContext ctx, Func<CommandContext, ScriptProcess> dispatch)
    {
        IReadOnlyList<string> a = ctx.Args;
        int? pid = null;
        bool net = false;
        int i = 1;
        for (; i < a.Count; i++)
        {
            string arg = a[i];
            if (arg == "--")
            {
                i++;
                break;
            }
            if (!arg.StartsWith('-') || arg == "-")
            {
                break;
            }
            string? value = null;
            if (arg is "-t" or "--target")
            {
                if (i + 1 >= a.Count)
                {
                    return Fail($"nsenter: option requires an argument -- '{arg.TrimStart('-')[0]}'\nTry 'nsenter --help' for more information.", 1);
                }
                value = a[++i];
            }
            else if (arg.StartsWith("--target=", StringComparison.Ordinal))
            {
                value = arg["--target=".Length..];
            }
            else if (arg.StartsWith("-t", StringComparison.Ordinal))
            {
                value = arg[2..];
            }
            else if (arg is "-n" or "--net")
            {
                net = true;
                continue;
            }
            else
            {
                return Fail($"nsenter: unrecognized option '{arg}'\nTry 'nsenter --help' for more information.", 1);
            }
            if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int p) || p <= 0)
            {
                return Fail($"nsenter: failed to parse pid: '{value}'", 1);
            }
            pid = p;
        }
        if (pid is null)
        {
            return Fail("nsenter: no target PID specified for --net", 1);
        }
        if (!net)
        {
            return Fail("nsenter: only the network namespace (-n) is emulated", 1);
        }
        NetNamespace? ns = ctx.Emulator.Processes.Find(pid.Value)?.Namespace;
        if (ns is null)
        {
            return Fail($"nsenter: cannot open /proc/{pid}/ns/net: No such file or directory", 1);
        }
        if (i >= a.Count)
        {
            return Fail("nsenter: running a shell is not emulated; name a program", 1);
        }
        return dispatch(ctx with { Namespace = ns, Args = a.Skip(i).ToList() });
    }

    private static ScriptProcess Fail(string message, int code) => new InstantProcess((_, e) =>
    {
        e.Write(message + "\n");
        return code;
    });
}
