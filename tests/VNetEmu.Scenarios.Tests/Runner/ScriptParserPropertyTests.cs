using CsCheck;
using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>The scenario reader on any text: it returns commands or throws ScriptSyntaxException with a
/// file:line message — nothing else, and never hangs.</summary>
public class ScriptParserPropertyTests
{
    private static readonly Gen<string> s_line = Gen.OneOf(
        Gen.Const("ip netns add a"),
        Gen.Const("! ping -c 1 10.0.0.1"),
        Gen.Const("nc -l -p 80 &"),
        Gen.Const("iptables-restore <<EOF"),
        Gen.Const("EOF"),
        Gen.Const("cat < file.txt"),
        Gen.Const("echo 'unterminated"),
        Gen.Const("echo \"x\\\"y\""),
        Gen.Const("line \\"),
        Gen.Const("# comment"),
        Gen.Const(""),
        Gen.String[0, 40]);

    [Fact]
    public void AnyText_ParsesOrFailsWithFileAndLine() =>
        s_line.List[0, 12].Select(lines => string.Join('\n', lines)).Sample(text =>
        {
            try
            {
                List<ScriptCommand> commands = ScriptParser.Parse(text, "fuzz.vnet", _ => "content\n");
                foreach (ScriptCommand c in commands)
                {
                    Assert.NotEmpty(c.Argv);
                    Assert.InRange(c.Line, 1, text.Split('\n').Length);
                }
            }
            catch (ScriptSyntaxException e)
            {
                Assert.StartsWith("fuzz.vnet:", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 3000);
}
