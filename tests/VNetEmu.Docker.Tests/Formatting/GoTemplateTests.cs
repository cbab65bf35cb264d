using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Tests.Formatting;

public class GoTemplateTests
{
    private static string Run(string template, JsonNode? data, GoTemplateOptions? options = null) =>
        GoTemplate.Parse(template).Execute(data, options);

    [Fact]
    public void Golden_NetworkInspectRangeContainers_SortedByMapKey()
    {
        // c-user-bridge-dns: docker network inspect -f "{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}" app
        Assert.Equal("a1=10.10.0.2/24 a2=10.10.0.3/24 a3=10.10.0.4/24 ",
            Run("{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}", DockerShapes.AppNetwork()));
    }

    [Fact]
    public void Golden_JsonOfPorts_CompactWithMapKeysSorted()
    {
        // d-ports: docker inspect -f "{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}" web
        Assert.Equal("{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]} {\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"::\",\"HostPort\":\"8080\"}]}",
            Run("{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}", DockerShapes.WebContainer()));
    }

    [Fact]
    public void Golden_FieldsSeparatedBySpaces()
    {
        Assert.Equal("default <ID4:12> /var/lib/docker/containers/<ID4>/hostname",
            Run("{{.HostConfig.NetworkMode}} {{.Config.Hostname}} {{.HostnamePath}}", DockerShapes.WebContainer()));
        Assert.Equal("172.17.0.2 02:42:ac:11:00:02",
            Run("{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}}", DockerShapes.WebContainer()));
        Assert.Equal(" | exit=0", Run("{{.State.Error}} | exit={{.State.ExitCode}}", DockerShapes.WebContainer()));
    }

    [Fact]
    public void Golden_RangeOverNetworksMap()
    {
        Assert.Equal("172.17.0.2", Run("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", DockerShapes.WebContainer()));
        Assert.Equal("bridge=172.17.0.2/16;",
            Run("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}}/{{$v.IPPrefixLen}};{{end}}", DockerShapes.WebContainer()));
    }

    [Theory]
    [InlineData("{{.I}}", "16")]
    [InlineData("{{.Mtu}}", "1500")]
    [InlineData("{{.Big}}", "1e+06")]
    [InlineData("{{.Half}}", "1.5")]
    [InlineData("{{.Small}}", "1e-05")]
    [InlineData("{{.Six}}", "123456")]
    [InlineData("{{.T}} {{.F}}", "true false")]
    [InlineData("{{.Missing}}", "<no value>")]
    [InlineData("{{.Missing.Deeper}}", "<no value>")]
    [InlineData("{{.Null}}", "<nil>")]
    [InlineData("{{.List}}", "[a b]")]
    [InlineData("{{.Map}}", "map[a:1 b:[x <nil>]]")]
    [InlineData("{{.Struct}}", "{0.0.0.0 8080}")]
    [InlineData("{{.}}", "map[Big:1e+06 F:false Half:1.5 I:16 List:[a b] Map:map[a:1 b:[x <nil>]] Mtu:1500 Null:<nil> Six:123456 Small:1e-05 Struct:{0.0.0.0 8080} T:true]")]
    public void Print_FollowsGoFmtV(string template, string expected)
    {
        JsonObject data = GoJson.Map(new Dictionary<string, JsonNode?>
        {
            ["I"] = 16,
            ["Mtu"] = JsonNode.Parse("1500"),
            ["Big"] = 1e6,
            ["Half"] = 1.5,
            ["Small"] = 0.00001,
            ["Six"] = 123456.0,
            ["T"] = true,
            ["F"] = false,
            ["Null"] = null,
            ["List"] = new JsonArray("a", "b"),
            ["Map"] = GoJson.Map(new Dictionary<string, JsonNode?> { ["b"] = new JsonArray("x", null), ["a"] = 1 }),
            ["Struct"] = new JsonObject { ["HostIp"] = "0.0.0.0", ["HostPort"] = "8080" },
        });
        Assert.Equal(expected, Run(template, data));
    }

