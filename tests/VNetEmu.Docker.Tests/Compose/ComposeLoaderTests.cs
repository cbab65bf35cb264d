using VNetEmu.Docker.Compose;

namespace VNetEmu.Docker.Tests.Compose;

public class ComposeLoaderTests
{
    internal const string TwoTier = """
        services:
          web:
            image: nginx:1.25
            ports:
              - "8080:80"
              - "127.0.0.1:8443:443/udp"
              - target: 9000
                published: "9001"
                host_ip: 0.0.0.0
                protocol: tcp
            networks:
              - front
            depends_on:
              - api
            restart: unless-stopped
            volumes:
              - ./site:/usr/share/nginx/html:ro
          api:
            image: bb
            command: sh -c "httpd -f -p 8000"
            environment:
              DB_HOST: db
              DEBUG: true
            networks:
              front:
              back:
                aliases: [backend]
            depends_on:
              db:
                condition: service_started
          db:
            image: bb
            command: ["sleep", "3600"]
            hostname: database
            networks: [back]
            expose: ["5432"]
        networks:
          front: {}
          back:
            internal: true
        x-note: ignored
        """;

    [Fact]
    public void TwoTier_ProjectFromFolder_StartOrderAndNetworks()
    {
        ComposeProject p = ComposeLoader.Load("/home/u/My_Shop.v2/compose.yaml", TwoTier);
        Assert.Equal("my_shopv2", p.Name);
        Assert.Equal(["db", "api", "web"], p.Services.Select(s => s.Name));
        Assert.Equal("my_shopv2-web-1", p.Service("web").ContainerName);
        Assert.Equal("my_shopv2_front", p.Networks["front"].Name);
        Assert.True(p.Networks["back"].Internal);
        Assert.False(p.Networks.ContainsKey("default"));
        Assert.Equal(["sh", "-c", "httpd -f -p 8000"], p.Service("api").Command);
        Assert.Equal(["DB_HOST=db", "DEBUG=true"], p.Service("api").Environment);
        Assert.Equal(["back", "front"], p.Service("api").Networks.Select(n => n.Key));
        Assert.Equal(["backend"], p.Service("api").Networks[0].Aliases);
        Assert.Equal(["8080:80", "127.0.0.1:8443:443/udp", "0.0.0.0:9001:9000"], p.Service("web").Ports.Select(x => x.DockerSpec));
        Assert.Equal("database", p.Service("db").Hostname);
    }

    [Fact]
    public void NameKey_WinsOverFolder_DefaultNetworkWhenNoneListed()
    {
        ComposeProject p = ComposeLoader.Load("/x/y/docker-compose.yml", "name: demo\nservices:\n  web:\n    image: bb\n");
        Assert.Equal("demo", p.Name);
        Assert.Equal("demo_default", p.Networks["default"].Name);
        Assert.Equal("default", p.Service("web").Networks.Single().Key);
    }

    [Fact]
    public void NameKey_IsNormalized_DashPWins_VersionWarns()
    {
        ComposeProject p = ComposeLoader.Load("/x/y/compose.yaml", "version: '3.8'\nname: My App\nservices:\n  web:\n    image: bb\n");
        Assert.Equal("myapp", p.Name);
        Assert.Equal("myapp-web-1", p.Service("web").ContainerName);
        Assert.Equal(["/x/y/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"], p.Warnings);
        Assert.Equal("other", ComposeLoader.Load("/x/y/compose.yaml", "name: demo\nservices: {}\n", "other").Name);
        ComposeException e = Assert.Throws<ComposeException>(() => ComposeLoader.CheckProjectName("My_App"));
        Assert.Equal("invalid project name \"My_App\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number", e.Message);
    }

    [Fact]
    public void Dependencies_Conditions_Links_Profiles_DnsKeys()
    {
        const string yaml = """
            services:
              web:
                image: bb
                links: ["db:database"]
                depends_on:
                  cache:
                    condition: service_healthy
                    required: false
                  debug:
                    condition: service_started
                    required: false
                dns: 192.0.2.53
                dns_search: [example.test]
                extra_hosts:
                  - "gw=10.0.0.1"
                  - "lan:192.0.2.1"
              db:
                image: bb
              cache:
                image: bb
              debug:
                image: bb
                profiles: [debug]
            """;
        ComposeProject p = ComposeLoader.Load("/x/y/compose.yaml", yaml);
        Assert.Equal(["cache", "db", "web"], p.Services.Select(s => s.Name));
        Assert.Equal(["debug"], p.DisabledServices);
        ComposeService web = p.Service("web");
        Assert.Equal([new ComposeDependency("cache", "service_healthy", false), new ComposeDependency("db", Restart: true)], web.Dependencies);
        Assert.Equal(["192.0.2.53"], web.Dns);
        Assert.Equal(["example.test"], web.DnsSearch);
        Assert.Equal(["gw:10.0.0.1", "lan:192.0.2.1"], web.ExtraHosts);
        Assert.Equal(["cache", "db", "debug", "web"], ComposeLoader.Load("/x/y/compose.yaml", yaml, profiles: ["debug"]).Services.Select(s => s.Name).Order());
    }

