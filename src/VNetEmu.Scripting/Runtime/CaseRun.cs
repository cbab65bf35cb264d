using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Runs one conformance case (a folder with case.vnet) in <c>runDirectory</c> the way
/// conformance/README.md §3 lays it out: <c>transcript.raw</c> plus the files its tcpdump lines write under
/// <c>captures/</c>.</summary>
public static class CaseRun
{
    public static RunResult Execute(string caseDirectory, string runDirectory, int seed = 0)
    {
        if (Directory.Exists(runDirectory))
        {
            Directory.Delete(runDirectory, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(runDirectory, "captures"));
        string script = Path.Combine(caseDirectory, "case.vnet");
        RunResult result;
        try
        {
            var commands = ScriptParser.Parse(File.ReadAllText(script), script);
            using var emulator = new Emulator(seed, runDirectory);
            result = new ScenarioRunner(emulator).Run(commands);
        }
        catch (ScriptSyntaxException e)
        {
            result = new RunResult("[error] " + e.Message + "\n", e.Message, 0);
        }
        File.WriteAllText(Path.Combine(runDirectory, "transcript.raw"), result.Transcript);
        return result;
    }
}
