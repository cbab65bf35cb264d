using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A command that does its work at once (ip, bridge, sysctl, iptables…): a function from writers to an exit code.</summary>
public sealed class InstantProcess(Func<StringWriter, StringWriter, int> body) : ScriptProcess
{
    public override void Start()
    {
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var stderr = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        int code = body(stdout, stderr);
        Stdout.Append(stdout.ToString());
        Stderr.Append(stderr.ToString());
        Exit(code);
    }
}
