using System.Diagnostics;
using VNetEmu.Scenarios.Tests.Conformance;

namespace VNetEmu.Scenarios.Tests.Cli;

/// <summary>Memory stays flat as output grows: `vnetemu run` with a 32 MB managed heap (DOTNET_GCHeapHardLimit)
/// prints 100,000 pings and receives 1,000 TCP transfers of 60 KB, streaming the transcript to its file.
/// Holding the output until the end, or every connection's buffers through TIME_WAIT, does not fit.</summary>
public sealed class MemoryTests
{
    private const string TwoHosts = """
        ip netns add t-a
        ip netns add t-b
        ip -n t-a link set lo up
        ip -n t-a link add eth0 type veth peer name eth0 netns t-b
        ip -n t-a addr add 10.9.0.1/24 dev eth0
        ip -n t-b addr add 10.9.0.2/24 dev eth0
        ip -n t-a link set eth0 up
        ip -n t-b link set eth0 up

        """;

    [Theory]
    [InlineData("ip netns exec t-a ping -c 100000 -i 0.002 127.0.0.1\n", "100000 packets transmitted, 100000 received", 100_000L * 61)]
    [InlineData("ip netns exec t-b nc -l -k -p 7000 &\nfor i in $(seq 1 1000); do seq 1 12000 | ip netns exec t-a nc -n -N 10.9.0.2 7000; done\n", "\n12000\n", 1000L * 60_894)]
    public async Task LongOutput_RunsInA32MegabyteHeap(string lines, string expected, long transcriptBytes)
    {
        using var dir = new TempDirectory();
        string script = Path.Combine(dir.Path, "big.vnet");
        File.WriteAllText(script, TwoHosts + lines);
        string transcript = Path.Combine(dir.Path, "t.raw");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "vnetemu.dll"), "run", script, "-q", "--transcript", transcript })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x2000000";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stdout}{await stderr}");
        var info = new FileInfo(transcript);
        Assert.InRange(info.Length, transcriptBytes * 9 / 10, transcriptBytes * 11 / 10);
        using var reader = new StreamReader(transcript);
        char[] tail = new char[4096];
        reader.BaseStream.Seek(-Math.Min(4096, info.Length), SeekOrigin.End);
        int n = reader.Read(tail, 0, tail.Length);
        Assert.Contains(expected, new string(tail, 0, n));
    }
}
