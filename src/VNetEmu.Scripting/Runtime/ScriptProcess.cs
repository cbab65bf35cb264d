using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A running command. Instant commands exit inside <see cref="Start"/>; ping, nc, sleep and listeners
/// exit later on the virtual clock; background ones (tcpdump, nc -l) are stopped when the script ends.</summary>
public abstract class ScriptProcess
{
    public OutputBuffer Stdout { get; } = new();
    public OutputBuffer Stderr { get; } = new();
    public int? ExitCode { get; private set; }
    public bool HasExited => ExitCode.HasValue;

    public abstract void Start();

    /// <summary>The script ended (or the user interrupted): stop as the real tool would on SIGTERM.</summary>
    public virtual void Stop()
    {
        if (!HasExited)
        {
            Exit(143);
        }
    }

    /// <summary>Brings what children have printed so far into <see cref="Stdout"/> and <see cref="Stderr"/> (a shell
    /// copies its running child's output only as it goes on otherwise), so that a terminal can show it now.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>Raised once, when the exit code is set (a shell waiting on this process resumes).</summary>
    public event Action? Exited;

    protected void Exit(int code)
    {
        if (ExitCode is null)
        {
            ExitCode = code;
            Exited?.Invoke();
        }
    }

    /// <summary>Moves what <paramref name="child"/> has printed so far into this process's streams, in its write order.</summary>
    protected void TakeOutput(ScriptProcess child)
    {
        Stdout.Append(child.Stdout);
        Stderr.Append(child.Stderr);
        child.Stdout.Clear();
        child.Stderr.Clear();
    }

    protected void Out(string line) => Stdout.Append(line).Append('\n');

    protected void Err(string line) => Stderr.Append(line).Append('\n');
}
