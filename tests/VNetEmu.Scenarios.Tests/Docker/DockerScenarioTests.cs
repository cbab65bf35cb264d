using VNetEmu.Docker;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Docker;

/// <summary>Docker commands end to end through the scenario runner: outputs, errors, the rules dockerd leaves,
/// and frames that cross (or do not cross) the emulated bridges.</summary>
public class DockerScenarioTests
{
    private static RunResult Run(string script, DockerVersion version = DockerVersion.V27, bool proxy = true) =>
        ScenarioHarness.Run(script, Path.GetTempPath(), before: e => e.Service(_ => new DockerOptions(version, proxy)));

    [Fact]
    public void WithoutTheProxy_DockerdHoldsThePort_AndTheHostReachesItOnLoopback()
    {
        // route_localnet=1 on docker0 lets the reply to 127.0.0.1 in (per device, as IN_DEV_ORCONF reads it)
        RunResult r = Run("""
            docker run -d --name web -p 8080:80 -p 5353:53/udp bbx httpd -f -p 80 -h /var/www
            timeout 5 busybox wget -qO- http://127.0.0.1:8080/
            ss -lntup
            ps -eo args
            """, DockerVersion.V20_10, proxy: false);
        Assert.Null(r.Error);
        Assert.Contains("$ timeout 5 busybox wget -qO- http://127.0.0.1:8080/\nhello from bb\n", r.Transcript);
        Assert.Matches(@"tcp +LISTEN +0 +4096 +0\.0\.0\.0:8080 +0\.0\.0\.0:\* +users:\(\(""dockerd"",pid=\d+,fd=\d+\)\)", r.Transcript);
        Assert.Matches(@"udp +UNCONN +0 +0 +0\.0\.0\.0:5353 +0\.0\.0\.0:\* +users:\(\(""dockerd"",pid=\d+,fd=\d+\)\)", r.Transcript);
        Assert.DoesNotContain("docker-proxy", r.Transcript);
    }

    [Fact]
    public void DefaultBridge_AddressesFromIpam_PingByIpWorks_ByNameFails()
    {
        RunResult r = Run("""
            docker run -d --name c1 busybox sleep 3600
            docker run -d --name c2 busybox sleep 3600
            docker inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}}' c2
            docker exec c1 ping -c 1 172.17.0.3
            ! docker exec c1 ping -c 1 -W 1 c2
            """);
        Assert.Null(r.Error);
        Assert.Contains("172.17.0.3 02:42:ac:11:00:03\n", r.Transcript);
        Assert.Contains("1 packets transmitted, 1 packets received, 0% packet loss", r.Transcript);
        Assert.Contains("ping: bad address 'c2'", r.Transcript);
    }

    [Fact]
    public void UserNetwork_ClassicRules_MatchDockerdLayout()
    {
        RunResult r = Run("""
            docker network create --subnet 10.10.0.0/24 app
            iptables-save -t filter
            """, DockerVersion.V20_10);
        Assert.Null(r.Error);
        string bridge = "br-" + r.Transcript.Split('\n')[1][..12];
        Assert.Contains($"-A FORWARD -o {bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A FORWARD -o {bridge} -j DOCKER\n-A FORWARD -i {bridge} ! -o {bridge} -j ACCEPT\n-A FORWARD -i {bridge} -o {bridge} -j ACCEPT\n-A FORWARD -o docker0", r.Transcript);
        Assert.Contains($"-A DOCKER-ISOLATION-STAGE-2 -o {bridge} -j DROP\n-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP", r.Transcript);
    }

    [Fact]
    public void Isolation_BetweenUserNetworks_DropsFrames()
    {
        RunResult r = Run("""
            docker network create front
            docker network create back
            docker run -d --name a --network front busybox sleep 3600
            docker run -d --name b --network back busybox sleep 3600
            docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' b
            ! docker exec a ping -c 1 -W 1 172.19.0.2
            docker network connect back a
            docker exec a ping -c 1 -W 1 172.19.0.2
            """);
        Assert.Null(r.Error);
        Assert.Contains("172.19.0.2\n", r.Transcript);
        Assert.Contains("1 packets transmitted, 0 packets received, 100% packet loss", r.Transcript);
    }

