using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>Properties of the text tools on generated input, through the shell: json.tool's output parses back to
/// the document it was given and is a fixed point; awk and sed pass text through unchanged; awk, sed and tr agree
/// on the same substitution.</summary>
public class TextPropertyTests
{
    private static string Run(string line)
    {
        RunResult r = ShellHarness.Run(line + "\n");
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        string transcript = r.Transcript;
        return transcript[(transcript.IndexOf('\n') + 1)..];
    }

    /// <summary>A printf command line that writes <paramref name="text"/> (a scenario line cannot hold a newline).</summary>
    private static string Printf(string text) =>
        "printf '%b' " + ShellWords.Quote(text.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t"));

    /// <summary>A JSON document as text: objects with distinct keys, arrays, strings with escapes and non-ASCII,
    /// ints and floats (floats always written with a point or an exponent, as Python keeps the two apart).</summary>
    private static readonly Gen<string> s_json = Document(3);

    private static Gen<string> Document(int depth)
    {
        Gen<string> str = Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c) && c != '\0'), 0, 8].Select(Quote);
        Gen<string> integer = Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture));
        Gen<string> real = Gen.Double.Where(double.IsFinite).Select(d =>
        {
            string r = d.ToString("R", CultureInfo.InvariantCulture);
            return r.Contains('.') || r.Contains('E') ? r : r + ".0";
        });
        Gen<string> scalar = Gen.OneOf(str, integer, real, Gen.Const("true"), Gen.Const("false"), Gen.Const("null"));
        if (depth == 0)
        {
            return scalar;
        }
        Gen<string> inner = Document(depth - 1);
        Gen<string> array = inner.Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]");
        Gen<string> obj = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 5].Array[0, 4], inner.Array[4], (keys, values) =>
        {
            var distinct = keys.Distinct().ToArray();
            return "{" + string.Join(",", distinct.Select((k, i) => Quote(k) + ":" + values[i])) + "}";
        });
        return Gen.OneOf(scalar, array, obj);
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A canonical text of a parsed document: key order kept, numbers by value and kind.</summary>
    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(e.GetString()),
        JsonValueKind.Number => e.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0
            ? "f" + e.GetDouble().ToString("R", CultureInfo.InvariantCulture)
            : "i" + long.Parse(e.GetRawText(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => e.GetRawText(),
    };

    [Fact]
    public void JsonTool_Output_ParsesBackToTheSameDocument_AndIsAFixedPoint() =>
        s_json.Sample(doc =>
        {
            string formatted = Run(Printf(doc) + " | python3 -m json.tool");
            using JsonDocument before = JsonDocument.Parse(doc);
            using JsonDocument after = JsonDocument.Parse(formatted);
            Assert.Equal(Canonical(before.RootElement), Canonical(after.RootElement));
            Assert.DoesNotContain(formatted, c => c > 0x7e);
            string again = Run(Printf(formatted) + " | python3 -m json.tool");
            Assert.Equal(formatted, again);
        }, iter: 150);

    private static readonly Gen<string> s_text = Gen.String[Gen.Char[" !#%+,-./0123456789:=@ABCXYZ_abcxyz~\t"], 0, 20].Array[0, 5]
        .Select(lines => string.Concat(lines.Select(l => l + "\n")));

    [Fact]
    public void AwkPrint_AndSed_AreTheIdentity() =>
        s_text.Sample(text =>
        {
            string input = Printf(text);
            Assert.Equal(text, Run(input + " | awk '{print}'"));
            Assert.Equal(text, Run(input + " | awk 1"));
            Assert.Equal(text, Run(input + " | sed -n p"));
            Assert.Equal(text, Run(input + " | sed -e 's/q\\{2\\}//g'"));
        }, iter: 100);

    [Fact]
    public void Awk_Sed_And_Tr_AgreeOnASubstitution() =>
        Gen.String[Gen.Char["abx "], 0, 16].Array[1, 4].Select(lines => string.Concat(lines.Select(l => l + "\n"))).Sample(text =>
        {
            string input = Printf(text);
            string byTr = Run(input + " | tr x Y");
            Assert.Equal(byTr, Run(input + " | sed 's/x/Y/g'"));
            Assert.Equal(byTr, Run(input + " | awk '{gsub(/x/, \"Y\")} 1'"));
            Assert.Equal(text.Split('\n').Length - 1 + "\n", Run(input + " | awk 'END {print NR}'"));
        }, iter: 100);

    private static readonly Gen<string> s_awkish = Gen.OneOf(
        Gen.String[Gen.Char["{}()[];,$+-*/%^!<>=~?:|&\"/ \\abxNFR01\n"], 0, 24],
        Gen.Const("BEGIN").SelectMany(b => Gen.String[Gen.Char["{}()$ +=-xyz01\"/;[]"], 0, 16].Select(t => b + "{" + t + "}")));

    private static readonly Gen<string> s_sedish = Gen.String[Gen.Char["spdyqaic!,$/\\{};:0123456789gIE^*.[]()+?|& \nNDbt=xhHG"], 0, 16];

    /// <summary>Any program text ends in output or a one-line error with exit 2 (awk) or 1/4 (sed), never in an
    /// internal error of the emulator.</summary>
    [Fact]
    public void AnyProgram_RunsOrIsRejected_NeverCrashes() =>
        Gen.Select(s_awkish, s_sedish).Sample((awk, sed) =>
        {
            foreach (string line in new[] { "echo 'a b' | awk " + ShellWords.Quote(awk), "echo 'a b' | sed " + ShellWords.Quote(sed) })
            {
                RunResult r = ShellHarness.Run(line.Replace("\n", " ") + " || true\n");
                Assert.DoesNotContain("internal error", r.Transcript + r.Error);
            }
        }, iter: 400);
}
