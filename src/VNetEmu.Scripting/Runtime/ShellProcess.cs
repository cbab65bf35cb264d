using System.Text;
using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A shell running a parsed line (or an <c>sh -c</c> string) in a command context: each command to
/// completion on the virtual clock, pipeline elements one after another (the previous stdout is the next stdin),
/// <c>&amp;&amp;</c>/<c>||</c> short-circuit, and — for scenario lines — <c>bash -e</c>'s rule that a failing
/// command outside a condition ends the line. Variables live in the <see cref="ShellState"/> it is given.</summary>
public sealed partial class ShellProcess : ScriptProcess
{
    private readonly CommandContext _ctx;
    private readonly ShellList _list;
    private ShellState _state;
    private bool _errExit;
    private IEnumerator<ShellChild>? _steps;
    private ShellChild? _running;
    private bool _advancing;
    private bool _stopping;
    private bool _aborted;

    internal ShellProcess(CommandContext ctx, ShellList list, ShellState state, bool errExit)
    {
        _ctx = ctx;
        _list = list;
        _state = state;
        _errExit = errExit;
    }

    /// <summary>The <c>exit</c> builtin ran: the script ends here.</summary>
    public bool ExitRequested { get; private set; }

    /// <summary>Stderr goes to <see cref="ScriptProcess.Stdout"/> too, interleaved as written (`2&gt;&amp;1`).</summary>
    public bool MergeStderr { get; init; }

    public override void Start()
    {
        var stdout = new ShellOutput(Stdout);
        var fds = new ShellFds(_ctx.Stdin, stdout, MergeStderr ? stdout : new ShellOutput(Stderr));
        _steps = RunList(_list, fds, exempt: false).GetEnumerator();
        Advance();
    }

    public override void Stop()
    {
        _stopping = true;
        if (_running is { Process.HasExited: false } r)
        {
            r.Process.Stop();
        }
        if (!HasExited)
        {
            Advance();
        }
        if (!HasExited)
        {
            Exit(143);
        }
    }

    public override void Flush()
    {
        if (_running is { } running)
        {
            running.Process.Flush();
            running.Pump();
        }
    }

    private void Advance()
    {
        if (_advancing || _steps is null)
        {
            return;
        }
        _advancing = true;
        try
        {
            while (!HasExited)
            {
                if (_running is not null)
                {
                    _running.Pump();
                    if (!_running.Process.HasExited)
                    {
                        return;
                    }
                    _running = null;
                }
                if (!_steps.MoveNext())
                {
                    _steps.Dispose();
                    Exit(_state.LastStatus);
                    return;
                }
                ShellChild child = _steps.Current;
                _running = child;
                child.Process.Start();
                child.Pump();
                if (!child.Process.HasExited)
                {
                    if (_stopping)
                    {
                        child.Process.Stop();
                        continue;
                    }
                    child.Process.Exited += Advance;
                }
            }
        }
        finally
        {
            _advancing = false;
        }
    }

    private bool Done => _aborted || _stopping || ExitRequested || _returning;

    private IEnumerable<ShellChild> RunList(ShellList list, ShellFds fds, bool exempt)
    {
        foreach (AndOrList item in list.Items)
        {
            foreach (ShellChild c in RunAndOr(item, fds, exempt))
            {
                yield return c;
            }
            if (Done)
            {
                yield break;
            }
        }
    }

    private IEnumerable<ShellChild> RunAndOr(AndOrList item, ShellFds fds, bool exempt)
    {
        for (int i = 0; i < item.Pipelines.Count; i++)
        {
            if (i > 0 && (item.Operators[i - 1] == "&&") != (_state.LastStatus == 0))
            {
                continue;
            }
            bool last = i == item.Pipelines.Count - 1;
            foreach (ShellChild c in RunPipeline(item.Pipelines[i], fds, exempt || !last))
            {
                yield return c;
            }
            if (Done)
            {
                yield break;
            }
        }
    }

