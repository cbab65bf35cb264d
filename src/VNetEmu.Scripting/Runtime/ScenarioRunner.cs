using System.Text;
using VNetEmu.Engine;
using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Runs a scenario like <c>bash -e</c> would on a Linux host: each command to completion on the virtual
/// clock, background commands until the end, a non-zero exit (or a zero exit under <c>!</c>) stops the run.
/// Each line runs through <see cref="ShellProcess"/>; variables and <c>$?</c> carry over from line to line.
/// Produces the raw transcript of conformance/README.md §2.</summary>
public sealed class ScenarioRunner(Emulator emulator)
{
    /// <summary>No foreground command may run longer than this much virtual time.</summary>
    public static readonly long MaxCommandNs = 24L * 3600 * World.NanosPerSecond;

    /// <summary>Where commands' output goes as they run (the terminal), or null.</summary>
    public TextWriter? LiveOut { get; init; }
    public TextWriter? LiveErr { get; init; }

    public RunResult Run(IReadOnlyList<ScriptCommand> commands)
    {
        var blocks = new List<(ScriptCommand Command, ScriptProcess Process)>();
        List<ScriptProcess> background = _background;
        string? error = null;
        int run = 0;
        var shell = ShellState.FromEnvironment(emulator.HostUserspace.Environment);
        foreach (ScriptCommand command in commands)
        {
            var ctx = new CommandContext(emulator, emulator.World.Root, command.Argv, command.Stdin, command.Background);
            var process = new ShellProcess(ctx, command.Syntax ?? ShellParser.Parse(command.RunText, command.Stdin), shell, errExit: true);
            blocks.Add((command, process));
            run++;
            LiveOut?.Write($"$ {command.Text}\n");
            try
            {
                process.Start();
                if (!command.Background && !process.HasExited)
                {
                    WaitFor(process);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug of ours, not of the script: say where, in one line, and stop.
                error = $"{command.Where}: {Shorten(command.RunText)}: vnetemu internal error: {e.GetType().Name}: {e.Message}";
                break;
            }
            if (command.Background)
            {
                if (process.HasExited && process.ExitCode != 0)
                {
                    error = Fail(command, process, $"exit {process.ExitCode}");
                    Echo(process);
                    break;
                }
                background.Add(process);
                Echo(process); // "listening on …" shows at once, as in a terminal; the rest as it is printed
                continue;
            }
            if (!process.HasExited)
            {
                process.Stop();
                Echo(process);
                error = emulator.World.Events.TryPeekDue(out _)
                    ? $"{command.Where}: {Shorten(command.RunText)}: still running after {MaxCommandNs / World.NanosPerSecond / 3600} h of virtual time (at {emulator.World.Now / 1e9:F3} s); vnetemu stops a foreground command there (only `sleep` may run longer)"
                    : $"{command.Where}: {Shorten(command.RunText)}: still running at virtual time {emulator.World.Now / 1e9:F3} s with nothing left that could end it (a real shell would wait forever)";
                break;
            }
            EchoLive(process);
            int code = process.ExitCode!.Value;
            if (command.ExpectFailure)
            {
                shell.LastStatus = code == 0 ? 1 : 0; // "! PIPELINE": $? is the negation
            }
            if (command.ExpectFailure && code == 0)
            {
                error = $"{command.Where}: {Shorten(command.RunText)}: expected a failure (!), but it exited 0";
                break;
            }
            if (!command.ExpectFailure && code != 0)
            {
                error = Fail(command, process, $"exit {code}");
                break;
            }
            if (process.ExitRequested)
            {
                break; // `exit 0`: the script ends here, successfully
            }
        }
        foreach (ScriptProcess p in background)
        {
            p.Stop();
            Echo(p);
        }
        return new RunResult(Transcript(blocks, error), error, run);
    }

    /// <summary>Runs the clock until the foreground process exits, for at most <see cref="MaxCommandNs"/> past the
    /// end of the longest `sleep` it started.</summary>
    private void WaitFor(ScriptProcess process)
    {
        World world = emulator.World;
        long end = world.Now + MaxCommandNs;
        Func<bool> done = LiveOut is null && LiveErr is null ? () => process.HasExited : () =>
        {
            // A terminal shows output when it is printed on the virtual clock, background commands' included.
            EchoLive(process);
            return process.HasExited;
        };
        while (!world.RunUntil(done, Math.Max(0, end - world.Now)))
        {
            long extended = emulator.SleepingUntilNs > world.Now ? Math.Max(end, emulator.SleepingUntilNs) : end;
            if (extended == end)
            {
                return;
            }
            end = extended;
        }
    }

    private static string Fail(ScriptCommand command, ScriptProcess process, string what)
    {
        string stderr = Shorten(string.Join(" / ", process.Stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), MaxEchoedStderr);
        return stderr.Length > 0 ? $"{command.Where}: {Shorten(command.RunText)}: {what}: {stderr}" : $"{command.Where}: {Shorten(command.RunText)}: {what}";
    }

    /// <summary>How much of a command line, and of its stderr, an error message repeats.</summary>
    public const int MaxEchoedCommand = 200;
    public const int MaxEchoedStderr = 1000;

    /// <summary>Cuts a long text for an error message: a 200 KB line must not become 200 KB of error.</summary>
    public static string Shorten(string text, int max = MaxEchoedCommand) =>
        text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";

    private readonly List<ScriptProcess> _background = [];

    private void EchoLive(ScriptProcess foreground)
    {
        if (LiveOut is null && LiveErr is null)
        {
            return;
        }
        foreach (ScriptProcess p in _background)
        {
            p.Flush();
            Echo(p);
        }
        foreground.Flush();
        Echo(foreground);
    }

    /// <summary>Writes what a process printed since the last echo to the terminal.</summary>
    private void Echo(ScriptProcess process)
    {
        _echoed.TryGetValue(process, out (int Out, int Err) done);
        if (process.Stdout.Length == done.Out && process.Stderr.Length == done.Err)
        {
            return;
        }
        if (LiveOut is not null && process.Stdout.Length > done.Out)
        {
            LiveOut.Write(process.Stdout.ToString(done.Out, process.Stdout.Length - done.Out));
            LiveOut.Flush();
        }
        if (LiveErr is not null && process.Stderr.Length > done.Err)
        {
            LiveErr.Write(process.Stderr.ToString(done.Err, process.Stderr.Length - done.Err));
        }
        _echoed[process] = (process.Stdout.Length, process.Stderr.Length);
    }

    private readonly Dictionary<ScriptProcess, (int Out, int Err)> _echoed = [];

    private static string Transcript(List<(ScriptCommand Command, ScriptProcess Process)> blocks, string? error)
    {
        var sb = new StringBuilder();
        foreach (var (command, process) in blocks)
        {
            sb.Append("$ ").Append(command.Text).Append('\n');
            AppendText(sb, process.Stdout.ToString());
            string stderr = process.Stderr.ToString();
            if (stderr.Length > 0)
            {
                sb.Append("[stderr]\n");
                AppendText(sb, stderr);
            }
            if (!command.Background && process.ExitCode is int code && code != 0)
            {
                sb.Append("[exit ").Append(code).Append("]\n");
            }
        }
        if (error is not null)
        {
            sb.Append("[error] ").Append(error).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendText(StringBuilder sb, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        sb.Append(text);
        if (!text.EndsWith('\n'))
        {
            sb.Append('\n');
        }
    }
}