    [Fact]
    public void PortConflict_IsDockersError_AndLeavesNothingHalfMade()
    {
        RunResult r = Run("""
            docker run -d --name w1 -p 5001:80 busybox sleep 3600
            ! docker run -d --name w2 -p 5001:80 busybox sleep 3600
            docker ps -a --format '{{.Names}} {{.State}}'
            iptables-save -t nat
            """, DockerVersion.V20_10);
        Assert.Null(r.Error);
        // -d: the id is printed once created; a start error has no "See 'docker run --help'" hint (as 20.10's client)
        Assert.Matches(@"\$ ! docker run -d --name w2 -p 5001:80 busybox sleep 3600\n[0-9a-f]{64}\n\[stderr\]\ndocker: Error response from daemon: driver failed programming external connectivity on endpoint w2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:5001 failed: port is already allocated\.\n\[exit 125\]", r.Transcript);
        Assert.Contains("w2 created\nw1 running\n", r.Transcript);
        Assert.Single(r.Transcript.Split('\n'), l => l.Contains("--dport 5001", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-p 70000:80", "docker: Invalid hostPort: 70000.")]
    [InlineData("-p 8090:70000", "docker: Invalid containerPort: 70000.")]
    [InlineData("-p 1.2.3:8090:80", "docker: Invalid ip address: 1.2.3.")]
    [InlineData("-p 8090:80/sctpx", "docker: Invalid proto: sctpx.")]
    [InlineData("-p 9200-9201:80-82", "docker: Invalid ranges specified for container and host Ports: 80-82 and 9200-9201.")]
    public void PortSpecErrors_AreTheClients(string flag, string message)
    {
        RunResult r = Run($"! docker run --rm {flag} busybox true", DockerVersion.V20_10);
        Assert.Null(r.Error);
        Assert.Contains(message + "\nSee 'docker run --help'.\n[exit 125]", r.Transcript);
    }

    [Fact]
    public void NetworkErrors_AreDockers()
    {
        RunResult r = Run("""
            docker network create --subnet 10.10.0.0/24 app
            ! docker network create --subnet 10.10.0.0/16 other
            ! docker network create app
            ! docker network rm bridge
            """);
        Assert.Null(r.Error);
        Assert.Contains("Error response from daemon: invalid pool request: Pool overlaps with other one on this address space", r.Transcript);
        Assert.Contains("Error response from daemon: network with name app already exists", r.Transcript);
        Assert.Contains("Error response from daemon: bridge is a pre-defined network and cannot be removed", r.Transcript);
    }

    [Fact]
    public void NetworkLs_PrintsDockersTable()
    {
        RunResult r = Run("docker network ls");
        Assert.Null(r.Error);
        Assert.Matches(@"NETWORK ID     NAME      DRIVER    SCOPE\n[0-9a-f]{12}   bridge    bridge    local\n[0-9a-f]{12}   host      host      local\n[0-9a-f]{12}   none      null      local\n", r.Transcript);
    }

    [Fact]
    public void Outbound_IsMasqueradedToTheHostsLanAddress()
    {
        RunResult r = Run("""
            docker run -d --name c busybox sleep 3600
            docker exec c wget -qO- http://svc.example.test/
            conntrack -L -p tcp
            """);
        Assert.Null(r.Error);
        Assert.Contains("hello from svc.example.test", r.Transcript);
        Assert.Contains("dst=192.0.2.10", r.Transcript);
    }

    [Fact]
    public void PublishedPort_ReachedFromLanByDnat_FromHostAndContainersThroughTheProxy()
    {
        RunResult r = Run("""
            docker run -d --name web -p 8080:80 nginx
            docker run -d --name flask -p 5001:5000 training/webapp python app.py
            ip netns exec lan curl -s -o /dev/null -w '%{http_code}\n' http://192.0.2.10:8080/
            curl -s http://127.0.0.1:5001/
            docker run --rm busybox wget -qO- http://172.17.0.1:5001/
            docker logs web
            """);
        Assert.Null(r.Error);
        Assert.Contains("200\n", r.Transcript);
        Assert.Equal(2, r.Transcript.Split("Hello, World!").Length - 1);
        Assert.Contains("192.0.2.1 - - [", r.Transcript);
    }

    [Fact]
    public void UserNetwork_EmbeddedDns_AnswersNamesAliases_ForwardsTheRest()
    {
        RunResult r = Run("""
            docker network create --subnet 10.10.0.0/24 app
            docker run -d --name a1 --network app --network-alias db busybox sleep 3600
            docker run -d --name a2 --network app busybox sleep 3600
            docker exec a2 ping -c 1 a1
            docker exec a2 nslookup -type=a db
            docker exec a2 nslookup -type=a svc.example.test
            ! docker exec a2 nslookup -type=a nosuch
            """);
        Assert.Contains("PING a1 (10.10.0.2): 56 data bytes", r.Transcript);
        Assert.Contains("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 10.10.0.2\n", r.Transcript);
        Assert.Contains("Name:\tsvc.example.test\nAddress: 192.0.2.80\n", r.Transcript);
        Assert.Contains("** server can't find nosuch: NXDOMAIN", r.Transcript);
    }
}
