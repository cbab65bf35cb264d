using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Where a file descriptor of a shell command writes: a buffer (the shell's own output, a pipe, a
/// command substitution), a file of the process's userspace (written when the command ends), or nowhere.</summary>
internal sealed class ShellOutput(StringBuilder? buffer, string? path = null, bool append = false)
{
    /// <summary>The shell process's own stdout or stderr (write order kept across the two).</summary>
    public ShellOutput(OutputBuffer target)
        : this((StringBuilder?)null) => Target = target;

    public static ShellOutput Discard() => new((StringBuilder?)null);

    public StringBuilder? Buffer { get; } = buffer;
    public OutputBuffer? Target { get; }
    public string? Path { get; } = path;
    public bool Append { get; } = append;

    public void Write(string text)
    {
        if (Target is not null)
        {
            Target.Append(text);
        }
        else
        {
            Buffer?.Append(text);
        }
    }
}

/// <summary>A child the shell waits for, and where its stdout and stderr go (moved out of the child as they grow,
/// so that the child keeps none of it).</summary>
internal sealed class ShellChild(ScriptProcess process, ShellOutput stdout, ShellOutput stderr)
{
    public ScriptProcess Process { get; } = process;

    public void Pump()
    {
        // In the order the child wrote them, so that 2>&1 (both to one place) interleaves as a terminal would.
        OutputBuffer.Interleave(Process.Stdout, Process.Stderr, (err, text) => (err ? stderr : stdout).Write(text));
    }
}
