using System.Globalization;
using System.Text.Json.Nodes;
using VNetEmu.Docker;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker ps|start|stop|restart|kill|rm|inspect|logs|port|rename|info|version`.</summary>
public static class DockerContainerCommands
{
    public static int Run(CommandContext ctx, StringWriter o, StringWriter e)
    {
        IReadOnlyList<string> args = ctx.Args;
        string sub = args.Count > 1 ? args[1] : "";
        List<string> rest = args.Skip(2).ToList();
        DockerDaemon d = DockerCommand.Daemon(ctx);
        switch (sub)
        {
            case "ps":
                return Ps(d, rest, o);
            case "start" or "stop" or "restart" or "kill" or "rm":
                return Lifecycle(d, sub, rest, o, e);
            case "inspect":
                {
                    DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--format", "--type" }, new HashSet<string> { "-s", "--size" }, false, "docker inspect");
                    var docs = new List<JsonNode>();
                    int code = 0;
                    var json = new InspectJson(d);
                    foreach (string name in a.Positional)
                    {
                        if (d.FindContainer(name) is { } c && a.Value("--type") is null or "container")
                        {
                            docs.Add(json.Container(c));
                        }
                        else if (d.FindNetwork(name) is { } n && a.Value("--type") is null or "network")
                        {
                            docs.Add(json.Network(n));
                        }
                        else if (d.Images.Find(name) is { } img && a.Value("--type") is null or "image")
                        {
                            docs.Add(ImageJson(img));
                        }
                        else
                        {
                            e.Write($"Error: No such object: {name}\n");
                            code = 1;
                        }
                    }
                    if (docs.Count > 0 || code == 0)
                    {
                        DockerCommand.PrintInspect(o, docs, a.Value("-f", "--format"));
                    }
                    return code;
                }
            case "logs":
                {
                    string name = rest.LastOrDefault(r => !r.StartsWith('-')) ?? throw new DockerException("\"docker logs\" requires exactly 1 argument.\nSee 'docker logs --help'.");
                    o.Write(d.GetContainer(name).Logs);
                    return 0;
                }
            case "port":
                return Port(d, rest, o, e);
            case "rename":
                if (rest.Count != 2)
                {
                    throw new DockerException("\"docker rename\" requires exactly 2 arguments.\nSee 'docker rename --help'.");
                }
                d.RenameContainer(d.GetContainer(rest[0]), rest[1]);
                return 0;
            case "version":
                {
                    var doc = new JsonObject
                    {
                        ["Client"] = new JsonObject { ["Version"] = d.Options.ServerVersion, ["APIVersion"] = d.Options.ApiVersion, ["Os"] = "linux", ["Arch"] = "amd64" },
                        ["Server"] = new JsonObject { ["Version"] = d.Options.ServerVersion, ["APIVersion"] = d.Options.ApiVersion, ["Os"] = "linux", ["Arch"] = "amd64" },
                    };
                    DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--format" }, new HashSet<string>(), false, "docker version");
                    if (a.Value("-f", "--format") is { } f)
                    {
                        o.Write(VNetEmu.Docker.Formatting.GoTemplate.Parse(f).Execute(doc) + "\n");
                        return 0;
                    }
                    o.Write($"Client:\n Version:           {d.Options.ServerVersion}\n API version:       {d.Options.ApiVersion}\n OS/Arch:           linux/amd64\n\nServer:\n Engine:\n  Version:          {d.Options.ServerVersion}\n  API version:      {d.Options.ApiVersion}\n  OS/Arch:          linux/amd64\n");
                    return 0;
                }
            case "info":
                {
                    int running = d.Containers.Count(c => c.Running);
                    int stopped = d.Containers.Count(c => !c.Running);
                    DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--format" }, new HashSet<string>(), false, "docker info");
                    if (a.Value("-f", "--format") is { } f)
                    {
                        var doc = new JsonObject { ["Name"] = Emulator.HostName, ["Containers"] = d.Containers.Count, ["ContainersRunning"] = running, ["ServerVersion"] = d.Options.ServerVersion };
                        o.Write(VNetEmu.Docker.Formatting.GoTemplate.Parse(f).Execute(doc) + "\n");
                        return 0;
                    }
                    o.Write($"Client:\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: {d.Containers.Count}\n  Running: {running}\n  Paused: 0\n  Stopped: {stopped}\n Images: 0\n Server Version: {d.Options.ServerVersion}\n Storage Driver: overlay2\n Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n Plugins:\n  Volume: local\n  Network: bridge host ipvlan macvlan null overlay\n  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n Swarm: inactive\n Runtimes: io.containerd.runc.v2 runc\n Default Runtime: runc\n Kernel Version: 6.1.0-vnetemu\n Operating System: Debian GNU/Linux 12 (bookworm)\n OSType: linux\n Architecture: x86_64\n Name: {Emulator.HostName}\n Docker Root Dir: /var/lib/docker\n Debug Mode: false\n Experimental: false\n Live Restore Enabled: false\n\n");
                    return 0;
                }
            case "":
                e.Write("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
                return 0;
            default:
                e.Write($"docker: '{sub}' is not a docker command.\nSee 'docker --help'\n");
                return 1;
        }
    }

    private static JsonObject ImageJson(Image img)
    {
        var exposed = new JsonObject();
        foreach (string p in img.ExposedPorts)
        {
            exposed[p] = new JsonObject();
        }
        return new JsonObject
        {
            ["Id"] = "sha256:" + img.Id,
            ["RepoTags"] = new JsonArray(img.Name.Contains(':', StringComparison.Ordinal) ? img.Name : img.Name + ":latest"),
            ["Config"] = new JsonObject { ["ExposedPorts"] = exposed.Count > 0 ? exposed : null, ["Cmd"] = new JsonArray([.. img.Cmd.Select(c => (JsonNode)c)]) },
        };
    }

    private static int Lifecycle(DockerDaemon d, string sub, List<string> rest, StringWriter o, StringWriter e)
    {
        bool force = rest.Contains("-f") || rest.Contains("--force");
        var names = new List<string>();
        for (int i = 0; i < rest.Count; i++)
        {
            if (rest[i] is "-t" or "--time" or "-s" or "--signal")
            {
                i++;
                continue;
            }
            if (!rest[i].StartsWith('-'))
            {
                names.Add(rest[i]);
            }
        }
        if (names.Count == 0)
        {
            throw new DockerException($"\"docker {sub}\" requires at least 1 argument.\nSee 'docker {sub} --help'.");
        }
        int code = 0;
        foreach (string name in names)
        {
            try
            {
                Container c = d.GetContainer(name);
                switch (sub)
                {
                    case "start":
                        d.StartContainer(c);
                        break;
                    case "stop" or "kill":
                        if (sub == "kill" && !c.Running)
                        {
                            throw DockerException.Daemon($"Cannot kill container: {name}: Container {c.Id} is not running");
                        }
                        d.StopContainer(c);
                        break;
                    case "restart":
                        d.StopContainer(c);
                        d.StartContainer(c);
                        break;
                    case "rm":
                        d.RemoveContainer(c, force);
                        break;
                }
                o.Write(name + "\n");
            }
            catch (DockerException x)
            {
                e.Write(x.Message + "\n");
                code = 1;
            }
        }
        return code;
    }

    private static int Ps(DockerDaemon d, List<string> rest, StringWriter o)
    {
        DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--filter", "--format", "-n", "--last" }, new HashSet<string> { "-a", "--all", "-q", "--quiet", "--no-trunc", "-l", "--latest", "-s", "--size" }, false, "docker ps");
        bool all = a.Has("-a", "--all");
        bool noTrunc = a.Has("--no-trunc");
        var rows = new List<JsonObject>();
        DateTimeOffset now = d.Emulator.Clock;
        for (int i = d.Containers.Count - 1; i >= 0; i--)
        {
            Container c = d.Containers[i];
            if (!all && !c.Running)
            {
                continue;
            }
            if (!PsFilter(c, a.Values("-f", "--filter")))
            {
                continue;
            }
            string command = "\"" + string.Join(' ', c.Cmd) + "\"";
            if (!noTrunc && command.Length > 20)
            {
                command = command[..19] + "…";
            }
            string status = c.State switch
            {
                ContainerState.Running => "Up " + GoTime.HumanDuration(now - (c.StartedAt ?? now)),
                ContainerState.Created => "Created",
                _ => $"Exited ({c.ExitCode}) {GoTime.HumanDuration(now - (c.FinishedAt ?? now))} ago",
            };
            rows.Add(new JsonObject
            {
                ["ID"] = noTrunc ? c.Id : c.ShortId,
                ["Image"] = c.Image.Name,
                ["Command"] = command,
                ["CreatedAt"] = c.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC",
                ["RunningFor"] = GoTime.HumanDuration(now - c.Created) + " ago",
                ["Status"] = status,
                ["State"] = DockerDaemon.StateText(c.State),
                ["Ports"] = PortsText(d, c),
                ["Names"] = c.Name,
                ["Networks"] = string.Join(",", c.Running ? c.Endpoints.Select(x => x.Network.Name) : c.Attachments.Select(x => x.Network.Name)) + (c.NetworkMode is "host" or "none" ? c.NetworkMode : ""),
                ["Labels"] = "",
                ["Mounts"] = "",
            });
        }
        if (a.Has("-q", "--quiet"))
        {
            foreach (JsonObject r in rows)
            {
                o.Write(r["ID"]!.GetValue<string>() + "\n");
            }
            return 0;
        }
        string format = a.Value("--format") ?? "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
        o.Write(DockerTables.Render(format, rows, DockerTables.ContainerHeaders));
        return 0;
    }

    private static bool PsFilter(Container c, List<string> filters)
    {
        foreach (string f in filters)
        {
            int eq = f.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? f : f[..eq];
            string v = eq < 0 ? "" : f[(eq + 1)..];
            bool ok = key switch
            {
                "name" => c.Name.Contains(v, StringComparison.Ordinal),
                "id" => c.Id.StartsWith(v, StringComparison.Ordinal),
                "status" => DockerDaemon.StateText(c.State) == v,
                "network" => c.Endpoints.Exists(x => x.Network.Name == v || x.Network.Id.StartsWith(v, StringComparison.Ordinal)),
                "ancestor" => c.Image.Name == v || c.Image.Name.StartsWith(v + ":", StringComparison.Ordinal),
                "publish" => c.Ports.Exists(p => p.HostPort.ToString(CultureInfo.InvariantCulture) == v.Split('/')[0]),
                "expose" => c.Ports.Exists(p => p.ContainerPort.ToString(CultureInfo.InvariantCulture) == v.Split('/')[0]),
                _ => throw new DockerException($"Error response from daemon: invalid filter '{key}'"),
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>docker/cli DisplayablePorts: published mappings, and exposed ports without one.</summary>
    public static string PortsText(DockerDaemon d, Container c)
    {
        var entries = new List<(ushort Private, string Ip, ushort Public, string Type)>();
        foreach (string exposed in c.Image.ExposedPorts)
        {
            string[] p = exposed.Split('/');
            ushort port = ushort.Parse(p[0], CultureInfo.InvariantCulture);
            if (!c.Ports.Exists(b => b.ContainerPort == port && b.Protocol == p[1]))
            {
                entries.Add((port, "", 0, p[1]));
            }
        }
        if (c.Running)
        {
            foreach (PortBinding b in c.Ports)
            {
                entries.Add((b.ContainerPort, b.HostIp.ToString(), b.HostPort, b.Protocol));
                if (!b.HostIpGiven)
                {
                    entries.Add((b.ContainerPort, "::", b.HostPort, b.Protocol));
                }
            }
        }
        entries.Sort((x, y) =>
        {
            int k = x.Private.CompareTo(y.Private);
            k = k != 0 ? k : string.CompareOrdinal(x.Ip, y.Ip);
            k = k != 0 ? k : x.Public.CompareTo(y.Public);
            return k != 0 ? k : string.CompareOrdinal(x.Type, y.Type);
        });
        var parts = new List<string>();
        foreach (var (priv, ip, pub, type) in entries)
        {
            parts.Add(ip.Length == 0 ? $"{priv}/{type}" : $"{HostPort(d, ip, pub)}->{priv}/{type}");
        }
        return string.Join(", ", parts);
    }

    private static string HostPort(DockerDaemon d, string ip, ushort port) =>
        ip == "::" ? (d.Version >= DockerVersion.V27 ? $"[::]:{port}" : $":::{port}") : $"{ip}:{port}";

    private static int Port(DockerDaemon d, List<string> rest, StringWriter o, StringWriter e)
    {
        if (rest.Count == 0)
        {
            throw new DockerException("\"docker port\" requires at least 1 argument.\nSee 'docker port --help'.");
        }
        Container c = d.GetContainer(rest[0]);
        string? want = rest.Count > 1 ? (rest[1].Contains('/', StringComparison.Ordinal) ? rest[1] : rest[1] + "/tcp") : null;
        var lines = new List<string>();
        // The client sorts the ports; each port's bindings come in the daemon's order (nat.SortPortMap: highest host port first).
        foreach (PortBinding b in c.Ports.OrderBy(b => b.Key, StringComparer.Ordinal).ThenByDescending(b => b.HostPort))
        {
            if (!c.Running || (want is not null && b.Key != want))
            {
                continue;
            }
            foreach (string ip in b.HostIpGiven ? new[] { b.HostIp.ToString() } : ["0.0.0.0", "::"])
            {
                string where = HostPort(d, ip, b.HostPort);
                lines.Add(want is null ? $"{b.Key} -> {where}" : where);
            }
        }
        if (want is not null && lines.Count == 0)
        {
            e.Write($"Error: No public port '{want}' published for {rest[0]}\n");
            return 1;
        }
        foreach (string l in lines)
        {
            o.Write(l + "\n");
        }
        return 0;
    }
}