    [Fact]
    public void DollarDollar_IsALiteralDollar()
    {
        ComposeProject p = ComposeLoader.Load("/x/y/compose.yaml", "services:\n  web:\n    image: bb\n    command: echo $$HOME\n");
        Assert.Equal(["echo", "$HOME"], p.Service("web").Command);
    }

    [Theory]
    [InlineData("80", "80", "", "", "tcp")]
    [InlineData("8000-8001:80-81", "80-81", "8000-8001", "", "tcp")]
    [InlineData("127.0.0.1::80", "80", "", "127.0.0.1", "tcp")]
    [InlineData("[::1]:8080:80/sctp", "80", "8080", "::1", "sctp")]
    public void ShortPortSyntax(string spec, string target, string published, string ip, string protocol) =>
        Assert.Equal(new ComposePort(target, published, ip, protocol), ComposeLoader.ParseShortPort(spec));

    [Theory]
    [InlineData("services:\n  web:\n    image: bb\n    ports: \"80:80\"\n", "validating /p/app/compose.yaml: services.web.ports must be a list")]
    [InlineData("services:\n  web:\n    image: bb\n    networks: [foo]\n", "service \"web\" refers to undefined network foo: invalid compose project")]
    [InlineData("services:\n  web:\n    image: bb\n    depends_on: [db]\n", "service \"web\" depends on undefined service \"db\": invalid compose project")]
    [InlineData("services:\n  web:\n    imag: bb\n", "validating /p/app/compose.yaml: services.web Additional property imag is not allowed")]
    [InlineData("service:\n  web:\n    image: bb\n", "validating /p/app/compose.yaml: (root) Additional property service is not allowed")]
    [InlineData("services:\n  web:\n    build: .\n    network_mode: host\n    networks: [a]\nnetworks:\n  a:\n", "service web declares mutually exclusive `network_mode` and `networks`: invalid compose project")]
    [InlineData("services:\n  web:\n    command: x\n", "service \"web\" has neither an image nor a build context specified: invalid compose project")]
    [InlineData("services:\n  web:\n    image: bb\n    network_mode: service:nope\n", "service \"web\" depends on undefined service \"nope\": invalid compose project")]
    [InlineData("services:\n  a:\n    image: bb\n    depends_on: [b]\n  b:\n    image: bb\n    depends_on: [a]\n", "dependency cycle detected: a -> b -> a")]
    [InlineData("services:\n  web:\n    image: bb\n    ports: [\"80:abc\"]\n", "invalid containerPort: abc")]
    [InlineData("networks:\n  n:\n    internal: maybe\n", "validating /p/app/compose.yaml: networks.n.internal must be a boolean")]
    [InlineData("- a\n- b\n", "parsing /p/app/compose.yaml: Top-level object must be a mapping")]
    [InlineData("name: ___\nservices: {}\n", "project name must not be empty")]
    [InlineData("services:\n  web:\n    image: bb\n    ports: [\"${PORT}:80\"]\n", "vnetemu: variable interpolation in compose files is not emulated yet: ${PORT}:80")]
    [InlineData("services:\n  web:\n    image: bb\n    depends_on:\n      db: {}\n  db:\n    image: bb\n", "validating /p/app/compose.yaml: services.web.depends_on.db condition is required")]
    [InlineData("services:\n  web:\n    image: bb\n    scale: 2\n", "vnetemu: services.web.scale: more than one container per service is not emulated yet")]
    [InlineData("services:\n  web:\n    image: bb\n    networks:\n      n:\n        ipv6_address: fd00::2\nnetworks:\n  n: {}\n", "vnetemu: services.web.networks.n.ipv6_address is not emulated yet")]
    [InlineData("services:\n  web:\n    image: bb\n   ports: []\n", "yaml: line 4: did not find expected key")]
    [InlineData("services:\n  web: image: bb\n", "yaml: line 2: mapping values are not allowed in this context")]
    public void Invalid_ComposeV2Message(string yaml, string expected)
    {
        ComposeException e = Assert.Throws<ComposeException>(() => ComposeLoader.Load("/p/app/compose.yaml", yaml));
        Assert.Equal(expected, e.Message);
    }
}
