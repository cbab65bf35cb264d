using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>Shell constructs and text utilities through the runner: script text in, transcript out. Expected
/// outputs were produced by bash 5.2 and GNU coreutils/grep on the same input.</summary>
public class ShellTests
{
    private static RunResult Run(string script)
    {
        using var dir = new TempDirectory();
        return ScenarioHarness.Run(script, dir.Path);
    }

    /// <summary>The output of a one-line script that must succeed (the transcript without its "$ line").</summary>
    private static string Output(string line)
    {
        RunResult r = Run(line + "\n");
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        return r.Transcript[(r.Transcript.IndexOf('\n') + 1)..];
    }

    [Theory]
    [InlineData("printf 'b\\na\\nc\\n' | sort -r", "c\nb\na\n")]
    [InlineData("printf 'x 3\\ny 10\\nz 2\\n' | sort -k2 -n", "z 2\nx 3\ny 10\n")]
    [InlineData("printf 'a\\na\\nb\\n' | uniq -c", "      2 a\n      1 b\n")]
    [InlineData("echo 'a:b:c' | cut -d: -f2-", "b:c\n")]
    [InlineData("echo hello | tr a-z A-Z", "HELLO\n")]
    [InlineData("echo hello | tr '[:lower:]' '[:upper:]'", "HELLO\n")]
    [InlineData("printf 'one\\ntwo\\nthree\\n' | grep -c o", "2\n")]
    [InlineData("printf 'one\\ntwo\\nthree\\n' | grep -v -n o", "3:three\n")]
    [InlineData("printf 'foo bar\\n' | grep -o -E 'o+|ba'", "oo\nba\n")]
    [InlineData("printf 'Ab\\nab\\n' | grep -i -x AB", "Ab\nab\n")]
    [InlineData("echo 'ab abc' | grep -o -w ab", "ab\n")]
    [InlineData("printf 'a1\\nb22\\n' | grep 'b2\\+'", "b22\n")]
    [InlineData("printf '1\\n2\\n3\\n4\\n' | tail -n +3", "3\n4\n")]
    [InlineData("printf '1\\n2\\n3\\n4\\n' | tail -1", "4\n")]
    [InlineData("printf '1\\n2\\n3\\n4\\n' | head -2", "1\n2\n")]
    [InlineData("printf 'a b\\nc\\n' | wc", "      2       3       6\n")]
    [InlineData("printf 'a b\\nc\\n' | wc -l", "2\n")]
    [InlineData("seq 3 | paste - -", "1\t2\n3\t\n")]
    [InlineData("seq 2 6 | tail -n 2", "5\n6\n")]
    [InlineData("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n")]
    [InlineData("printf '%-4s|%03d\\n' ab 7", "ab  |007\n")]
    [InlineData("echo -e 'a\\tb'", "a\tb\n")]
    [InlineData("echo -n x; echo y", "xy\n")]
    [InlineData("hostname", "vnetemu\n")]
    [InlineData("cat /etc/hostname | tee /tmp/h >/dev/null; cat /tmp/h", "vnetemu\n")]
    public void Utility_PrintsWhatGnuPrints(string line, string expected) => Assert.Equal(expected, Output(line));

    [Theory]
    [InlineData("X=hi; echo \"${X} there\" $X", "hi there hi\n")]
    [InlineData("false || echo $?", "1\n")]
    [InlineData("true && echo yes || echo no", "yes\n")]
    [InlineData("false && echo yes || echo no", "no\n")]
    [InlineData("for i in 1 2; do echo n$i; done | wc -l", "2\n")]
    [InlineData("for i in $(seq 3); do echo $i; done", "1\n2\n3\n")]
    [InlineData("if test -z ''; then echo empty; else echo full; fi", "empty\n")]
    [InlineData("if [ 2 -gt 3 ]; then echo a; elif [ a = a ]; then echo b; fi", "b\n")]
    [InlineData("echo $(echo a   b)  \"$(printf 'x\\n\\n')\"", "a b x\n")]
    [InlineData("echo 'a;b|c' \"d && e\"", "a;b|c d && e\n")]
    [InlineData("echo x;", "x\n")]
    [InlineData("! false && echo ran", "ran\n")]
    [InlineData("echo out; echo err >&2", "out\n[stderr]\nerr\n")]
    [InlineData("cat /nope 2>/dev/null || echo missing", "missing\n")]
    [InlineData("cat /nope 2>&1 | grep -c 'No such'", "1\n")]
    [InlineData("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f", "one\ntwo\n")]
    [InlineData("X=1 env", "X=1\n")]
    [InlineData("export A=b; sh -c 'echo $A; B=2; echo $B'; echo \"[$B]\"", "b\n2\n[]\n")]
    [InlineData("sh -c \"test \\\"\\$(hostname)\\\" = \\\"\\$(cat /etc/hostname)\\\" && echo ok\"", "ok\n")]
    [InlineData("grep -q vnetemu /etc/hosts && echo found", "found\n")]
    [InlineData("echo 1 > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward", "1\n")]
    [InlineData("timeout 1 sleep 5 || echo $?", "124\n")]
    [InlineData("timeout 5 sleep 1 && echo done", "done\n")]
    public void Construct_RunsAsBashRunsIt(string line, string expected) => Assert.Equal(expected, Output(line));

    [Fact]
    public void Variables_And_Status_CarryOverLines()
    {
        RunResult r = Run("N=web\n! grep -q nothing /etc/hosts\necho $N $?\n");
        Assert.True(r.Success, r.Error);
        Assert.EndsWith("$ echo $N $?\nweb 0\n", r.Transcript);
    }

