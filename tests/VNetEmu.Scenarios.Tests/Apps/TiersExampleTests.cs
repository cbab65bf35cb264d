using VNetEmu.Cli;
using VNetEmu.Scenarios.Tests.Conformance;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>examples/docker-tiers.vnet runs through `vnetemu run` and writes, byte for byte, the capture committed
/// beside it (captures/docker-tiers.pcapng).</summary>
public class TiersExampleTests
{
    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "examples", "docker-tiers.vnet")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    [Fact]
    public void Example_Runs_AndReproducesItsCapture()
    {
        string root = RepositoryRoot() ?? throw new InvalidOperationException("examples/docker-tiers.vnet not found above " + AppContext.BaseDirectory);
        using var dir = new TempDirectory();
        string capture = Path.Combine(dir.Path, "tiers.pcapng");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliMain.Run(["run", Path.Combine(root, "examples", "docker-tiers.vnet"), "-w", capture], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("$ curl -s http://localhost:8080/\nhello from backend\n", stdout.ToString());
        Assert.Contains("nc: connect to 172.19.0.2 port 6379 (tcp) timed out: Operation now in progress\n", stdout.ToString() + stderr.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "captures", "docker-tiers.pcapng")), File.ReadAllBytes(capture));
    }
}
