using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>Runs scenario text through the runner for the text-utility tests.</summary>
internal static class ShellHarness
{
    public static RunResult Run(string script)
    {
        using var dir = new TempDirectory();
        return ScenarioHarness.Run(script, dir.Path);
    }

    /// <summary>What a one-line script that must succeed printed (the transcript without its "$ line"; stderr
    /// after "[stderr]").</summary>
    public static string Output(string line)
    {
        RunResult r = Run(line + "\n");
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        return r.Transcript[(r.Transcript.IndexOf('\n') + 1)..];
    }

    /// <summary>The transcript of a one-line script run under "!" (it must fail): output, stderr and exit code.</summary>
    public static string Failure(string line)
    {
        RunResult r = Run("! " + line + "\n");
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        return r.Transcript[(r.Transcript.IndexOf('\n') + 1)..];
    }
}
