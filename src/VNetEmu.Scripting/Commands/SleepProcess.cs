using System.Globalization;
using VNetEmu.Engine;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`sleep S`: exits after S seconds of virtual time, during which every timer runs.</summary>
public sealed class SleepProcess(CommandContext ctx) : ScriptProcess
{
    public override void Start()
    {
        if (ctx.Args.Count != 2 || !double.TryParse(ctx.Args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds < 0)
        {
            Err(ctx.Args.Count < 2 ? "sleep: missing operand" : $"sleep: invalid time interval '{string.Join(' ', ctx.Args.Skip(1))}'");
            Exit(1);
            return;
        }
        ctx.Emulator.World.Schedule((long)(seconds * World.NanosPerSecond), () => Exit(0));
    }
}