    [Fact]
    public void FailureInsideList_StopsTheLineAndTheRun()
    {
        RunResult r = Run("false; echo never\necho after\n");
        Assert.False(r.Success);
        Assert.Equal("$ false; echo never\n[exit 1]\n[error] test.vnet:1: false; echo never: exit 1\n", r.Transcript);
    }

    [Fact]
    public void FinalStatusOfAndList_FailsTheLine()
    {
        RunResult r = Run("echo a && false\n");
        Assert.Equal("test.vnet:1: echo a && false: exit 1", r.Error);
        Assert.Contains("$ echo a && false\na\n[exit 1]\n", r.Transcript);
    }

    [Fact]
    public void GrepWithoutMatch_Exits1()
    {
        RunResult r = Run("! echo abc | grep -q x\necho abc | grep zz\n");
        Assert.Equal("test.vnet:2: echo abc | grep zz: exit 1", r.Error);
    }

    [Fact]
    public void MissingFile_IsCoreutilsMessage()
    {
        RunResult r = Run("! cat /etc/nothing\n");
        Assert.True(r.Success, r.Error);
        Assert.Contains("[stderr]\ncat: /etc/nothing: No such file or directory\n[exit 1]\n", r.Transcript);
    }

    [Fact]
    public void ExitZero_EndsTheScriptSuccessfully()
    {
        RunResult r = Run("echo a\nexit 0\necho b\n");
        Assert.True(r.Success, r.Error);
        Assert.DoesNotContain("echo b", r.Transcript);
    }

    [Fact]
    public void ParserReadsNegationAndSemicolonAsBash()
    {
        List<ScriptCommand> c = ScriptParser.Parse("! false && true\nip netns add x;\n! ping -c 1 x\n", "t.vnet");
        Assert.False(c[0].ExpectFailure); // "!" negates only the first pipeline
        Assert.Equal(["ip", "netns", "add", "x;"], c[1].Argv); // display words only; the shell runs "ip netns add x"
        Assert.True(c[2].ExpectFailure);
        RunResult r = Run("ip netns add x;\nip netns list\n");
        Assert.True(r.Success, r.Error);
        Assert.EndsWith("$ ip netns list\nx\n", r.Transcript);
    }

    [Theory]
    [InlineData("while true; do echo; done", "t.vnet:1: unsupported shell syntax: 'while' (only for … in …; do …; done and if …; then …; fi are emulated)")]
    [InlineData("case x in x) ;; esac", "t.vnet:1: unsupported shell syntax: 'case' (only for … in …; do …; done and if …; then …; fi are emulated)")]
    [InlineData("(echo a)", "t.vnet:1: unsupported shell syntax: '(' (subshells and arrays are not emulated)")]
    [InlineData("f() ( echo )", "t.vnet:1: unsupported shell syntax: function 'f' (only a body in braces, NAME() { …; }, is emulated)")]
    [InlineData("echo `date`", "t.vnet:1: unsupported shell syntax: backticks (write $(…))")]
    [InlineData("cat <(echo a)", "t.vnet:1: unsupported shell syntax: process substitution '<(…)' (not emulated)")]
    [InlineData("grep a <<< abc", "t.vnet:1: unsupported shell syntax: here-string '<<<' (use a heredoc or echo … |)")]
    [InlineData("echo 'abc", "t.vnet:1: unsupported shell syntax: unterminated single quote (quotes must close on the same logical line)")]
    [InlineData("echo \"abc", "t.vnet:1: unsupported shell syntax: unterminated double quote (quotes must close on the same logical line)")]
    [InlineData("ls *.txt", "t.vnet:1: unsupported shell syntax: glob '*' (filename expansion is not emulated; quote the word)")]
    [InlineData("echo ${X:-d}", "t.vnet:1: unsupported shell syntax: '${X:-d}' (only ${NAME} and ${N} are emulated)")]
    [InlineData("echo $((1+2))", "t.vnet:1: unsupported shell syntax: arithmetic '$((…))' (not emulated)")]
    [InlineData("echo a & echo b", "t.vnet:1: unsupported shell syntax: '&' inside a line (only a whole line of one command or pipeline can run in the background)")]
    [InlineData("echo a; echo b &", "t.vnet:1: unsupported shell syntax: '&' after a list (only one command or pipeline can run in the background)")]
    [InlineData("echo a ;; echo b", "t.vnet:1: unsupported shell syntax: ';;' (case is not emulated)")]
    [InlineData("cd /tmp", "t.vnet:1: unsupported shell syntax: builtin 'cd' (not emulated)")]
    [InlineData("echo a &&", "t.vnet:1: unsupported shell syntax: missing command (nothing after an operator)")]
    [InlineData("for x in a b; do echo $x", "t.vnet:1: unsupported shell syntax: for (expected 'done'; it must be written on one line as for … ; done …)")]
    public void Unsupported_IsRefusedInOneLine(string line, string message)
    {
        var e = Assert.Throws<ScriptSyntaxException>(() => ScriptParser.Parse(line + "\n", "t.vnet"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ShDashC_RefusesUnsupportedSyntaxAtRunTime()
    {
        RunResult r = Run("! sh -c 'while true; do :; done'\n");
        Assert.True(r.Success, r.Error);
        Assert.Contains("[stderr]\nsh: -c: line 1: unsupported shell syntax: 'while' (only for … in …; do …; done and if …; then …; fi are emulated)\n[exit 2]\n", r.Transcript);
    }
}
