using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>2>&amp;1 keeps the order a command wrote its two streams in (outputs from bash 5.2).</summary>
public class InterleavingTests
{
    private static string Output(string line)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(line + "\n", dir.Path);
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        return r.Transcript[(r.Transcript.IndexOf('\n') + 1)..];
    }

    [Theory]
    [InlineData("sh -c 'echo a; echo b >&2; echo c' 2>&1 | cat", "a\nb\nc\n")]
    [InlineData("sh -c 'echo out; echo err >&2; echo out2' 2>&1 | tr a-z A-Z", "OUT\nERR\nOUT2\n")]
    public void TwoStreamsIntoOne_KeepTheirWriteOrder(string line, string expected) => Assert.Equal(expected, Output(line));

    [Fact]
    public void BusyboxNslookup_ErrorsBeforeTheTimeoutLine_UnderTwoToOne()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("docker network create app\ndocker run -d --name a --network app busybox sleep 3600\n! docker exec a nslookup -type=a x 172.18.0.1 2>&1 | cat\n", dir.Path);
        Assert.Contains("nslookup: read: Connection refused\nnslookup: read: Connection refused\n;; connection timed out; no servers could be reached\n", r.Transcript);
    }
}