    private IEnumerable<ShellChild> RunPipeline(Pipeline pipeline, ShellFds fds, bool exempt)
    {
        exempt |= pipeline.Negated;
        string? input = fds.Stdin;
        for (int j = 0; j < pipeline.Commands.Count; j++)
        {
            bool lastCommand = j == pipeline.Commands.Count - 1;
            var pipe = lastCommand ? fds.Out : new ShellOutput(new StringBuilder());
            bool aborted = _aborted;
            foreach (ShellChild c in RunCommand(pipeline.Commands[j], fds with { Stdin = input, Out = pipe }, exempt))
            {
                yield return c;
            }
            if (ExitRequested)
            {
                yield break;
            }
            if (!lastCommand)
            {
                _aborted = aborted; // a pipeline element runs in its own subshell
                input = pipe.Buffer!.ToString();
            }
        }
        if (pipeline.Negated)
        {
            _state.LastStatus = _state.LastStatus == 0 ? 1 : 0;
        }
        if (_state.LastStatus != 0 && !exempt && _errExit)
        {
            _aborted = true;
        }
    }

    private IEnumerable<ShellChild> RunCommand(ShellCommand command, ShellFds fds, bool exempt)
    {
        switch (command)
        {
            case SimpleCommand simple:
                return RunSimple(simple, fds, exempt);
            case BraceGroup group:
                return RunList(group.Body, fds, exempt);
            case FunctionDefinition definition:
                return Define(definition);
            case ForCommand loop:
                return RunFor(loop, fds, exempt);
            case IfCommand conditional:
                return RunIf(conditional, fds, exempt);
            default:
                throw new InvalidOperationException(command.GetType().Name);
        }
    }

    private IEnumerable<ShellChild> RunFor(ForCommand loop, ShellFds fds, bool exempt)
    {
        var items = new List<string>();
        foreach (ShellWord w in loop.Items)
        {
            foreach (ShellChild c in Expand(w, split: true, items, fds))
            {
                yield return c;
            }
        }
        _state.LastStatus = 0;
        foreach (string item in items)
        {
            _state.Variables[loop.Variable] = item;
            foreach (ShellChild c in RunList(loop.Body, fds, exempt))
            {
                yield return c;
            }
            if (Done)
            {
                yield break;
            }
        }
    }

    private IEnumerable<ShellChild> RunIf(IfCommand conditional, ShellFds fds, bool exempt)
    {
        foreach (var (condition, body) in conditional.Branches)
        {
            foreach (ShellChild c in RunList(condition, fds, exempt: true))
            {
                yield return c;
            }
            if (Done)
            {
                yield break;
            }
            if (_state.LastStatus == 0)
            {
                foreach (ShellChild c in RunList(body, fds, exempt))
                {
                    yield return c;
                }
                yield break;
            }
        }
        _state.LastStatus = 0;
        if (conditional.Else is not null)
        {
            foreach (ShellChild c in RunList(conditional.Else, fds, exempt))
            {
                yield return c;
            }
        }
    }

    /// <summary>Runs a command substitution in a subshell (a copy of the variables, no <c>-e</c>) and returns
    /// its output without trailing newlines through <paramref name="result"/>.</summary>
    private IEnumerable<ShellChild> Substitute(ShellList list, ShellFds fds, StringBuilder result)
    {
        ShellState saved = _state;
        bool savedErrExit = _errExit;
        bool savedAborted = _aborted;
        _state = saved.Clone();
        _errExit = false;
        var output = new ShellOutput(result);
        try
        {
            foreach (ShellChild c in RunList(list, new ShellFds(fds.Stdin, output, fds.Err), exempt: false))
            {
                yield return c;
            }
        }
        finally
        {
            int status = _state.LastStatus;
            _state = saved;
            _errExit = savedErrExit;
            _aborted = savedAborted;
            ExitRequested = false;
            _substitutionStatus = status;
        }
        while (result.Length > 0 && result[^1] == '\n')
        {
            result.Length--;
        }
    }
}