    [Theory]
    [InlineData("{{if .A}}yes{{else}}no{{end}}", "yes")]
    [InlineData("{{if .Zero}}yes{{else if .Empty}}e{{else}}no{{end}}", "no")]
    [InlineData("{{with .Nested}}{{.X}}{{end}}", "inner")]
    [InlineData("{{with .Missing}}x{{else}}none{{end}}", "none")]
    [InlineData("{{$x := .A}}{{$x}}-{{$x = \"b\"}}{{$x}}", "a-b")]
    [InlineData("{{.Nested | json}}", "{\"X\":\"inner\"}")]
    [InlineData("{{printf \"%s:%d %v %q\" .A .N .Nested \"q\"}}", "a:3 {inner} \"q\"")]
    [InlineData("{{printf \"%5d|%-4s|%05d\" .N .A .N}}", "    3|a   |00003")]
    [InlineData("{{printf \"%d\" .A}}", "%!d(string=a)")]
    [InlineData("{{printf \"%s %s\" .A}}", "a %!s(MISSING)")]
    [InlineData("{{print .A .N .N \"z\"}}", "a3 3z")]
    [InlineData("{{println .A .N}}", "a 3\n")]
    [InlineData("{{len .List}} {{len .A}} {{index .List 1}}", "3 1 y")]
    [InlineData("{{slice .List 1 2}} {{slice \"hello\" 1 3}}", "[y] el")]
    [InlineData("{{eq .A \"a\"}} {{eq .N 1 2 3}} {{ne .N 3}} {{lt .N 4}} {{ge .A \"b\"}}", "true true false true false")]
    [InlineData("{{and .A .Zero}} {{or .Zero .A}} {{not .Zero}} {{and 1 0 .Undefined.X}}", "0 a true 0")]
    [InlineData("{{join (split \"a,b,c\" \",\") \"-\"}}", "a-b-c")]
    [InlineData("{{join .List \"+\"}}", "x+y+z")]
    [InlineData("{{title \"hello big-world\"}} {{upper .A}} {{lower \"ABC\"}}", "Hello Big-World A abc")]
    [InlineData("[{{pad .A 1 2}}][{{pad \"\" 1 2}}]{{truncate \"abcdef\" 3}}", "[ a  ][]abc")]
    [InlineData("  {{- .A -}}  \n {{.A}}", "aa")]
    [InlineData("{{/* comment */}}x{{- /* trimmed */ -}} y", "xy")]
    [InlineData("{{range $i, $e := .List}}{{if eq $i 1}}{{continue}}{{end}}{{$e}}{{end}}", "xz")]
    [InlineData("{{range .List}}{{.}}{{break}}{{end}}", "x")]
    [InlineData("{{range .Missing}}x{{else}}empty{{end}}", "empty")]
    [InlineData("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .A}}", "<a>")]
    [InlineData("{{(index .List 0) | printf \"%s!\"}}", "x!")]
    [InlineData("{{0x10}} {{'a'}} {{1e3}} {{-2}}", "16 97 1000 -2")]
    [InlineData("{{html \"<a&b>\"}} {{urlquery \"a b&c\"}} {{js \"it's\"}}", "&lt;a&amp;b&gt; a+b%26c it\\'s")]
    public void Execute_GoSemantics(string template, string expected)
    {
        var data = new JsonObject
        {
            ["A"] = "a",
            ["N"] = 3,
            ["Zero"] = 0,
            ["Empty"] = "",
            ["Nested"] = new JsonObject { ["X"] = "inner" },
            ["List"] = new JsonArray("x", "y", "z"),
        };
        Assert.Equal(expected, Run(template, data));
    }

    [Fact]
    public void Json_DoesNotEscapeHtml_AsDockerCliSetsEscapeHTMLFalse()
    {
        Assert.Equal("\"<a&b>\"", Run("{{json .}}", JsonValue.Create("<a&b>")));
    }
}
