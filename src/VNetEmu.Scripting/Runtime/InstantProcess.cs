using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A command that does its work at once (ip, bridge, sysctl, iptables…): a function from writers to an exit code.
/// What it writes goes straight to its stdout and stderr, in the order it was written.</summary>
public sealed class InstantProcess(Func<StringWriter, StringWriter, int> body) : ScriptProcess
{
    public override void Start()
    {
        using var stdout = new OrderedWriter(Stdout) { NewLine = "\n" };
        using var stderr = new OrderedWriter(Stderr) { NewLine = "\n" };
        int code = body(stdout, stderr);
        Exit(code);
    }

    /// <summary>A StringWriter whose text lands in an <see cref="OutputBuffer"/> as it is written (ToString gives all
    /// of it, as a StringWriter's would).</summary>
    private sealed class OrderedWriter(OutputBuffer target) : StringWriter(new StringBuilder())
    {
        private readonly OutputBuffer _target = target;
        private readonly StringBuilder _all = new();

        public override void Write(char value)
        {
            _target.Append(value);
            _all.Append(value);
        }

        public override void Write(string? value)
        {
            _target.Append(value);
            _all.Append(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

        public override string ToString() => _all.ToString();
    }
}
