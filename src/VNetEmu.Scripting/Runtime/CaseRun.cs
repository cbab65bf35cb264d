using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Runs one conformance case (a folder with case.vnet) in <c>runDirectory</c> the way
/// conformance/README.md §3 lays it out: <c>transcript.raw</c> plus the files its tcpdump lines write under
/// <c>captures/</c>. The transcript is written as the run goes; <see cref="RunResult.Transcript"/> is empty.</summary>
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
        using var transcript = new StreamWriter(Path.Combine(runDirectory, "transcript.raw"), append: false, new System.Text.UTF8Encoding(false));
        try
        {
            var commands = ScriptParser.Parse(File.ReadAllText(script), script);
            using var emulator = new Emulator(seed, runDirectory);
            return new ScenarioRunner(emulator) { TranscriptOut = transcript }.Run(commands);
        }
        catch (ScriptSyntaxException e)
        {
            transcript.Write("[error] " + e.Message + "\n");
            return new RunResult("", e.Message, 0);
        }
    }
}
