using VNetEmu.Host.Apps.Dns;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>curl and busybox wget by name against the HTTP presets and the proxy, through the emulated network.</summary>
public class HttpEndToEndTests
{
    private static AppsTestbed Bed(ToolFamily tools, params HttpServerApp[] apps)
    {
        var bed = new AppsTestbed(tools);
        var zone = new ZoneResolverApp(AppsTestbed.ServerIp);
        zone.Add("web", AppsTestbed.ServerIp);
        zone.Add("backend", AppsTestbed.ServerIp);
        zone.Start(bed.Emulator, bed.Server, bed.ServerUser);
        foreach (HttpServerApp app in apps)
        {
            app.Start(bed.Emulator, bed.Server, bed.ServerUser);
        }
        return bed;
    }

    [Fact]
    public void Curl_Nginx_ByName_ServesTheWelcomePage_AndLogsCombined()
    {
        HttpServerApp nginx = HttpServerApp.Nginx();
        using AppsTestbed bed = Bed(ToolFamily.Gnu, nginx);
        var r = bed.Run("curl -s http://web/");
        Assert.Equal((HttpPages.NginxIndex, 0), (r.Stdout, r.Exit));
        Assert.Equal(615, HttpPages.NginxIndex.Length);
        Assert.Equal("10.9.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\"", Assert.Single(nginx.Logs));
        var head = bed.Run("curl -sI http://web/");
        Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nDate: Thu, 01 Jan 2026 00:00:", head.Stdout);
        Assert.Contains("Content-Length: 615\r\n", head.Stdout);
        var code = bed.Run("curl -s -o /dev/null -w %{http_code} http://web/nope");
        Assert.Equal("404", code.Stdout);
    }

    [Fact]
    public void Curl_Verbose_PrintsTryingAndHeaders()
    {
        using AppsTestbed bed = Bed(ToolFamily.Gnu, HttpServerApp.Httpd());
        var r = bed.Run("curl -v http://web/");
        Assert.Equal(HttpPages.HttpdIndex, r.Stdout);
        Assert.StartsWith("*   Trying 10.9.0.2:80...\n* Connected to web (10.9.0.2) port 80\n> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.5.0\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n", r.Stderr);
        Assert.Contains("< Server: Apache/2.4.62 (Unix)\n", r.Stderr);
    }

    [Fact]
    public void Curl_Errors_HaveCurlsCodesAndTexts()
    {
        using AppsTestbed bed = Bed(ToolFamily.Gnu);
        Assert.Equal(("curl: (6) Could not resolve host: nosuch\n", 6), Pick(bed.Run("curl -sS http://nosuch/")));
        Assert.Equal(("curl: (7) Failed to connect to web port 80 after 0 ms: Couldn't connect to server\n", 7), Pick(bed.Run("curl -sS http://web/")));
        Assert.Equal(("", 7), Pick(bed.Run("curl -s http://web/")));
        var t = bed.Run("curl -sS -m 2 http://10.9.0.77/");
        Assert.Equal(("curl: (28) Connection timed out after 2000 milliseconds\n", 28), Pick(t));
    }

    private static (string, int) Pick((string Stdout, string Stderr, int Exit, long) r) => (r.Stderr, r.Exit);

    [Fact]
    public void Proxy_ResolvesTheBackend_RelaysTheAnswer_And502WhenItFails()
    {
        HttpServerApp flask = HttpServerApp.Flask(8080);
        HttpServerApp proxy = HttpServerApp.Proxy("http://backend:8080");
        using AppsTestbed bed = Bed(ToolFamily.Gnu, flask, proxy);
        var r = bed.Run("curl -s -i http://web/");
        Assert.StartsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n", r.Stdout);
        Assert.EndsWith("\r\n\r\nHello, World!", r.Stdout);
        Assert.Equal("10.9.0.2 - - [01/Jan/2026 00:00:00] \"GET / HTTP/1.1\" 200 -", Assert.Single(flask.Logs));
        flask.Stop();
        var bad = bed.Run("curl -s -w %{http_code} -o /tmp/x http://web/");
        Assert.Equal(("502", 0), (bad.Stdout, bad.Exit));
        Assert.Contains("502 Bad Gateway", bed.ClientUser.Read("/tmp/x"));
    }

    [Fact]
    public void BusyboxWget_Quiet_ToStdout_AndItsErrors()
    {
        HttpServerApp httpd = HttpServerApp.BusyboxHttpd(path => path == "/index.html" ? "hello from bb\n" : null);
        using AppsTestbed bed = Bed(ToolFamily.Busybox, httpd);
        var r = bed.Run("wget -qO- http://web/");
        Assert.Equal(("hello from bb\n", "", 0), (r.Stdout, r.Stderr, r.Exit));
        Assert.Matches(@"^\[::ffff:10\.9\.0\.1\]:\d+: response:200$", Assert.Single(httpd.Logs));
        Assert.Equal(("wget: can't connect to remote host (10.9.0.2): Connection refused\n", 1), Pick(bed.Run("wget -qO- http://10.9.0.2:8080/")));
        Assert.Equal(("wget: bad address 'nosuch'\n", 1), Pick(bed.Run("wget -qO- http://nosuch/")));
        Assert.Equal(("wget: download timed out\n", 1), Pick(bed.Run("wget -q -T 2 -O- http://10.9.0.77/")));
        var loud = bed.Run("wget -O /tmp/page http://web/");
        Assert.StartsWith("Connecting to web (10.9.0.2:80)\nsaving to '/tmp/page'\n", loud.Stderr);
        Assert.Equal("hello from bb\n", bed.ClientUser.Read("/tmp/page"));
    }
}
