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

    /// <summary>Where the raw transcript is written as the run goes (then <see cref="RunResult.Transcript"/> is
    /// empty); null keeps it in memory for <see cref="RunResult.Transcript"/>.</summary>
    public TextWriter? TranscriptOut { get; init; }

    private TranscriptWriter _transcript = null!;

    /// <summary>The processes still running and the transcript block each writes to; a shell's output is moved out
    /// of it as it is printed, so that no process holds what it printed.</summary>
    private readonly List<(ScriptProcess Process, TranscriptWriter.Block Block)> _live = [];

    public RunResult Run(IReadOnlyList<ScriptCommand> commands)
    {
        var memory = TranscriptOut is null ? new StringWriter() : null;
        _transcript = new TranscriptWriter(TranscriptOut ?? memory!);
        try
        {
            (string? error, int run) = RunCommands(commands);
            if (error is not null)
            {
                _transcript.Error(error);
            }
            _transcript.Flush();
            return new RunResult(memory?.ToString() ?? "", error, run);
        }
        finally
        {
            _transcript.Dispose();
        }
    }

    private (string? Error, int Run) RunCommands(IReadOnlyList<ScriptCommand> commands)
    {
        string? error = null;
        int run = 0;
        var shell = ShellState.FromEnvironment(emulator.HostUserspace.Environment);
        foreach (ScriptCommand command in commands)
        {
            var ctx = new CommandContext(emulator, emulator.World.Root, command.Argv, command.Stdin, command.Background);
            var process = new ShellProcess(ctx, command.Syntax ?? ShellParser.Parse(command.RunText, command.Stdin), shell, errExit: true);
            TranscriptWriter.Block block = _transcript.Begin(command.Text);
            _live.Add((process, block));
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
                Finish(process, block, exitLine: !command.Background);
                break;
            }
            if (command.Background)
            {
                if (process.HasExited && process.ExitCode != 0)
                {
                    Drain();
                    error = Fail(command, block, $"exit {process.ExitCode}");
                    Finish(process, block, exitLine: false);
                    break;
                }
                Drain(); // "listening on …" shows at once, as in a terminal; the rest as it is printed
                continue;
            }
            if (!process.HasExited)
            {
                process.Stop();
                error = emulator.World.Events.TryPeekDue(out _)
                    ? $"{command.Where}: {Shorten(command.RunText)}: still running after {MaxCommandNs / World.NanosPerSecond / 3600} h of virtual time (at {emulator.World.Now / 1e9:F3} s); vnetemu stops a foreground command there (only `sleep` may run longer)"
                    : $"{command.Where}: {Shorten(command.RunText)}: still running at virtual time {emulator.World.Now / 1e9:F3} s with nothing left that could end it (a real shell would wait forever)";
                Finish(process, block, exitLine: true);
                break;
            }
            Drain();
            int code = process.ExitCode!.Value;
            if (command.ExpectFailure)
            {
                shell.LastStatus = code == 0 ? 1 : 0; // "! PIPELINE": $? is the negation
            }
            string? failed = command.ExpectFailure && code == 0
                ? $"{command.Where}: {Shorten(command.RunText)}: expected a failure (!), but it exited 0"
                : !command.ExpectFailure && code != 0 ? Fail(command, block, $"exit {code}") : null;
            Finish(process, block, exitLine: true);
            if (failed is not null)
            {
                error = failed;
                break;
            }
            if (process.ExitRequested)
            {
                break; // `exit 0`: the script ends here, successfully
            }
        }
        // The background commands stop in the order they started, as conformance/README.md §2 says.
        while (_live.Count > 0)
        {
            (ScriptProcess p, TranscriptWriter.Block b) = _live[0];
            p.Stop();
            Finish(p, b, exitLine: false);
        }
        return (error, run);
    }

    /// <summary>Moves a finished (or stopped) process's last output into its block and ends the block.</summary>
    private void Finish(ScriptProcess process, TranscriptWriter.Block block, bool exitLine)
    {
        Drain(process, block);
        _live.RemoveAll(l => l.Process == process);
        _transcript.End(block, exitLine ? process.ExitCode : null);
    }

    /// <summary>Moves what every live process printed since the last call to the terminal and the transcript.</summary>
    private void Drain()
    {
        for (int i = 0; i < _live.Count; i++)
        {
            Drain(_live[i].Process, _live[i].Block);
        }
    }

    private void Drain(ScriptProcess process, TranscriptWriter.Block block)
    {
        process.Flush();
        if (process.Stdout.Length > 0)
        {
            string text = process.Stdout.ToString();
            process.Stdout.Clear();
            _transcript.Out(block, text);
            if (LiveOut is not null)
            {
                LiveOut.Write(text);
                LiveOut.Flush();
            }
        }
        if (process.Stderr.Length > 0)
        {
            string text = process.Stderr.ToString();
            process.Stderr.Clear();
            _transcript.Err(block, text);
            LiveErr?.Write(text);
        }
    }

    /// <summary>Runs the clock until the foreground process exits, for at most <see cref="MaxCommandNs"/> past the
    /// end of the longest `sleep` it started.</summary>
    private void WaitFor(ScriptProcess process)
    {
        World world = emulator.World;
        long end = world.Now + MaxCommandNs;
        bool done()
        {
            // Output leaves the processes when it is printed on the virtual clock, background commands' included: a
            // terminal shows it then, and nothing piles up in memory.
            Drain();
            return process.HasExited;
        }
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

    private static string Fail(ScriptCommand command, TranscriptWriter.Block block, string what)
    {
        string stderr = Shorten(string.Join(" / ", block.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), MaxEchoedStderr);
        return stderr.Length > 0 ? $"{command.Where}: {Shorten(command.RunText)}: {what}: {stderr}" : $"{command.Where}: {Shorten(command.RunText)}: {what}";
    }

    /// <summary>How much of a command line, and of its stderr, an error message repeats.</summary>
    public const int MaxEchoedCommand = 200;
    public const int MaxEchoedStderr = 1000;

    /// <summary>Cuts a long text for an error message: a 200 KB line must not become 200 KB of error.</summary>
    public static string Shorten(string text, int max = MaxEchoedCommand) =>
        text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";
}
