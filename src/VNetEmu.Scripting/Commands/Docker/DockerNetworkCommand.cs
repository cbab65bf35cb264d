using System.Text.Json.Nodes;
using VNetEmu.Docker;
using VNetEmu.Docker.Formatting;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker network create|ls|inspect|rm|prune|connect|disconnect`.</summary>
public static class DockerNetworkCommand
{
    public static int Run(CommandContext ctx, StringWriter o, StringWriter e)
    {
        IReadOnlyList<string> args = ctx.Args;
        string sub = args.Count > 2 ? args[2] : "";
        List<string> rest = args.Skip(3).ToList();
        DockerDaemon d = DockerCommand.Daemon(ctx);
        switch (sub)
        {
            case "create":
                return Create(d, rest, o);
            case "ls" or "list":
                return List(d, rest, o);
            case "inspect":
                {
                    DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--format" }, new HashSet<string> { "-v", "--verbose" }, false, "docker network inspect");
                    var docs = new List<JsonNode>();
                    int code = 0;
                    foreach (string name in a.Positional)
                    {
                        if (d.FindNetwork(name) is { } n)
                        {
                            docs.Add(new InspectJson(d).Network(n));
                        }
                        else
                        {
                            e.Write((d.Version >= DockerVersion.V27 ? $"Error response from daemon: network {name} not found" : $"Error: No such network: {name}") + "\n");
                            code = 1;
                        }
                    }
                    if (docs.Count > 0 || code == 0)
                    {
                        DockerCommand.PrintInspect(o, docs, a.Value("-f", "--format"));
                    }
                    return code;
                }
            case "rm" or "remove":
                {
                    int code = 0;
                    foreach (string name in rest.Where(r => !r.StartsWith('-')))
                    {
                        try
                        {
                            DockerNetwork n = d.FindNetwork(name) ?? throw (d.Version >= DockerVersion.V27
                                ? DockerException.Daemon($"network {name} not found")
                                : new DockerException($"Error: No such network: {name}"));
                            d.RemoveNetwork(n);
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
            case "prune":
                {
                    List<string> removed = d.PruneNetworks();
                    if (removed.Count > 0)
                    {
                        o.Write("Deleted Networks:\n");
                        foreach (string n in removed)
                        {
                            o.Write(n + "\n");
                        }
                    }
                    return 0;
                }
            case "connect":
                {
                    DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "--ip", "--alias", "--ip6", "--link", "--driver-opt" }, new HashSet<string>(), false, "docker network connect");
                    if (a.Positional.Count != 2)
                    {
                        throw new DockerException("\"docker network connect\" requires exactly 2 arguments.\nSee 'docker network connect --help'.\n\nUsage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\nConnect a container to a network");
                    }
                    DockerNetwork n = d.GetNetwork(a.Positional[0]);
                    Container c = d.GetContainer(a.Positional[1]);
                    Ipv4Address? ip = null;
                    if (a.Value("--ip") is { } text)
                    {
                        ip = Ipv4Address.TryParse(text, out Ipv4Address p) ? p : throw new DockerException($"invalid argument \"{text}\" for \"--ip\" flag: invalid string being converted to IP address: {text}\nSee 'docker network connect --help'.");
                    }
                    d.Connect(n, c, ip, a.Values("--alias"));
                    return 0;
                }
            case "disconnect":
                {
                    List<string> pos = rest.Where(r => !r.StartsWith('-')).ToList();
                    if (pos.Count != 2)
                    {
                        throw new DockerException("\"docker network disconnect\" requires exactly 2 arguments.\nSee 'docker network disconnect --help'.\n\nUsage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n\nDisconnect a container from a network");
                    }
                    d.Disconnect(d.GetNetwork(pos[0]), d.GetContainer(pos[1]));
                    return 0;
                }
            default:
                e.Write("\nUsage:  docker network COMMAND\n\nManage networks\n\nCommands:\n  connect     Connect a container to a network\n  create      Create a network\n  disconnect  Disconnect a container from a network\n  inspect     Display detailed information on one or more networks\n  ls          List networks\n  prune       Remove all unused networks\n  rm          Remove one or more networks\n\nRun 'docker network COMMAND --help' for more information on a command.\n");
                return sub.Length == 0 ? 0 : 1;
        }
    }

    private static int Create(DockerDaemon d, List<string> rest, StringWriter o)
    {
        DockerArgs a = DockerArgs.Parse(rest,
            new HashSet<string> { "-d", "--driver", "--subnet", "--gateway", "--ip-range", "-o", "--opt", "--label", "--aux-address", "--ipam-driver", "--ipam-opt", "--scope", "--config-from" },
            new HashSet<string> { "--internal", "--attachable", "--ipv6", "--ingress", "--config-only" }, false, "docker network create");
        if (a.Positional.Count != 1)
        {
            throw new DockerException("\"docker network create\" requires exactly 1 argument.\nSee 'docker network create --help'.\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nCreate a network");
        }
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string kv in a.Values("-o", "--opt"))
        {
            int eq = kv.IndexOf('=', StringComparison.Ordinal);
            options[eq < 0 ? kv : kv[..eq]] = eq < 0 ? "" : kv[(eq + 1)..];
        }
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string kv in a.Values("--label"))
        {
            int eq = kv.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? kv : kv[..eq]] = eq < 0 ? "" : kv[(eq + 1)..];
        }
        DockerNetwork n = d.CreateNetwork(new NetworkCreateRequest
        {
            Name = a.Positional[0],
            Driver = a.Value("-d", "--driver") ?? "bridge",
            Subnets = a.Values("--subnet"),
            Gateways = a.Values("--gateway"),
            IpRanges = a.Values("--ip-range"),
            Internal = a.Has("--internal"),
            Attachable = a.Has("--attachable"),
            Options = options,
            Labels = labels,
        });
        o.Write(n.Id + "\n");
        return 0;
    }

    private static int List(DockerDaemon d, List<string> rest, StringWriter o)
    {
        DockerArgs a = DockerArgs.Parse(rest, new HashSet<string> { "-f", "--filter", "--format" }, new HashSet<string> { "-q", "--quiet", "--no-trunc" }, false, "docker network ls");
        bool noTrunc = a.Has("--no-trunc");
        var rows = new List<JsonObject>();
        foreach (DockerNetwork n in d.Networks.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (!Matches(n, a.Values("-f", "--filter")))
            {
                continue;
            }
            rows.Add(new JsonObject
            {
                ["ID"] = noTrunc ? n.Id : n.ShortId,
                ["Name"] = n.Name,
                ["Driver"] = n.Driver,
                ["Scope"] = "local",
                ["IPv6"] = "false",
                ["Internal"] = n.Internal ? "true" : "false",
                ["CreatedAt"] = n.Created.ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + " +0000 UTC",
                ["Labels"] = string.Join(",", n.Labels.Select(kv => $"{kv.Key}={kv.Value}")),
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
        string format = a.Value("--format") ?? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
        o.Write(DockerTables.Render(format, rows, DockerTables.NetworkHeaders));
        return 0;
    }

    private static bool Matches(DockerNetwork n, List<string> filters)
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string f in filters)
        {
            int eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new DockerException($"Error response from daemon: invalid filter '{f}'");
            }
            string key = f[..eq];
            if (key is not ("name" or "driver" or "id" or "type" or "label" or "scope" or "dangling"))
            {
                throw new DockerException($"Error response from daemon: invalid filter '{key}'");
            }
            (byKey.TryGetValue(key, out var l) ? l : byKey[key] = []).Add(f[(eq + 1)..]);
        }
        foreach (var (key, values) in byKey)
        {
            bool any = values.Exists(v => key switch
            {
                "name" => n.Name.Contains(v, StringComparison.Ordinal),
                "driver" => n.Driver == v,
                "id" => n.Id.StartsWith(v, StringComparison.Ordinal),
                "type" => v == "custom" ? !n.IsPredefined : v == "builtin" && n.IsPredefined,
                "scope" => v == "local",
                "dangling" => (v == "true") == (n.Endpoints.Count == 0 && !n.IsPredefined),
                _ => v.Contains('=', StringComparison.Ordinal) ? n.Labels.TryGetValue(v[..v.IndexOf('=', StringComparison.Ordinal)], out string? lv) && lv == v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..] : n.Labels.ContainsKey(v),
            });
            if (!any)
            {
                return false;
            }
        }
        return true;
    }
}
