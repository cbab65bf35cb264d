using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>`vnet image`: user-defined images that serve a body or proxy to a backend through the container's own
/// resolver, and the one-line errors of the command.</summary>
public class VnetImageTests
{
    private static RunResult Run(string script) => ScenarioHarness.Run(script, Path.GetTempPath());

    [Fact]
    public void HttpImage_ServesItsBody_AndExposesItsPorts()
    {
        RunResult r = Run("""
            vnet image hello --http 8080 --body 'hello from backend' --expose 9000/udp --expose 53
            docker run -d --name h hello
            docker exec h wget -qO- http://127.0.0.1:8080/
            docker inspect -f '{{.Config.Cmd}} {{json .Config.ExposedPorts}}' h
            vnet image plain --http 80
            docker run -d --name p --hostname box plain
            docker exec h wget -qO- http://172.17.0.3/
            vnet image shell --expose 7000
            docker run --rm shell echo from a shell image
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("wget -qO- http://127.0.0.1:8080/\nhello from backend\n", r.Transcript);
        Assert.Contains("[vnet-app] {\"53/tcp\":{},\"8080/tcp\":{},\"9000/udp\":{}}\n", r.Transcript);
        Assert.Contains("wget -qO- http://172.17.0.3/\nhello from box\n", r.Transcript);
        Assert.Contains("echo from a shell image\nfrom a shell image\n", r.Transcript);
    }

    [Fact]
    public void ProxyImage_ResolvesThroughEmbeddedDns_502OnTheDefaultBridge_UntilConnected()
    {
        RunResult r = Run("""
            vnet image backend --http 8080 --body 'hello from backend'
            vnet image frontend --http 80 --proxy http://backend:8080
            docker network create app
            docker run -d --name backend --network app backend
            docker run -d --name web --network app -p 8080:80 frontend
            docker run -d --name edge -p 8081:80 frontend
            curl -s http://localhost:8080/
            curl -s -o /dev/null -w '%{http_code}\n' http://localhost:8081/
            docker logs edge
            docker network connect app edge
            curl -s http://localhost:8081/
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("curl -s http://localhost:8080/\nhello from backend\n", r.Transcript);
        Assert.Contains("http://localhost:8081/\n502\n", r.Transcript);
        Assert.Contains("connect() failed (host not found) while connecting to upstream", r.Transcript);
        Assert.Contains("docker network connect app edge\n$ curl -s http://localhost:8081/\nhello from backend\n", r.Transcript);
    }

    [Theory]
    [InlineData("", "vnet image: expected NAME [--http PORT] [--body TEXT] [--proxy URL] [--expose PORT[/udp]]…")]
    [InlineData("Web", "vnet image: invalid image name 'Web': expected lowercase letters, digits and separators (. _ - /), no tag")]
    [InlineData("web:1.0", "vnet image: invalid image name 'web:1.0': expected lowercase letters, digits and separators (. _ - /), no tag")]
    [InlineData("a b", "vnet image: expected one NAME, got 'a' and 'b'")]
    [InlineData("web --http", "vnet image: --http expects a PORT")]
    [InlineData("web --http 70000", "vnet image: --http expects a port 1-65535, got '70000'")]
    [InlineData("web --body hi", "vnet image: --body needs --http PORT")]
    [InlineData("web --http 80 --proxy ftp://x/", "vnet image: --proxy expects an http://HOST[:PORT][/PATH] URL, got 'ftp://x/'")]
    [InlineData("web --http 80 --body a --proxy http://b/", "vnet image: expected --body or --proxy, not both")]
    [InlineData("web --expose 80/sctp", "vnet image: --expose expects PORT[/tcp|/udp], got '80/sctp'")]
    [InlineData("web --port 80", "vnet image: unknown option '--port', expected --http, --body, --proxy or --expose")]
    public void Errors_AreOneLine_NamingWhatWasExpected(string args, string message)
    {
        RunResult r = Run($"! vnet image {args}\n");
        Assert.True(r.Success, r.Error);
        Assert.Contains("\n" + message + "\n[exit 2]\n", r.Transcript);
        Assert.False(VnetImageCommand.TryParse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), out _, out _, out string error));
        Assert.DoesNotContain('\n', error);
    }
}
