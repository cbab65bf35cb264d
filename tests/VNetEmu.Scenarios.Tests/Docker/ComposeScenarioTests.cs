using VNetEmu.Docker.Compose;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Docker;

/// <summary>`docker compose` end to end through the scenario runner: compose v2.32's progress lines and errors,
/// what the daemon is left with (networks, containers, names, rules), and the frames that cross or do not cross
/// the project's networks.</summary>
public sealed class ComposeScenarioTests : IDisposable
{
    private const string WebDb = """
        services:
          web:
            image: nginx
            ports: ["8080:80"]
            networks: [frontend]
            depends_on: [api]
          api:
            image: bb
            command: httpd -f -p 8000 -h /var/www
            hostname: api
            networks:
              frontend:
              backend:
                aliases: [app]
            depends_on:
              db:
                condition: service_started
          db:
            image: bb
            command: httpd -f -p 5432 -h /var/www
            networks:
              backend:
                ipv4_address: 10.77.0.10
                aliases: [postgres]
        networks:
          frontend: {}
          backend:
            internal: true
            ipam:
              config:
                - subnet: 10.77.0.0/24
        """;

    private const string UpProgress = """
         Network app_backend  Creating
         Network app_backend  Created
         Network app_frontend  Creating
         Network app_frontend  Created
         Container app-db-1  Creating
         Container app-db-1  Created
         Container app-api-1  Creating
         Container app-api-1  Created
         Container app-web-1  Creating
         Container app-web-1  Created
         Container app-db-1  Starting
         Container app-db-1  Started
         Container app-api-1  Starting
         Container app-api-1  Started
         Container app-web-1  Starting
         Container app-web-1  Started

        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "vnetemu-compose-" + Guid.NewGuid().ToString("N"));

    /// <summary>The scenario's folder: <c>ROOT/app</c>, so the project is named <c>app</c>.</summary>
    private string Folder => Path.Combine(_root, "app");

    public ComposeScenarioTests() => Directory.CreateDirectory(Folder);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private RunResult Run(string script) => ScenarioHarness.Run(script, Folder);

    [Fact]
    public void Up_PrintsComposeProgressOnStderr_AndPsListsTheProject()
    {
        Write("compose.yaml", WebDb);
        RunResult r = Run("""
            docker compose up -d
            docker compose ps
            docker network ls --format '{{.Name}} {{.Driver}} {{.Internal}}'
            docker ps --format '{{.Names}} {{.Networks}}'
            """);
        Assert.Null(r.Error);
        Assert.Contains("$ docker compose up -d\n[stderr]\n" + UpProgress + "$ docker compose ps\n", r.Transcript);
        Assert.Contains("""
            NAME        IMAGE     COMMAND                  SERVICE   CREATED                  STATUS                  PORTS
            app-api-1   bb        "httpd -f -p 8000 -h…"   api       Less than a second ago   Up Less than a second   
            app-db-1    bb        "httpd -f -p 5432 -h…"   db        Less than a second ago   Up Less than a second   
            app-web-1   nginx     "nginx -g daemon off;"   web       Less than a second ago   Up Less than a second   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp

