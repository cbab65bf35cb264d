using System.Globalization;
using VNetEmu.Engine;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>timeout DURATION CMD…</c> (GNU coreutils): runs CMD; when it is still running after DURATION of
/// virtual time, stops it and exits 124. Otherwise exits with CMD's status. busybox's timeout execs CMD in its own
/// process and has a grandchild SIGTERM it, so there the status of a timed-out command is 143.</summary>
public sealed class TimeoutProcess(CommandContext ctx, Func<CommandContext, ScriptProcess> create) : ScriptProcess
{
    private ScriptProcess? _child;

    public override void Start()
    {
        var args = ctx.Args;
        int i = 1;
        while (i < args.Count && args[i] is "--preserve-status" or "--foreground" or "-v" or "--verbose")
        {
            i++;
        }
        if (i + 1 >= args.Count || !TryDuration(args[i], out double seconds))
        {
            Err(i >= args.Count ? "timeout: missing operand" : i + 1 >= args.Count && TryDuration(args[i], out _) ? $"timeout: missing operand after '{args[i]}'" : $"timeout: invalid time interval '{args[i]}'");
            Err("Try 'timeout --help' for more information.");
            Exit(125);
            return;
        }
        ScriptProcess child = create(ctx with { Args = args.Skip(i + 1).ToList() });
        _child = child;
        bool timedOut = false;
        int timedOutCode = ctx.Userspace.Tools == ToolFamily.Busybox ? 143 : 124;
        child.Exited += () =>
        {
            Pump();
            Exit(timedOut ? timedOutCode : child.ExitCode!.Value);
        };
        child.Start();
        Pump();
        if (!child.HasExited && seconds > 0)
        {
            ctx.Emulator.World.Schedule((long)(seconds * World.NanosPerSecond), () =>
            {
                if (!HasExited)
                {
                    timedOut = true;
                    child.Stop();
                    Exit(timedOutCode);
                }
            });
        }
    }

    public override void Stop()
    {
        _child?.Stop();
        base.Stop();
    }

    public override void Flush()
    {
        _child?.Flush();
        Pump();
    }

    private void Pump()
    {
        ScriptProcess? child = _child;
        if (child is null)
        {
            return;
        }
        TakeOutput(child);
    }

    private static bool TryDuration(string s, out double seconds)
    {
        seconds = 0;
        if (s.Length == 0)
        {
            return false;
        }
        double unit = s.EndsWith('s') ? 1 : s.EndsWith('m') ? 60 : s.EndsWith('h') ? 3600 : s.EndsWith('d') ? 86400 : 1;
        string number = char.IsAsciiLetter(s[^1]) ? s[..^1] : s;
        bool ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds >= 0;
        seconds *= unit;
        return ok;
    }
}
