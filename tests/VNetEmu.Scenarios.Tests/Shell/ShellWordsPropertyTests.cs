using CsCheck;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>The shell reader on any text: commands or a one-line ScriptSyntaxException, nothing else; and quoted
/// words come back unchanged through the splitter and through a real run.</summary>
public class ShellWordsPropertyTests
{
    private static readonly Gen<string> s_word = Gen.String[Gen.Char.Where(c => c != '\n' && c != '\r' && c != '\0'), 0, 12];

    private static readonly Gen<string> s_shellish = Gen.OneOf(
        Gen.String[Gen.Char["ab $(){}[]|&;<>'\"\\!#*?=~`-"], 0, 30],
        Gen.String[0, 30]);

    [Fact]
    public void AnyLine_ParsesOrIsRefusedWithFileAndLine() =>
        s_shellish.Sample(text =>
        {
            try
            {
                foreach (ScriptCommand c in ScriptParser.Parse(text, "p.vnet"))
                {
                    Assert.NotEmpty(c.Argv);
                }
            }
            catch (ScriptSyntaxException e)
            {
                Assert.StartsWith("p.vnet:", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 5000);

    [Fact]
    public void QuotedWords_RoundTripThroughTheSplitter() =>
        s_word.List[0, 6].Sample(words =>
        {
            Assert.True(ShellWords.TrySplit(string.Join(' ', words.Select(ShellWords.Quote)), out List<string> back, out _));
            Assert.Equal(words, back);
        }, iter: 3000);

    [Fact]
    public void QuotedWords_ReachTheCommandUnchanged() =>
        Gen.String[Gen.Char["abcXYZ019 ;|&$'\"\\*?()<>#"], 1, 10].List[1, 4].Sample(words =>
        {
            using var dir = new TempDirectory();
            RunResult r = ScenarioHarness.Run("printf '<%s>' " + string.Join(' ', words.Select(ShellWords.Quote)) + "\n", dir.Path);
            Assert.True(r.Success, r.Error);
            Assert.Contains("\n" + string.Concat(words.Select(w => "<" + w + ">")) + "\n", r.Transcript);
        }, iter: 200);
}
