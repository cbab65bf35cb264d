using VNetEmu.Docker.Compose;
using VNetEmu.Wire;

namespace VNetEmu.Docker.Tests.Compose;

public class ComposePlannerTests
{
    private static Container? None(string service) => null;

    [Fact]
    public void TwoTier_Api_PrimaryNetworkFirstByKey_AliasesAsComposeGives()
    {
        ComposeProject p = ComposeLoader.Load("/srv/shop/compose.yaml", ComposeLoaderTests.TwoTier);
        ComposeContainerSpec api = ComposePlanner.Container(p, p.Service("api"), None);
        Assert.Equal("shop-api-1", api.Create.Name);
        Assert.Equal("shop_back", api.Create.Network);
        Assert.Equal(["shop-api-1", "api", "backend"], api.Create.Aliases);
        Assert.Equal(["sh", "-c", "httpd -f -p 8000"], api.Create.Cmd);
        Assert.Equal("db", api.Create.Env["DB_HOST"]);
        ComposeConnect front = Assert.Single(api.Connects);
        Assert.Equal("shop_front", front.Network);
        Assert.Null(front.Ip);
        Assert.Equal(["shop-api-1", "api"], front.Aliases);
        Assert.Equal("shop", api.Labels[ComposeLabels.Project]);
        Assert.Equal("api", api.Labels[ComposeLabels.Service]);
        Assert.Equal("db:service_started:false", api.Labels[ComposeLabels.DependsOn]);
        Assert.Equal("/srv/shop/compose.yaml", api.Labels[ComposeLabels.ConfigFiles]);
        Assert.Equal("/srv/shop", api.Labels[ComposeLabels.WorkingDir]);
    }

    [Fact]
    public void TwoTier_Web_PortsAsDockerRunParsesThem()
    {
        ComposeProject p = ComposeLoader.Load("/srv/shop/compose.yaml", ComposeLoaderTests.TwoTier);
        ContainerCreateRequest web = ComposePlanner.Container(p, p.Service("web"), None).Create;
        Assert.Equal(["80/tcp", "443/udp", "9000/tcp"], web.Ports.Select(b => b.Key));
        Assert.Equal([8080, 8443, 9001], web.Ports.Select(b => (int)b.HostPortLow));
        Assert.Equal(new Ipv4Address(127, 0, 0, 1), web.Ports[1].HostIp);
        Assert.Equal("nginx:1.25", web.Image);
        Assert.Empty(web.Cmd);
    }

    [Fact]
    public void IpamSubnets_StaticAddresses_Priority_NetworkLabels()
    {
        const string yaml = """
            name: lab
            services:
              router:
                image: bb
                mac_address: 02:42:0a:0a:00:fe
                networks:
                  lan:
                    ipv4_address: 10.10.0.254
                  wan:
                    ipv4_address: 192.168.50.2
                    priority: 10
            networks:
              lan:
                driver: bridge
                driver_opts:
                  com.docker.network.bridge.name: br-lan
                ipam:
                  config:
                    - subnet: 10.10.0.0/24
                      gateway: 10.10.0.1
                      ip_range: 10.10.0.128/25
              wan:
                name: lab-wan
                attachable: true
                labels:
                  tier: edge
                ipam:
                  config:
                    - subnet: 192.168.50.0/24
            """;
        ComposeProject p = ComposeLoader.Load("/x/compose.yaml", yaml);
        NetworkCreateRequest lan = ComposePlanner.NetworkCreate(p, p.Networks["lan"]);
        Assert.Equal("lab_lan", lan.Name);
        Assert.Equal(["10.10.0.0/24"], lan.Subnets);
        Assert.Equal(["10.10.0.1"], lan.Gateways);
        Assert.Equal(["10.10.0.128/25"], lan.IpRanges);
        Assert.Equal("br-lan", lan.Options["com.docker.network.bridge.name"]);
        NetworkCreateRequest wan = ComposePlanner.NetworkCreate(p, p.Networks["wan"]);
        Assert.Equal("lab-wan", wan.Name);
        Assert.True(wan.Attachable);
        Assert.Equal(["com.docker.compose.config-hash", "com.docker.compose.network", "com.docker.compose.project", "com.docker.compose.version", "tier"], wan.Labels.Keys);
        Assert.Equal("wan", wan.Labels["com.docker.compose.network"]);
        Assert.Equal("2.32.4", wan.Labels["com.docker.compose.version"]);
        // priority puts wan first: the container is created on it, with the service's MAC there.
        ComposeContainerSpec router = ComposePlanner.Container(p, p.Service("router"), None);
        Assert.Equal("lab-wan", router.Create.Network);
        Assert.Equal(new Ipv4Address(192, 168, 50, 2), router.Create.Ip);
        Assert.Equal(MacAddress.Parse("02:42:0a:0a:00:fe"), router.Create.Mac);
        Assert.Equal(("lab_lan", new Ipv4Address(10, 10, 0, 254)), (router.Connects[0].Network, router.Connects[0].Ip));
    }

