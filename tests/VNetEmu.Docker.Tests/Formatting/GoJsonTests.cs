using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Tests.Formatting;

public class GoJsonTests
{
    private static string GoldenBlock(string folder, string command)
    {
        string[] lines = File.ReadAllLines(Path.Combine(FindGoldens(), folder, "golden.txt"));
        int start = Array.IndexOf(lines, "$ " + command) + 1;
        Assert.True(start > 0, command);
        int end = Array.FindIndex(lines, start, l => l.StartsWith("[exit ", StringComparison.Ordinal));
        return string.Join("\n", lines[start..end]);
    }

    internal static string FindGoldens()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "shared", "reference", "docker-goldens")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir is null ? "/work/shared/reference/docker-goldens" : Path.Combine(dir, "shared", "reference", "docker-goldens");
    }

    [Fact]
    public void Indent_NetworkInspectApp_MatchesGolden()
    {
        // The golden's <IDn>/<TIME> placeholders come from normalization; the daemon printed hex ids and
        // timestamps, which HTML escaping leaves alone, so compare without escaping the placeholders.
        string actual = GoJson.Indent(new JsonArray(DockerShapes.AppNetwork()), escapeHtml: false);
        Assert.Equal(GoldenBlock("c-user-bridge-dns", "docker network inspect app"), actual);
    }

    [Fact]
    public void Indent_EmptyContainers_StayOnOneLine()
    {
        var o = new JsonObject { ["A"] = new JsonObject(), ["B"] = new JsonArray(), ["C"] = null };
        Assert.Equal("{\n    \"A\": {},\n    \"B\": [],\n    \"C\": null\n}", GoJson.Indent(o));
    }

    [Fact]
    public void Compact_EscapesLikeEncodingJson()
    {
        Assert.Equal("\"\\u003ca\\u003e\\u0026\\n\\t\\u0001\\u2028é\\\"\"", GoJson.Compact(JsonValue.Create("<a>&\n\t\u0001\u2028é\"")));
        Assert.Equal("\"<a>&\"", GoJson.Compact(JsonValue.Create("<a>&"), escapeHtml: false));
    }

    [Theory]
    [InlineData(1e6, "1000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.5, "1.5")]
    [InlineData(100.0, "100")]
    public void Compact_Float64_AsEncodingJson(double value, string expected) =>
        Assert.Equal(expected, GoJson.Compact(JsonValue.Create(value)));

    [Fact]
    public void Map_SortsKeysByByteOrder_StructKeepsInsertionOrder()
    {
        JsonObject map = GoJson.Map(new Dictionary<string, JsonNode?> { ["b"] = 1, ["B"] = 2, ["a"] = 3 });
        Assert.Equal("{\"B\":2,\"a\":3,\"b\":1}", GoJson.Compact(map));
        var strukt = new JsonObject { ["b"] = 1, ["a"] = 2 };
        Assert.Equal("{\"b\":1,\"a\":2}", GoJson.Compact(strukt));
        Assert.True(GoJson.IsMap(map));
        Assert.False(GoJson.IsMap(strukt));
    }
}
