using VNetEmu.Docker.Compose;

namespace VNetEmu.Docker.Tests.Compose;

public class ComposePlannerTests
{
    private static string Argv(ComposeStep step) => string.Join(" ", step.Argv);

    [Fact]
    public void TwoTier_Up_NetworksThenCreateAllThenStartAll()
    {
        ComposeProject p = ComposeLoader.Load("/srv/shop/compose.yaml", ComposeLoaderTests.TwoTier);
        ComposePlan plan = ComposePlanner.Up(p);
        Assert.Equal(
            " Network shop_back  Creating\n Network shop_back  Created\n Network shop_front  Creating\n Network shop_front  Created\n" +
            " Container shop-db-1  Creating\n Container shop-db-1  Created\n Container shop-api-1  Creating\n Container shop-api-1  Created\n" +
            " Container shop-web-1  Creating\n Container shop-web-1  Created\n" +
            " Container shop-db-1  Starting\n Container shop-db-1  Started\n Container shop-api-1  Starting\n Container shop-api-1  Started\n" +
            " Container shop-web-1  Starting\n Container shop-web-1  Started\n",
            plan.ProgressText);
        Assert.Equal("network create --internal --label com.docker.compose.network=back --label com.docker.compose.project=shop shop_back", Argv(plan.Steps[0]));
        ComposeStep api = plan.Steps.Single(s => s.Kind == ComposeStepKind.CreateContainer && s.Name == "shop-api-1");
        Assert.Equal("create --name shop-api-1 --network shop_back --network-alias api --network-alias backend -e DB_HOST=db -e DEBUG=true " +
            "--label com.docker.compose.container-number=1 --label com.docker.compose.oneoff=False --label com.docker.compose.project=shop " +
            "--label com.docker.compose.service=api bb sh -c httpd -f -p 8000", Argv(api));
        ComposeStep connect = plan.Steps.Single(s => s.Kind == ComposeStepKind.ConnectNetwork);
        Assert.Equal("network connect --alias api shop_front shop-api-1", Argv(connect));
        ComposeStep web = plan.Steps.Single(s => s.Kind == ComposeStepKind.CreateContainer && s.Name == "shop-web-1");
        Assert.Contains("-p 8080:80 -p 127.0.0.1:8443:443/udp -p 0.0.0.0:9001:9000", Argv(web), StringComparison.Ordinal);
        Assert.Empty(plan.ExternalNetworks);
    }

    [Fact]
    public void TwoTier_Down_ReverseOrderThenNetworks()
    {
        ComposeProject p = ComposeLoader.Load("/srv/shop/compose.yaml", ComposeLoaderTests.TwoTier);
        ComposePlan plan = ComposePlanner.Down(p, name => name != "shop-db-1");
        Assert.Equal(
            " Container shop-web-1  Stopping\n Container shop-web-1  Stopped\n Container shop-web-1  Removing\n Container shop-web-1  Removed\n" +
            " Container shop-api-1  Stopping\n Container shop-api-1  Stopped\n Container shop-api-1  Removing\n Container shop-api-1  Removed\n" +
            " Network shop_back  Removing\n Network shop_back  Removed\n Network shop_front  Removing\n Network shop_front  Removed\n",
            plan.ProgressText);
        Assert.Equal(["stop shop-web-1", "rm shop-web-1", "stop shop-api-1", "rm shop-api-1", "network rm shop_back", "network rm shop_front"],
            plan.Steps.Select(Argv));
    }

    [Fact]
    public void IpamSubnets_AndStaticAddresses()
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
                ipam:
                  config:
                    - subnet: 192.168.50.0/24
            """;
        ComposePlan plan = ComposePlanner.Up(ComposeLoader.Load("/x/compose.yaml", yaml));
        Assert.Equal("network create --driver bridge --opt com.docker.network.bridge.name=br-lan --subnet 10.10.0.0/24 --ip-range 10.10.0.128/25 " +
            "--gateway 10.10.0.1 --label com.docker.compose.network=lan --label com.docker.compose.project=lab lab_lan", Argv(plan.Steps[0]));
        Assert.Equal("network create --subnet 192.168.50.0/24 --attachable --label com.docker.compose.network=wan --label com.docker.compose.project=lab lab-wan",
            Argv(plan.Steps[1]));
        // priority puts wan first: it is the network the container is created on.
        Assert.StartsWith("create --name lab-router-1 --mac-address 02:42:0a:0a:00:fe --network lab-wan --network-alias router --ip 192.168.50.2 ",
            Argv(plan.Steps[2]), StringComparison.Ordinal);
        Assert.Equal("network connect --alias router --ip 10.10.0.254 lab_lan lab-router-1", Argv(plan.Steps[3]));
    }

    [Fact]
    public void NetworkModeHostAndService_NoProjectNetwork()
    {
        const string yaml = """
            services:
              proxy:
                image: bb
                network_mode: host
              sidecar:
                image: bb
                network_mode: "service:proxy"
              off:
                image: bb
                network_mode: none
            """;
        ComposeProject p = ComposeLoader.Load("/x/edge/compose.yaml", yaml);
        ComposePlan plan = ComposePlanner.Up(p);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == ComposeStepKind.CreateNetwork);
        Assert.Equal(["edge-off-1", "edge-proxy-1", "edge-sidecar-1"],
            plan.Steps.Where(s => s.Kind == ComposeStepKind.StartContainer).Select(s => s.Name));
        Assert.Contains(plan.Steps, s => Argv(s).StartsWith("create --name edge-proxy-1 --network host ", StringComparison.Ordinal));
        Assert.Contains(plan.Steps, s => Argv(s).StartsWith("create --name edge-sidecar-1 --network container:edge-proxy-1 ", StringComparison.Ordinal));
        Assert.Contains(plan.Steps, s => Argv(s).StartsWith("create --name edge-off-1 --network none ", StringComparison.Ordinal));
    }

    [Fact]
    public void ExternalNetwork_NotCreatedNorRemoved()
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
        ComposePlan up = ComposePlanner.Up(p);
        Assert.Equal(["corp-net"], up.ExternalNetworks);
        Assert.Equal(["svc_own"], up.Steps.Where(s => s.Kind == ComposeStepKind.CreateNetwork).Select(s => s.Name));
        // Networks go by priority, then key: "own" is the one the container is created on.
        Assert.Contains(up.Steps, s => Argv(s).StartsWith("create --name app --network svc_own --network-alias app ", StringComparison.Ordinal));
        Assert.Contains(up.Steps, s => Argv(s) == "network connect --alias app corp-net app");
        Assert.Equal(["network rm svc_own"], ComposePlanner.Down(p).Steps.Where(s => s.Kind == ComposeStepKind.RemoveNetwork).Select(Argv));
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
