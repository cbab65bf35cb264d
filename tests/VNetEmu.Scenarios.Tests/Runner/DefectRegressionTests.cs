using System.Text;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Regression tests for the defects of issue 17 that show in a scenario's transcript: lost data, false
/// errors, names the real tools refuse.</summary>
public class DefectRegressionTests
{
    [Fact]
    public void Nc_SendsAllOfAnInputLargerThanTheSendBuffer_BeforeItsFin()
    {
        using var dir = new TempDirectory();
        var input = new StringBuilder();
        for (int i = 0; input.Length < 200_000; i++)
        {
            input.Append("line ").Append(i).Append('\n');
        }
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + $"""

            ip netns exec t-b nc -l -p 7000 &
            ip netns exec t-a nc -n -N -w 5 10.9.0.2 7000 <<EOF
            {input}EOF
            """, dir.Path);

        Assert.True(r.Success, r.Error);
        Assert.Contains("$ ip netns exec t-b nc -l -p 7000 &\n" + input, r.Transcript);
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("100000")]
    [InlineData("2d")]
    [InlineData("1d 1")]
    public void Sleep_LongerThanADay_EndsNormally(string duration)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run($"sleep {duration}\nip netns add t-a\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Equal(2, r.CommandsRun);
    }

    [Fact]
    public void ForegroundCommandThatOutlivesTheBound_SaysSoInsteadOfNothingLeft()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + "\nip netns exec t-a ping -q -i 60 10.9.0.2\n", dir.Path);
        Assert.False(r.Success);
        Assert.Contains("still running after 24 h of virtual time", r.Error);
        Assert.DoesNotContain("nothing left", r.Error);
    }

    [Theory]
    [InlineData("''", "")]
    [InlineData("../x", "../x")]
    [InlineData("a/b", "a/b")]
    [InlineData(".", ".")]
    [InlineData("..", "..")]
    public void NetnsAdd_InvalidName_IsRefusedAsIproute2Does(string quoted, string shown)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run($"! ip netns add {quoted}\n! ip netns exec {quoted} true\nip netns list\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains($"[stderr]\nInvalid netns name \"{shown}\"\n[exit 255]\n", r.Transcript);
        Assert.EndsWith("$ ip netns list\n", r.Transcript);
    }

    [Fact]
    public void NetnsAdd_NameOverNameMax_IsRefused_255BytesIsNot()
    {
        using var dir = new TempDirectory();
        string longest = new('x', 255);
        string tooLong = new('y', 1 << 20);
        RunResult r = ScenarioHarness.Run($"ip netns add {longest}\n! ip netns add {tooLong}\nip netns list\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains($"[stderr]\nInvalid netns name \"{tooLong}\"\n[exit 255]\n", r.Transcript);
        Assert.EndsWith($"$ ip netns list\n{longest}\n", r.Transcript);
    }

    [Fact]
    public void NetnsExec_UnknownProgram_FailsAsExecvpDoes()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("ip netns add t-a\nip netns exec t-a nosuchcmd -x\n", dir.Path);
        Assert.False(r.Success);
        Assert.EndsWith("$ ip netns exec t-a nosuchcmd -x\n[stderr]\nexec of \"nosuchcmd\" failed: No such file or directory\n[exit 1]\n"
            + "[error] test.vnet:2: ip netns exec t-a nosuchcmd -x: exit 1: exec of \"nosuchcmd\" failed: No such file or directory\n", r.Transcript);
    }

    [Fact]
    public void IptablesRestore_HereDocumentBackslashNewline_IsJoinedByTheShell()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("""
            ip netns add t-a
            ip netns exec t-a iptables-restore <<EOF
            *filter
            -A INPUT -s 10.0.0.0/8 \
              -j ACCEPT
            COMMIT
            EOF
            ip netns exec t-a iptables -S INPUT
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("-A INPUT -s 10.0.0.0/8 -j ACCEPT\n", r.Transcript);
    }

    [Fact]
    public void HugeLine_ErrorEchoesAShortenedCommand()
    {
        using var dir = new TempDirectory();
        string word = new('x', 200_000);
        RunResult r = ScenarioHarness.Run($"ip netns add t-a; nosuch {word}\n", dir.Path);
        Assert.False(r.Success);
        Assert.True(r.Error!.Length < 2_000, $"{r.Error.Length} characters of error");
        Assert.StartsWith("test.vnet:1: ip netns add t-a; nosuch xxx", r.Error);
        Assert.Contains("characters)", r.Error);
    }

    [Fact]
    public void BackgroundOutput_ReachesTheTerminalWhenItIsPrinted_NotAtTheEnd()
    {
        using var dir = new TempDirectory();
        var commands = VNetEmu.Scripting.Parsing.ScriptParser.Parse(ScenarioHarness.TwoHosts + """

            ip netns exec t-b nc -l -p 7000 &
            ip netns exec t-a tcpdump -n -i eth0 tcp &
            ip netns exec t-a nc -n -N -w 2 -p 4000 10.9.0.2 7000 <<EOF
            hello
            EOF
            echo after
            """, "test.vnet");
        using var emulator = new Emulator(0, dir.Path);
        var live = new StringWriter();
        RunResult r = new ScenarioRunner(emulator) { LiveOut = live, LiveErr = TextWriter.Null }.Run(commands);
        Assert.True(r.Success, r.Error);
        string text = live.ToString();
        int client = text.IndexOf("$ ip netns exec t-a nc ", StringComparison.Ordinal);
        int after = text.IndexOf("$ echo after\n", StringComparison.Ordinal);
        int hello = text.IndexOf("hello\n", StringComparison.Ordinal);
        int syn = text.IndexOf("IP 10.9.0.1.4000 > 10.9.0.2.7000: Flags [S], seq ", StringComparison.Ordinal);
        Assert.InRange(hello, client, after);
        Assert.InRange(syn, client, after);
        // The transcript keeps each background command's output in its own block, as the conformance format says.
        Assert.Contains("$ ip netns exec t-b nc -l -p 7000 &\nhello\n$ ", r.Transcript);
    }

    [Fact]
    public void OutputAfterARunningBackgroundCommand_WaitsOnDisk_AndKeepsScriptOrder()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(ScenarioHarness.TwoHosts + """

            ip netns exec t-b nc -l -p 7000 &
            seq 1 400000
            ip netns exec t-a nc -n -N -w 2 10.9.0.2 7000 <<EOF
            late
            EOF
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        string seq = string.Concat(Enumerable.Range(1, 400_000).Select(i => i + "\n")); // 2.6 MB: past the spill size
        Assert.Contains("$ ip netns exec t-b nc -l -p 7000 &\nlate\n$ seq 1 400000\n" + seq + "$ ip netns exec t-a nc ", r.Transcript);
    }
}