    [Theory]
    [InlineData("networks:\n  n: {}\n", "{\"name\":\"p_n\",\"ipam\":{}}")]
    [InlineData("networks:\n  n:\n    internal: true\n    ipam:\n      config:\n        - subnet: 10.1.0.0/24\n          gateway: 10.1.0.1\n",
        "{\"name\":\"p_n\",\"ipam\":{\"config\":[{\"subnet\":\"10.1.0.0/24\",\"gateway\":\"10.1.0.1\"}]},\"internal\":true}")]
    public void NetworkHash_IsSha256OfComposeGosJson(string networks, string json)
    {
        ComposeProject p = ComposeLoader.Load("/x/p/compose.yaml", "services:\n  a:\n    image: bb\n    networks: [n]\n" + networks);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(expected, ComposePlanner.NetworkHash(p.Networks["n"]));
    }

    [Fact]
    public void NetworkModes_HostNoneAndService()
    {
        const string yaml = """
            services:
              proxy:
                image: bb
                network_mode: host
                ports: ["80:80"]
              sidecar:
                image: bb
                network_mode: "service:proxy"
              off:
                image: bb
                network_mode: none
            """;
        ComposeProject p = ComposeLoader.Load("/x/edge/compose.yaml", yaml);
        Assert.Empty(p.Networks);
        Assert.Equal(["off", "proxy", "sidecar"], p.Services.Select(s => s.Name));
        ComposeContainerSpec proxy = ComposePlanner.Container(p, p.Service("proxy"), None);
        Assert.Equal("host", proxy.Create.Network);
        Assert.True(proxy.PortsDiscarded);
        Assert.Empty(proxy.Create.Ports);
        Assert.Equal("none", ComposePlanner.Container(p, p.Service("off"), None).Create.Network);
        ComposeException e = Assert.Throws<ComposeException>(() => ComposePlanner.Container(p, p.Service("sidecar"), None));
        Assert.Equal("cannot share network namespace with service proxy: container missing", e.Message);
        Assert.Equal(1, e.ExitCode);
    }

    [Fact]
    public void ExternalNetwork_KeepsItsName()
    {
        const string yaml = """
            services:
              app:
                image: bb
                container_name: app
                networks: [shared, own]
            networks:
              shared:
                external: true
                name: corp-net
              own:
            """;
        ComposeProject p = ComposeLoader.Load("/x/svc/compose.yaml", yaml);
        Assert.True(p.Networks["shared"].External);
        Assert.Equal("corp-net", p.Networks["shared"].Name);
        ComposeContainerSpec app = ComposePlanner.Container(p, p.Service("app"), None);
        Assert.Equal("svc_own", app.Create.Network);
        Assert.Equal(["app", "app"], app.Create.Aliases);
        Assert.Equal("corp-net", app.Connects.Single().Network);
        Assert.Equal("network corp-net declared as external, but could not be found", ComposePlanner.ExternalNotFound("corp-net"));
    }

    [Fact]
    public void Ps_ComposeV2Table()
    {
        ComposeContainer[] containers =
        [
            new("shop-web-1", "nginx:1.25", "/docker-entrypoint.sh nginx -g 'daemon off;'", "web", "5 seconds ago", "Up 4 seconds", "0.0.0.0:8080->80/tcp"),
            new("shop-db-1", "bb", "sleep 3600", "db", "6 seconds ago", "Up 5 seconds", ""),
        ];
        Assert.Equal(
            "NAME         IMAGE        COMMAND                  SERVICE   CREATED         STATUS         PORTS\n" +
            "shop-db-1    bb           \"sleep 3600\"             db        6 seconds ago   Up 5 seconds   \n" +
            "shop-web-1   nginx:1.25   \"/docker-entrypoint.…\"   web       5 seconds ago   Up 4 seconds   0.0.0.0:8080->80/tcp\n",
            ComposePs.Render(containers));
        Assert.Equal("shop-db-1 db\nshop-web-1 web\n", ComposePs.Render(containers, "{{.Name}} {{.Service}}"));
    }
}
