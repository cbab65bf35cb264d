using System.Text.Json.Nodes;
using CsCheck;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Tests.Formatting;

public class GoTemplateErrorTests
{
    [Theory]
    [InlineData("{{.Foo}", "template: :1: unexpected \"}\" in operand")]
    [InlineData("{{.Foo", "template: :1: unclosed action")]
    [InlineData("a\n{{\n\n", "template: :4: unclosed action started at :2")]
    [InlineData("{{foo}}", "template: :1: function \"foo\" not defined")]
    [InlineData("{{end}}", "template: :1: unexpected {{end}}")]
    [InlineData("{{if .X}}", "template: :1: unexpected EOF")]
    [InlineData("{{$x}}", "template: :1: undefined variable \"$x\"")]
    [InlineData("{{}}", "template: :1: missing value for command")]
    [InlineData("{{.X | \"y\"}}", "template: :1: non executable command in pipeline stage 2")]
    [InlineData("{{range .X}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}")]
    [InlineData("{{break}}", "template: :1: {{break}} outside {{range}}")]
    [InlineData("{{\"abc}}", "template: :1: unterminated quoted string")]
    [InlineData("{{3x}}", "template: :1: bad number syntax: \"3x\"")]
    [InlineData("{{.X}}\n{{.Y!}}", "template: :2: bad character U+0021 '!'")]
    [InlineData("{{(.X}}", "template: :1: unclosed left paren")]
    [InlineData("{{.X)}}", "template: :1: unexpected \")\" in command")]
    [InlineData("{{\"a\".B}}", "template: :1: unexpected . after term \"\\\"a\\\"\"")]
    [InlineData("{{range $a, $b, $c := .}}{{end}}", "template: :1: too many declarations in range")]
    public void Parse_Invalid_GoMessage(string template, string expected)
    {
        GoTemplateException e = Assert.Throws<GoTemplateException>(() => GoTemplate.Parse(template));
        Assert.Equal(expected, e.Message);
        Assert.True(e.IsParseError);
        Assert.Equal(64, e.InspectExitCode);
        Assert.Equal("template parsing error: " + expected, e.DockerMessage);
    }

    private static GoTemplateException ExecFails(string template, JsonNode? data, GoTemplateOptions? options = null)
    {
        GoTemplate parsed = GoTemplate.Parse(template);
        GoTemplateException e = Assert.Throws<GoTemplateException>(() => parsed.Execute(data, options));
        Assert.False(e.IsParseError);
        return e;
    }

    [Fact]
    public void Exec_MissingKeyError_AsDockerInspectRawFallback()
    {
        var options = new GoTemplateOptions { MissingKeyError = true };
        var container = new JsonObject { ["State"] = new JsonObject { ["Status"] = "running" }, ["NetworkSettings"] = new JsonObject() };
        // Both messages as real docker prints them (found in public transcripts).
        Assert.Equal("template: :1:8: executing \"\" at <.State.Health.Status>: map has no entry for key \"Health\"",
            ExecFails("{{.State.Health.Status}}", container, options).Message);
        Assert.Equal("template: :1:18: executing \"\" at <.NetworkSettings.IPAddress>: map has no entry for key \"IPAddress\"",
            ExecFails("{{.NetworkSettings.IPAddress}}", container, options).Message);
    }

    [Fact]
    public void Exec_MissingKeyOfGoMap_NoValueEvenWithMissingKeyError()
    {
        var data = new JsonObject { ["Networks"] = GoJson.Map() };
        Assert.Equal("<no value>", GoTemplate.Parse("{{.Networks.app}}").Execute(data, new GoTemplateOptions { MissingKeyError = true }));
    }

    [Theory]
    [InlineData("{{.A.B}}", "template: :1:4: executing \"\" at <.A.B>: can't evaluate field B in type interface {}")]
    [InlineData("{{.N.B}}", "template: :1:4: executing \"\" at <.N.B>: nil pointer evaluating interface {}.B")]
    [InlineData("{{index .L 5}}", "template: :1:2: executing \"\" at <index .L 5>: error calling index: index out of range: 5")]
    [InlineData("{{len 3}}", "template: :1:2: executing \"\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{.A 1}}", "template: :1:2: executing \"\" at <.A>: A has arguments but cannot be invoked as function")]
    [InlineData("x\n  {{upper .L}}", "template: :2:10: executing \"\" at <.L>: wrong type for value; expected string; got []interface {}")]
    [InlineData("{{lt .A 1}}", "template: :1:2: executing \"\" at <lt .A 1>: error calling lt: incompatible types for comparison")]
    [InlineData("{{truncate .A \"x\"}}", "template: :1:14: executing \"\" at <\"x\">: expected integer; found \"x\"")]
    [InlineData("{{printf}}", "template: :1:2: executing \"\" at <printf>: wrong number of args for printf: want at least 1 got 0")]
    [InlineData("{{.A.B.C.D.E.F.G.H.I}}", "template: :1:4: executing \"\" at <.A.B.C.D.E.F.G.H.I>: can't evaluate field B in type interface {}")]
    [InlineData("{{.Averyveryverylongname.X}}", "template: :1:24: executing \"\" at <.Averyveryverylongname.X>: can't evaluate field X in type interface {}")]
    [InlineData("{{template \"nope\"}}", "template: :1:11: executing \"\" at <{{template \"nope\"}}>: template \"nope\" not defined")]
    public void Exec_Error_GoMessage(string template, string expected)
    {
        var data = new JsonObject { ["A"] = "a", ["N"] = null, ["L"] = new JsonArray(1, 2), ["Averyveryverylongname"] = 1 };
        Assert.Equal(expected, ExecFails(template, data).Message);
    }

    [Fact]
    public void Exec_RootTypeName_AsDockerFormatterContext()
    {
        var row = new JsonObject { ["Name"] = "bridge" };
        Assert.Equal("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.networkContext",
            ExecFails("{{.Foo}}", row, new GoTemplateOptions { RootTypeName = "*formatter.networkContext" }).Message);
    }

    [Fact]
    public void Parse_RandomInput_ThrowsOnlyGoTemplateException()
    {
        Gen<string> pieces = Gen.OneOfConst("{{", "}}", "{{-", "-}}", " ", ".", ".A", "$", "$x", ":=", "=", "|", "(", ")",
            "\"", "`", "'", "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
            "json", "printf", "\"s\"", "1", "-1", "0x", "1e", "/*", "*/", "\n", "nil", "true", ",", "\\", "é", "\t", "x");
        Gen.Select(pieces.Array[0, 24], p => string.Concat(p)).Sample(text =>
        {
            try
            {
                GoTemplate template = GoTemplate.Parse(text);
                try
                {
                    template.Execute(new JsonObject { ["A"] = "a" });
                }
                catch (GoTemplateException)
                {
                }
            }
            catch (GoTemplateException e)
            {
                Assert.StartsWith("template: ", e.Message);
            }
        }, iter: 20000);
    }
}
