namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>awk's errors. Syntax errors, option errors and run-time errors read as Debian's awk (mawk 1.3.4)
/// prints them, one line (run-time errors add mawk's FILENAME line), exit 2; the expected texts were printed by
/// mawk running the same line. What is not emulated is refused by name, never misread.</summary>
public class AwkErrorTests
{
    [Theory]
    [InlineData("awk '{' 2>&1 || echo \"rc=$?\"", "awk: line 2: missing } near end of file\nrc=2\n")]
    [InlineData("awk 'BEGIN{print 1' 2>&1 || echo \"rc=$?\"", "awk: line 2: missing } near end of file\nrc=2\n")]
    [InlineData("awk 'BEGIN { x = }' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near }\nrc=2\n")]
    [InlineData("awk 'BEGIN { if }' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near }\nrc=2\n")]
    [InlineData("awk 'BEGIN{a[1}' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near }\nrc=2\n")]
    [InlineData("awk 'BEGIN{x=\"abc}' 2>&1 || echo \"rc=$?\"", "awk: line 1: runaway string constant \"abc} ...\nrc=2\n")]
    [InlineData("awk '/abc' 2>&1 || echo \"rc=$?\"", "awk: line 1: runaway regular expression /abc ...\nrc=2\n")]
    [InlineData("awk 'BEGIN{x = 1 2 +}' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near }\nrc=2\n")]
    [InlineData("awk 'BEGIN{ print 1,, 2}' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near ,\nrc=2\n")]
    [InlineData("awk 'BEGIN{ x = y +* 2 }' 2>&1 || echo \"rc=$?\"", "awk: line 1: syntax error at or near *\nrc=2\n")]
    [InlineData("awk 'BEGIN{ next }' 2>&1 || echo \"rc=$?\"", "awk: line 1: improper use of next\nrc=2\n")]
    [InlineData("awk 'END{ next }' 2>&1 || echo \"rc=$?\"", "awk: line 1: improper use of next\nrc=2\n")]
    [InlineData("awk 'BEGIN { print substr(\"x\") }' 2>&1 || echo \"rc=$?\"", "awk: line 1: wrong number of arguments in call to substr\nrc=2\n")]
    [InlineData("awk 'BEGIN{print foo(1)}' 2>&1 || echo \"rc=$?\"", "awk: line 2: function foo never defined\nrc=2\n")]
    [InlineData("awk 'BEGIN { x = 1; x[1] = 2 }' 2>&1 || echo \"rc=$?\"", "awk: line 1: illegal reference to variable x\nrc=2\n")]
    [InlineData("awk 'BEGIN { return }' 2>&1 || echo \"rc=$?\"", "awk: line 1: return outside function body\nrc=2\n")]
    [InlineData("awk 'BEGIN { break }' 2>&1 || echo \"rc=$?\"", "awk: line 1: break statement outside of loop\nrc=2\n")]
    [InlineData("awk 'BEGIN { printf \"%d %s\\n\" }' 2>&1 || echo \"rc=$?\"", "awk: run time error: not enough arguments passed to printf(\"%d %s\n\")\n\tFILENAME=\"\" FNR=0 NR=0\nrc=2\n")]
    [InlineData("awk -k 'BEGIN{}' 2>&1 || echo \"rc=$?\"", "awk: not an option: -k\nrc=2\n")]
    [InlineData("awk -v 2>&1 || echo \"rc=$?\"", "awk: option -v lacks argument\nrc=2\n")]
    [InlineData("awk -v x 'BEGIN{}' 2>&1 || echo \"rc=$?\"", "awk: improper assignment: -v x\nrc=2\n")]
    [InlineData("awk '{print}' /nonexistent 2>&1 || echo \"rc=$?\"", "awk: cannot open /nonexistent (No such file or directory)\nrc=2\n")]
    public void Error_ReadsAsMawkPrintsIt(string line, string expected) => Assert.Equal(expected, ShellHarness.Output(line));

    [Theory]
    [InlineData("awk 'BEGIN { getline line < \"/etc/hosts\" }'", "awk: line 1: getline is not emulated")]
    [InlineData("awk '{ \"date\" | getline d }'", "awk: line 1: getline is not emulated")]
    [InlineData("awk 'BEGIN { system(\"ls\") }'", "awk: line 1: system() is not emulated")]
    [InlineData("awk '{ print | \"sort\" }'", "awk: line 1: output to a command (|) is not emulated")]
    public void Unsupported_IsRefusedByName(string line, string message) =>
        Assert.Equal(message + "\n[exit 2]\n", ShellHarness.Failure(line).Replace("[stderr]\n", ""));

    [Fact]
    public void DivisionByZero_IsARunTimeError()
    {
        string output = ShellHarness.Failure("echo 0 | awk '{ print 1 / $1 }'");
        Assert.Equal("[stderr]\nawk: run time error: division by zero\n\tFILENAME=\"\" FNR=1 NR=1\n[exit 2]\n", output);
    }

    [Fact]
    public void EndlessLoop_IsStoppedWithAMessage()
    {
        string output = ShellHarness.Failure("awk 'BEGIN { while (1) x++ }'");
        Assert.Contains("awk: run time error: the program ran more than 10000000 steps", output);
    }
}
