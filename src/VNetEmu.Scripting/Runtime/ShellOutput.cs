using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Where a file descriptor of a shell command writes: a buffer (the shell's own output, a pipe, a
/// command substitution), a file of the process's userspace (written when the command ends), or nowhere.</summary>
internal sealed class ShellOutput(StringBuilder? buffer, string? path = null, bool append = false)
{
    public static ShellOutput Discard() => new(null);

    public StringBuilder? Buffer { get; } = buffer;
    public string? Path { get; } = path;
    public bool Append { get; } = append;

    public void Write(string text) => Buffer?.Append(text);
}

/// <summary>A child the shell waits for, and where its stdout and stderr go (moved out of the child as they grow,
/// so that the child keeps none of it).</summary>
internal sealed class ShellChild(ScriptProcess process, ShellOutput stdout, ShellOutput stderr)
{
    public ScriptProcess Process { get; } = process;

    public void Pump()
    {
        if (Process.Stdout.Length > 0)
        {
            stdout.Write(Process.Stdout.ToString());
            Process.Stdout.Clear();
        }
        if (Process.Stderr.Length > 0)
        {
            stderr.Write(Process.Stderr.ToString());
            Process.Stderr.Clear();
        }
    }
}
