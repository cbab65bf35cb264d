using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Runs a scenario given as text in a scratch folder and returns its transcript.</summary>
internal static class ScenarioHarness
{
    public static RunResult Run(string script, string directory, int seed = 0, Action<Emulator>? before = null)
    {
        var commands = ScriptParser.Parse(script, "test.vnet");
        using var emulator = new Emulator(seed, directory);
        before?.Invoke(emulator);
        return new ScenarioRunner(emulator).Run(commands);
    }

    public const string TwoHosts = """
        ip netns add t-a
        ip netns add t-b
        ip -n t-a link set lo up
        ip -n t-b link set lo up
        ip -n t-a link add eth0 type veth peer name eth0 netns t-b
        ip -n t-a addr add 10.9.0.1/24 dev eth0
        ip -n t-b addr add 10.9.0.2/24 dev eth0
        ip -n t-a link set eth0 up
        ip -n t-b link set eth0 up
        """;
}
