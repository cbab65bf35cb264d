using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Tests.Formatting;

public class DockerTableTests
{
    private static JsonObject Net(string id, string name, string driver) => new()
    {
        ["ID"] = id,
        ["Name"] = name,
        ["Driver"] = driver,
        ["Scope"] = "local",
        ["IPv6"] = "false",
        ["Internal"] = "false",
    };

    private static readonly JsonObject[] s_fresh =
    [
        Net("3f0c8f1e2a4b", "bridge", "bridge"),
        Net("9a8b7c6d5e4f", "host", "host"),
        Net("0123456789ab", "none", "null"),
    ];

    [Fact]
    public void Default_NetworkLs_AlignsAsGolden()
    {
        // a-fresh-daemon: real widths (the golden shows <IDn:12> for the 12-hex ids).
        string expected =
            "NETWORK ID     NAME      DRIVER    SCOPE\n" +
            "3f0c8f1e2a4b   bridge    bridge    local\n" +
            "9a8b7c6d5e4f   host      host      local\n" +
            "0123456789ab   none      null      local\n";
        Assert.Equal(expected, DockerTable.Render(null, DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh));
        Assert.Equal(expected, DockerTable.Render("table", DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh));
    }

    [Fact]
    public void Golden_NetworkLsGoldenShape_SameAfterNormalizingIds()
    {
        string golden = File.ReadAllText(Path.Combine(GoJsonTests.FindGoldens(), "a-fresh-daemon", "golden.txt"));
        string rendered = DockerTable.Render(null, DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh)
            .Replace("3f0c8f1e2a4b", "<ID1:12>", StringComparison.Ordinal)
            .Replace("9a8b7c6d5e4f", "<ID2:12>", StringComparison.Ordinal)
            .Replace("0123456789ab", "<ID3:12>", StringComparison.Ordinal);
        Assert.Contains("$ docker network ls\n" + rendered + "[exit 0]", golden, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomFormat_OneLinePerRow()
    {
        Assert.Equal("bridge bridge local ipv6=false internal=false\nhost host local ipv6=false internal=false\nnone null local ipv6=false internal=false\n",
            DockerTable.Render("{{.Name}} {{.Driver}} {{.Scope}} ipv6={{.IPv6}} internal={{.Internal}}", DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh));
    }

    [Fact]
    public void TableFormat_HeaderKeepsLiteralText_AndFunctionsLeaveHeaderIntact()
    {
        Assert.Equal("NAME:     DRIVER\nbridge:   BRIDGE\nhost:     HOST\nnone:     NULL\n",
            DockerTable.Render("table {{.Name}}:\\t{{upper .Driver}}", DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh));
    }

    [Fact]
    public void Table_NoRows_HeaderOnly()
    {
        Assert.Equal("NETWORK ID   NAME      DRIVER    SCOPE\n",
            DockerTable.Render(null, DockerTable.NetworkFormat, DockerTable.NetworkHeaders, []));
    }

    [Fact]
    public void Json_FormatIsJsonOfEachRow()
    {
        Assert.Equal("{\"ID\":\"0123456789ab\",\"Name\":\"none\",\"Driver\":\"null\",\"Scope\":\"local\",\"IPv6\":\"false\",\"Internal\":\"false\"}\n",
            DockerTable.Render("json", DockerTable.NetworkFormat, DockerTable.NetworkHeaders, s_fresh[2..]));
    }

    [Fact]
    public void Ps_GoldenFormat()
    {
        var row = new JsonObject { ["Names"] = "web", ["Ports"] = "0.0.0.0:8080->80/tcp, :::8080->80/tcp" };
        Assert.Equal("web 0.0.0.0:8080->80/tcp, :::8080->80/tcp\n",
            DockerTable.Render("{{.Names}} {{.Ports}}", DockerTable.ContainerFormat, DockerTable.ContainerHeaders, [row]));
    }

    [Fact]
    public void TabWriter_PortOfGo_ColumnBlocksAndTrailingCell()
    {
        var w = new TabWriter(0, 8, 1, '.');
        w.Write("a\tb\tc\naa\tbbb\n\nx\ty\n");
        // Column 0 spans lines 0-1 (width max(1, 2) + 1); column 1 exists on line 0 only ("bbb" ends its line).
        Assert.Equal("a..b.c\naa.bbb\n\nx.y\n", w.Flush());
    }
}
