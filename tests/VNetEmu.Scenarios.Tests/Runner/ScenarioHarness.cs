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

    /// <summary>t-a (10.1.0.2) — r-a [t-r, forwarding] r-b — t-b (10.2.0.2), default routes through t-r.</summary>
    public const string Router = """
        ip netns add t-a
        ip netns add t-r
        ip netns add t-b
        ip -n t-r link add r-a type veth peer name eth0 netns t-a
        ip -n t-r link add r-b type veth peer name eth0 netns t-b
        ip -n t-r addr add 10.1.0.1/24 dev r-a
        ip -n t-r addr add 10.2.0.1/24 dev r-b
        ip -n t-a addr add 10.1.0.2/24 dev eth0
        ip -n t-b addr add 10.2.0.2/24 dev eth0
        ip -n t-r link set r-a up
        ip -n t-r link set r-b up
        ip -n t-a link set eth0 up
        ip -n t-b link set eth0 up
        ip -n t-a link set lo up
        ip -n t-b link set lo up
        ip -n t-a route add default via 10.1.0.1
        ip -n t-b route add default via 10.2.0.1
        ip netns exec t-r sysctl -qw net.ipv4.ip_forward=1

        """;
}