            """, r.Transcript);
        Assert.Contains("app_backend bridge true\napp_frontend bridge false\nbridge bridge false\n", r.Transcript);
        Assert.Contains("app-web-1 app_frontend\n", r.Transcript);
        Assert.Contains("app-api-1 app_backend,app_frontend\n", r.Transcript);
    }

    [Fact]
    public void UpAgain_SaysRunning_AndRestartsWhatWasStopped()
    {
        Write("compose.yaml", WebDb);
        RunResult r = Run("""
            docker compose up -d
            docker compose up -d
            docker stop app-db-1
            docker compose ps --format '{{.Name}} {{.State}}'
            docker compose ps -a --format '{{.Name}} {{.State}}'
            docker compose up -d
            """);
        Assert.Null(r.Error);
        Assert.Contains("$ docker compose up -d\n[stderr]\n Container app-db-1  Running\n Container app-api-1  Running\n Container app-web-1  Running\n$ docker stop", r.Transcript);
        Assert.Contains("$ docker compose ps --format '{{.Name}} {{.State}}'\napp-api-1 running\napp-web-1 running\n", r.Transcript);
        Assert.Contains("app-db-1 exited\n", r.Transcript);
        Assert.EndsWith("[stderr]\n Container app-db-1  Created\n Container app-api-1  Running\n Container app-web-1  Running\n Container app-db-1  Starting\n Container app-db-1  Started\n", r.Transcript);
    }

    [Fact]
    public void ServiceNamesAndAliases_ResolveOnTheSharedNetwork_InternalNetworkIsIsolated()
    {
        Write("compose.yaml", WebDb);
        RunResult r = Run("""
            docker compose up -d
            docker exec app-api-1 ping -c 1 db
            docker exec app-api-1 ping -c 1 postgres
            docker exec app-web-1 curl -s http://api:8000/
            docker exec app-web-1 getent hosts app-api-1
            ! docker exec app-web-1 getent hosts app
            ! docker exec app-web-1 curl -s -m 2 http://db:5432/
            docker exec app-api-1 wget -qO- http://postgres:5432/
            ! docker exec app-db-1 ping -c 1 -W 1 192.0.2.1
            ip netns exec lan curl -s -o /dev/null -w '%{http_code}\n' http://192.0.2.10:8080/
            """);
        Assert.Null(r.Error);
        Assert.Contains("PING db (10.77.0.10): 56 data bytes\n64 bytes from 10.77.0.10", r.Transcript);
        Assert.Contains("PING postgres (10.77.0.10): 56 data bytes\n64 bytes from 10.77.0.10", r.Transcript);
        Assert.Contains("$ docker exec app-web-1 curl -s http://api:8000/\nhello from bb\n", r.Transcript);
        Assert.Matches(@"\$ docker exec app-web-1 getent hosts app-api-1\n172\.18\.0\.\d +app-api-1\n", r.Transcript);
        Assert.Contains("$ ! docker exec app-web-1 curl -s -m 2 http://db:5432/\n[exit 6]\n", r.Transcript);
        Assert.Contains("hello from ", r.Transcript);
        Assert.Contains("ping: sendto: Network is unreachable", r.Transcript);
        Assert.Contains("\n200\n", r.Transcript);
    }

    [Fact]
    public void Down_RemovesContainersAndNetworks_RulesBackToTheFreshDaemon()
    {
        Write("compose.yaml", WebDb);
        RunResult r = Run("""
            docker network ls -q
            BEFORE=$(iptables-save | grep -v '^#')
            docker compose up -d
            docker compose down
            AFTER=$(iptables-save | grep -v '^#')
            test "$BEFORE" = "$AFTER"
            docker ps -a -q
            docker network ls --format '{{.Name}}'
            ip -br link
            docker compose down
            """);
        Assert.Null(r.Error);
        Assert.Contains("""
            $ docker compose down
            [stderr]
             Container app-web-1  Stopping
             Container app-web-1  Stopped
             Container app-web-1  Removing
             Container app-web-1  Removed
             Container app-api-1  Stopping
             Container app-api-1  Stopped
             Container app-api-1  Removing
             Container app-api-1  Removed
             Container app-db-1  Stopping
             Container app-db-1  Stopped
             Container app-db-1  Removing
             Container app-db-1  Removed
             Network app_backend  Removing
             Network app_backend  Removed
             Network app_frontend  Removing
             Network app_frontend  Removed
            $ AFTER
            """, r.Transcript);
        Assert.Contains("$ docker ps -a -q\n$ docker network ls --format '{{.Name}}'\nbridge\nhost\nnone\n", r.Transcript);
        Assert.DoesNotContain("br-", r.Transcript.Split("$ ip -br link")[1]);
        Assert.DoesNotContain("veth", r.Transcript.Split("$ ip -br link")[1]);
        // A second down with the file: the project's networks are looked for, nothing is printed.
        Assert.EndsWith("$ docker compose down\n", r.Transcript);
    }

    [Fact]
    public void DownByProjectName_RebuildsTheProjectFromLabels_ThenWarnsWhenNothingIsLeft()
    {
        Write("compose.yaml", WebDb);
        RunResult r = Run("""
            docker compose -p demo up -d
            docker network inspect -f '{{json .Labels}}' demo_frontend
            docker compose -p demo ps --format '{{.Name}}'
            docker compose -p demo down
            docker compose -p demo down
            """);
        Assert.Null(r.Error);
        Assert.Contains(" Container demo-web-1  Started\n", r.Transcript);
        Assert.Matches("""\{"com\.docker\.compose\.config-hash":"[0-9a-f]{64}","com\.docker\.compose\.network":"frontend","com\.docker\.compose\.project":"demo","com\.docker\.compose\.version":"2\.32\.4"\}""", r.Transcript);
        Assert.Contains("demo-api-1\ndemo-db-1\ndemo-web-1\n", r.Transcript);
        Assert.Contains(" Container demo-web-1  Removed\n Container demo-api-1  Stopping\n", r.Transcript);
        Assert.Contains(" Network demo_frontend  Removed\n", r.Transcript);
        Assert.EndsWith("$ docker compose -p demo down\n[stderr]\ntime=\"2026-01-01T00:00:00Z\" level=warning msg=\"Warning: No resource found to remove for project \\\"demo\\\".\"\n", r.Transcript);
    }

    [Fact]
    public void DependsOn_ListAndMapForms_OrderCreationAndStart()
    {
        Write("stack.yml", """
            name: order
            services:
              a:
                image: busybox
                command: sleep 3600
                depends_on:
                  c:
                    condition: service_started
              b:
                image: busybox
                command: sleep 3600
                depends_on: [a]
              c:
                image: busybox
                command: sleep 3600
            """);
        RunResult r = Run("docker compose -f stack.yml up -d\ndocker compose -f stack.yml down\n");
        Assert.Null(r.Error);
        string[] created = [.. r.Transcript.Split('\n').Where(l => l.EndsWith("  Created", StringComparison.Ordinal) || l.EndsWith("  Started", StringComparison.Ordinal) || l.EndsWith("  Removed", StringComparison.Ordinal))];
        Assert.Equal([
            " Network order_default  Created", " Container order-c-1  Created", " Container order-a-1  Created", " Container order-b-1  Created",
            " Container order-c-1  Started", " Container order-a-1  Started", " Container order-b-1  Started",
            " Container order-b-1  Removed", " Container order-a-1  Removed", " Container order-c-1  Removed", " Network order_default  Removed"], created);
    }

    [Fact]
    public void ServiceCompletedSuccessfully_WaitsOnTheVirtualClock()
    {
        Write("compose.yaml", """
            services:
              init:
                image: busybox
                command: sleep 2
              app:
                image: busybox
                command: sleep 3600
                depends_on:
                  init:
                    condition: service_completed_successfully
            """);
        RunResult r = Run("docker compose up -d\ndocker compose ps -a --format '{{.Name}} {{.Status}}'\n");
        Assert.Null(r.Error);
        Assert.Contains(" Container app-init-1  Started\n Container app-init-1  Waiting\n Container app-init-1  Exited\n Container app-app-1  Starting\n Container app-app-1  Started\n", r.Transcript);
        Assert.Contains("app-app-1 Up Less than a second\napp-init-1 Exited (0) Less than a second ago\n", r.Transcript);
    }

    [Fact]
    public void StoppedWhileWaiting_StartsNothingMore()
    {
        Write("compose.yaml", """
            services:
              init:
                image: busybox
                command: sleep 5
              app:
                image: busybox
                command: sleep 3600
                depends_on:
                  init:
                    condition: service_completed_successfully
            """);
        RunResult r = Run("! timeout 1 docker compose up -d\nsleep 10\ndocker compose ps -a --format '{{.Name}} {{.State}}'\n");
        Assert.Null(r.Error);
        Assert.Contains(" Container app-init-1  Waiting\n[exit 124]\n", r.Transcript);
        Assert.EndsWith("app-app-1 created\napp-init-1 exited\n", r.Transcript);
    }

    [Theory]
    [InlineData("services:\n  web:\n    image: nginx\n    ports: \"80:80\"\n", "validating {0}: services.web.ports must be a list")]
    [InlineData("services:\n  web:\n    image: nginx\n    networks: [nope]\n", "service \"web\" refers to undefined network nope: invalid compose project")]
    [InlineData("services:\n  web:\n    imag: nginx\n", "validating {0}: services.web Additional property imag is not allowed")]
    [InlineData("services:\n  web:\n    image: nginx\n   ports: []\n", "yaml: line 4: did not find expected key")]
    public void InvalidFile_PrintsComposesErrorWithThePath_Exit15(string yaml, string expected)
    {
        string path = Write("compose.yaml", yaml);
        RunResult r = Run("! docker compose up -d\ndocker ps -a -q\n");
        Assert.Null(r.Error);
        Assert.Contains("$ ! docker compose up -d\n[stderr]\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, path) + "\n[exit 15]\n", r.Transcript);
        Assert.EndsWith("$ docker ps -a -q\n", r.Transcript);
    }

    [Fact]
    public void MissingFiles_Exit14_BadFlag16_UnknownImage18()
    {
        Write("compose.yaml", "services:\n  web:\n    image: nosuchimage:1.0\n");
        RunResult r = Run("""
            ! docker compose -f other.yaml ps
            ! docker compose up --detatch
            ! docker compose up -d
            ! docker compose frobnicate
            """);
        Assert.Null(r.Error);
        Assert.Contains($"[stderr]\nopen {Path.Combine(Folder, "other.yaml")}: no such file or directory\n[exit 14]\n", r.Transcript);
        Assert.Contains("[stderr]\nunknown flag: --detatch\n[exit 16]\n", r.Transcript);
        Assert.Contains(" web Pulling \n web Error pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\nError response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n[exit 18]\n", r.Transcript);
        Assert.Contains("[stderr]\nunknown docker command: \"compose frobnicate\"\n[exit 16]\n", r.Transcript);
        File.Delete(Path.Combine(Folder, "compose.yaml"));
        RunResult none = Run("! docker compose ps\n");
        Assert.Contains("[stderr]\nno configuration file provided: not found\n[exit 14]\n", none.Transcript);
    }

    [Fact]
    public void Orphans_AreWarnedAbout_ThenRemovedWithTheFlag()
    {
        Write("compose.yaml", "services:\n  a:\n    image: busybox\n    command: sleep 3600\n  b:\n    image: busybox\n    command: sleep 3600\n");
        Write("small.yaml", "name: app\nservices:\n  a:\n    image: busybox\n    command: sleep 3600\n");
        RunResult r = Run("""
            docker compose up -d
            docker compose -f small.yaml up -d
            docker compose -f small.yaml down --remove-orphans
            """);
        Assert.Null(r.Error);
        Assert.Contains("[stderr]\ntime=\"2026-01-01T00:00:00Z\" level=warning msg=\"Found orphan containers ([app-b-1]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.\"\n Container app-a-1  Running\n", r.Transcript);
        Assert.Contains(" Container app-a-1  Removed\n Container app-b-1  Stopping\n Container app-b-1  Stopped\n Container app-b-1  Removing\n Container app-b-1  Removed\n Network app_default  Removing\n Network app_default  Removed\n", r.Transcript);
    }

    [Fact]
    public void ChangedService_IsRecreated_ContainerNameAndNetworkModes()
    {
        Write("compose.yaml", """
            services:
              web:
                image: bb
                command: httpd -f -p 80 -h /var/www
                container_name: front
              side:
                image: busybox
                command: sleep 3600
                network_mode: "service:web"
              hostnet:
                image: busybox
                command: sleep 3600
                network_mode: host
            """);
        Write("changed.yaml", "name: app\nservices:\n  web:\n    image: busybox\n    command: httpd -f -p 8080\n    container_name: front\n");
        RunResult r = Run("""
            docker compose up -d
            docker exec app-side-1 wget -qO- http://127.0.0.1/
            docker inspect -f '{{.HostConfig.NetworkMode}}' app-hostnet-1
            docker compose -f changed.yaml up -d --remove-orphans
            docker ps --format '{{.Names}} {{.Command}}'
            """);
        Assert.Null(r.Error);
        Assert.Contains(" Container front  Created\n", r.Transcript);
        Assert.Contains("$ docker exec app-side-1 wget -qO- http://127.0.0.1/\nhello from bb\n", r.Transcript);
        Assert.Contains("$ docker inspect -f '{{.HostConfig.NetworkMode}}' app-hostnet-1\nhost\n", r.Transcript);
        Assert.Contains(" Container front  Recreate\n Container front  Recreated\n Container front  Starting\n Container front  Started\n", r.Transcript);
        Assert.EndsWith("front \"httpd -f -p 8080\"\n", r.Transcript);
    }

    /// <summary>compose goes through the daemon operations the docker CLI verbs use: typing the same
    /// `docker network create`/`create`/`network connect`/`start` by hand leaves the same container, addresses and
    /// rules (same seed, same daemon calls in the same order, so even the ids and veth names agree).</summary>
    [Fact]
    public void Compose_LeavesWhatTheEquivalentDockerCommandsLeave()
    {
        Write("compose.yaml", """
            services:
              web:
                image: busybox
                command: httpd -f -p 80
                hostname: web
                ports: ["8081:80"]
                dns_search: [example.test]
                networks:
                  front:
                    aliases: [www]
                  back:
                    ipv4_address: 10.9.0.5
            networks:
              front: {}
              back:
                internal: true
                ipam:
                  config:
                    - subnet: 10.9.0.0/24
            """);
        const string Look = """
            docker inspect app-web-1
            docker network inspect -f '{{.Name}} {{.Id}} {{.Internal}} {{json .IPAM.Config}} {{json .Labels}} {{json .Containers}}' app_back app_front
            docker exec app-web-1 ip -br addr
            docker exec app-web-1 cat /etc/resolv.conf
            iptables-save -t nat
            iptables-save -t filter
            """;
        RunResult compose = Run("docker compose up -d\n" + Look);
        Assert.Null(compose.Error);
        string Hash(string key) => NetworkHash(key);
        RunResult byHand = Run($"""
            docker network create --internal --subnet 10.9.0.0/24 --label com.docker.compose.config-hash={Hash("back")} --label com.docker.compose.network=back --label com.docker.compose.project=app --label com.docker.compose.version=2.32.4 app_back
            docker network create --label com.docker.compose.config-hash={Hash("front")} --label com.docker.compose.network=front --label com.docker.compose.project=app --label com.docker.compose.version=2.32.4 app_front
            docker create --name app-web-1 --hostname web --dns-search example.test --network app_back --network-alias app-web-1 --network-alias web --ip 10.9.0.5 -p 8081:80 busybox httpd -f -p 80
            docker network connect --alias app-web-1 --alias web --alias www app_front app-web-1
            docker start app-web-1
            {Look}
            """);
        Assert.Null(byHand.Error);
        string After(string transcript) => transcript[transcript.IndexOf("$ docker inspect app-web-1", StringComparison.Ordinal)..];
        Assert.Equal(After(compose.Transcript), After(byHand.Transcript));
    }

    private static string NetworkHash(string key)
    {
        var n = new ComposeNetwork { Key = key, Name = "app_" + key };
        return ComposePlanner.NetworkHash(key == "back" ? n with { Internal = true, IpamConfig = [new("10.9.0.0/24", null, null)] } : n);
    }
}
