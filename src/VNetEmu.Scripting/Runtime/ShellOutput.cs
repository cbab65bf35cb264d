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

/// <summary>A child the shell waits for, and where its stdout and stderr go (copied as they grow).</summary>
internal sealed class ShellChild(ScriptProcess process, ShellOutput stdout, ShellOutput stderr)
{
    private int _out;
    private int _err;

    public ScriptProcess Process { get; } = process;

    public void Pump()
    {
        if (Process.Stdout.Length > _out)
        {
            stdout.Write(Process.Stdout.ToString(_out, Process.Stdout.Length - _out));
            _out = Process.Stdout.Length;
        }
        if (Process.Stderr.Length > _err)
        {
            stderr.Write(Process.Stderr.ToString(_err, Process.Stderr.Length - _err));
            _err = Process.Stderr.Length;
        }
    }
}
