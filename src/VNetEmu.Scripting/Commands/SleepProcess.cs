using System.Globalization;
using VNetEmu.Engine;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`sleep NUMBER[SUFFIX]…` (GNU coreutils: the arguments add up; s, m, h, d suffixes; `inf`): exits after
/// that much virtual time, during which every timer runs.</summary>
public sealed class SleepProcess(CommandContext ctx) : ScriptProcess
{
    /// <summary>Longer than any scenario can run: `sleep inf` and absurd numbers end here, never overflow.</summary>
    private const long ForeverNs = long.MaxValue / 4;

    public override void Start()
    {
        if (ctx.Args.Count < 2)
        {
            Err("sleep: missing operand");
            Err("Try 'sleep --help' for more information.");
            Exit(1);
            return;
        }
        double total = 0;
        foreach (string arg in ctx.Args.Skip(1))
        {
            if (!TryParse(arg, out double seconds))
            {
                Err($"sleep: invalid time interval '{arg}'");
                Err("Try 'sleep --help' for more information.");
                Exit(1);
                return;
            }
            total += seconds;
        }
        double ns = total * World.NanosPerSecond;
        long delay = ns >= ForeverNs ? ForeverNs : (long)ns;
        var world = ctx.Emulator.World;
        ctx.Emulator.SleepingUntilNs = Math.Max(ctx.Emulator.SleepingUntilNs, world.Now + delay);
        world.Schedule(delay, () => Exit(0));
    }

    private static bool TryParse(string arg, out double seconds)
    {
        double unit = 1;
        string number = arg;
        if (arg.Length > 1 && arg[^1] is 's' or 'm' or 'h' or 'd' && !arg.EndsWith("inf", StringComparison.OrdinalIgnoreCase))
        {
            unit = arg[^1] switch { 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 1 };
            number = arg[..^1];
        }
        if (number.Equals("inf", StringComparison.OrdinalIgnoreCase) || number.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            seconds = double.PositiveInfinity;
            return true;
        }
        if (number.Length > 0 && (char.IsAsciiDigit(number[0]) || number[0] == '.')
            && double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value)
            && !double.IsNaN(value))
        {
            seconds = value * unit;
            return true;
        }
        seconds = 0;
        return false;
    }
}
