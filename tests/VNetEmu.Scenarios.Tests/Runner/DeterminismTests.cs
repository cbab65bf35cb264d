using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Virtual time and one seeded random source: the same script and seed give a byte-identical capture.</summary>
public class DeterminismTests
{
    // No MAC is given, so the seed picks them (as the kernel's eth_random_addr would).
    private const string Script = ScenarioHarness.TwoHosts + """

        ip netns exec t-a ping -c 3 10.9.0.2
        sleep 40
        ip netns exec t-b ping -c 1 10.9.0.1
        """;

    private static byte[] Capture(int seed)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Script, dir.Path, seed, e => Assert.Equal(0, VnetCommand.StartCapture(e, "all.pcapng", TextWriter.Null)));
        Assert.True(r.Success, r.Error);
        return File.ReadAllBytes(Path.Combine(dir.Path, "all.pcapng"));
    }

    [Fact]
    public void SameSeed_ByteIdenticalCapture()
    {
        byte[] first = Capture(7);
        byte[] second = Capture(7);
        Assert.True(first.Length > 500);
        Assert.Equal(first, second);
    }

    [Fact]
    public void OtherSeed_OtherRandomChoices()
    {
        Assert.NotEqual(Capture(7), Capture(8));
    }
}
