using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>`docker network inspect` and `docker inspect` documents, field for field in Docker's order (20.10
/// layout, with the fields later versions add).</summary>
public sealed class InspectJson(DockerDaemon daemon)
{
    public JsonObject Network(DockerNetwork n)
    {
        var config = new JsonArray();
        if (n.Pool is { } pool)
        {
            var entry = new JsonObject { ["Subnet"] = pool.Subnet.ToString() };
            if (n.IpRange is { } r)
            {
                entry["IPRange"] = r.ToString();
            }
            if (!n.IsDefaultBridge || daemon.Version >= DockerVersion.V27)
            {
                entry["Gateway"] = n.Gateway.ToString();
            }
            config.Add(entry);
        }
        var containers = new JsonObject();
        foreach (Endpoint e in n.Endpoints)
        {
            containers[e.Container.Id] = new JsonObject
            {
                ["Name"] = e.Container.Name,
                ["EndpointID"] = e.Id,
                ["MacAddress"] = e.Mac.ToString(),
                ["IPv4Address"] = $"{e.Address}/{n.Pool!.Subnet.Length}",
                ["IPv6Address"] = "",
            };
        }
        var doc = new JsonObject
        {
            ["Name"] = n.Name,
            ["Id"] = n.Id,
            ["Created"] = daemon.FormatTime(n.Created),
            ["Scope"] = "local",
            ["Driver"] = n.Driver,
        };
        if (daemon.Version >= DockerVersion.V28)
        {
            doc["EnableIPv4"] = n.Driver == "bridge";
        }
        doc["EnableIPv6"] = false;
        doc["IPAM"] = new JsonObject { ["Driver"] = "default", ["Options"] = n.IsBridge && !n.IsDefaultBridge ? new JsonObject() : null, ["Config"] = config };
        doc["Internal"] = n.Internal;
        doc["Attachable"] = n.Attachable;
        doc["Ingress"] = false;
        doc["ConfigFrom"] = new JsonObject { ["Network"] = "" };
        doc["ConfigOnly"] = false;
        doc["Containers"] = GoJson.MarkMap(containers);
        doc["Options"] = Map(n.Options);
        doc["Labels"] = Map(n.Labels);
        return doc;
    }

    private static JsonObject Map(SortedDictionary<string, string> values)
    {
        var o = GoJson.Map();
        foreach (var (k, v) in values)
        {
            o[k] = v;
        }
        return o;
    }

    /// <summary>`.NetworkSettings.Ports` (and the shape of `.HostConfig.PortBindings` with the requested ports).</summary>
    public static JsonObject Ports(Container c, bool requested)
    {
        JsonObject o = GoJson.Map();
        foreach (string exposed in c.Image.ExposedPorts)
        {
            if (!requested)
            {
                o[exposed] = null;
            }
        }
        // Requested bindings as given; the actual ones as the daemon sorts them (nat.SortPortMap: highest host port first).
        foreach (PortBinding b in requested ? c.Ports : (IEnumerable<PortBinding>)c.Ports.OrderByDescending(b => b.HostPort))
        {
            if (o[b.Key] is not JsonArray list)
            {
                list = [];
                o[b.Key] = list;
            }
            ushort port = requested ? b.HostPortLow : b.HostPort;
            string portText = requested
                ? (b.HostPortLow == 0 ? "" : b.HostPortHigh > b.HostPortLow ? $"{b.HostPortLow}-{b.HostPortHigh}" : port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!requested && !c.Running)
            {
                continue;
            }
            list.Add(new JsonObject { ["HostIp"] = requested ? (b.HostIpGiven ? b.HostIp.ToString() : "") : b.HostIp.ToString(), ["HostPort"] = portText });
            if (!requested && !b.HostIpGiven)
            {
                list.Add(new JsonObject { ["HostIp"] = "::", ["HostPort"] = portText });
            }
        }
        return o;
    }

    public JsonObject Endpoint(Endpoint e) => new()
    {
        ["IPAMConfig"] = e.RequestedAddress is { } ip ? new JsonObject { ["IPv4Address"] = ip.ToString() } : null,
        ["Links"] = null,
        ["Aliases"] = e.Network.IsDefaultBridge ? null : Aliases(e),
        ["NetworkID"] = e.Network.Id,
        ["EndpointID"] = e.Id,
        ["Gateway"] = e.Network.Internal ? "" : e.Network.Gateway.ToString(),
        ["IPAddress"] = e.Address.ToString(),
        ["IPPrefixLen"] = e.Network.Pool!.Subnet.Length,
        ["IPv6Gateway"] = "",
        ["GlobalIPv6Address"] = "",
        ["GlobalIPv6PrefixLen"] = 0,
        ["MacAddress"] = e.Mac.ToString(),
        ["DriverOpts"] = null,
    };

    /// <summary>20.10 lists the given aliases plus the short id (and the hostname when it differs from the name).</summary>
    private static JsonArray Aliases(Endpoint e)
    {
        var a = new JsonArray();
        foreach (string alias in e.Aliases)
        {
            a.Add(alias);
        }
        a.Add(e.Container.ShortId);
        if (e.Container.HostnameGiven && e.Container.Hostname != e.Container.Name)
        {
            a.Add(e.Container.Hostname);
        }
        return a;
    }

    public JsonObject NetworkSettings(Container c)
    {
        Endpoint? def = c.Endpoints.Find(e => e.Network.IsDefaultBridge);
        JsonObject networks = GoJson.Map();
        foreach (Endpoint e in c.Endpoints)
        {
            networks[e.Network.Name] = Endpoint(e);
        }
        if (!c.Running)
        {
            foreach (NetworkAttachment a in c.Attachments)
            {
                networks[a.Network.Name] = new JsonObject
                {
                    ["IPAMConfig"] = a.RequestedAddress is { } ip ? new JsonObject { ["IPv4Address"] = ip.ToString() } : null,
                    ["Links"] = null,
                    ["Aliases"] = a.Network.IsDefaultBridge ? null : new JsonArray([.. a.Aliases.Select(x => (JsonNode)x)]),
                    ["NetworkID"] = a.Network.Id,
                    ["EndpointID"] = "",
                    ["Gateway"] = "",
                    ["IPAddress"] = "",
                    ["IPPrefixLen"] = 0,
                    ["IPv6Gateway"] = "",
                    ["GlobalIPv6Address"] = "",
                    ["GlobalIPv6PrefixLen"] = 0,
                    ["MacAddress"] = "",
                    ["DriverOpts"] = null,
                };
            }
            if (c.NetworkMode is "host" or "none")
            {
                networks[c.NetworkMode] = null;
            }
        }
        return new JsonObject
        {
            ["Bridge"] = "",
            ["SandboxID"] = c.Running ? c.SandboxId : "",
            ["HairpinMode"] = false,
            ["LinkLocalIPv6Address"] = "",
            ["LinkLocalIPv6PrefixLen"] = 0,
            ["Ports"] = Ports(c, requested: false),
            ["SandboxKey"] = c.Running ? c.SandboxKey : "",
            ["SecondaryIPAddresses"] = null,
            ["SecondaryIPv6Addresses"] = null,
            ["EndpointID"] = def?.Id ?? "",
            ["Gateway"] = def?.Network.Gateway.ToString() ?? "",
            ["GlobalIPv6Address"] = "",
            ["GlobalIPv6PrefixLen"] = 0,
            ["IPAddress"] = def?.Address.ToString() ?? "",
            ["IPPrefixLen"] = def?.Network.Pool!.Subnet.Length ?? 0,
            ["IPv6Gateway"] = "",
            ["MacAddress"] = def?.Mac.ToString() ?? "",
            ["Networks"] = networks,
        };
    }

    public JsonObject Container(Container c)
    {
        string path = "/var/lib/docker/containers/" + c.Id + "/";
        var cmd = new JsonArray();
        foreach (string a in c.Cmd)
        {
            cmd.Add(a);
        }
        JsonObject exposed = GoJson.Map();
        foreach (string p in c.Image.ExposedPorts)
        {
            exposed[p] = new JsonObject();
        }
        foreach (PortBinding b in c.Ports)
        {
            exposed[b.Key] = new JsonObject();
        }
        var env = new JsonArray();
        foreach (var (k, v) in c.Userspace.Environment)
        {
            if (k != "HOSTNAME")
            {
                env.Add($"{k}={v}");
            }
        }
        var links = new JsonArray();
        foreach (var (t, alias) in c.Links)
        {
            links.Add($"/{daemon.FindContainer(t)?.Name ?? t}:/{c.Name}/{alias}");
        }
        return new JsonObject
        {
            ["Id"] = c.Id,
            ["Created"] = daemon.FormatTime(c.Created),
            ["Path"] = c.Cmd.Count > 0 ? c.Cmd[0] : "",
            ["Args"] = new JsonArray([.. c.Cmd.Skip(1).Select(a => (JsonNode)a)]),
            ["State"] = new JsonObject
            {
                ["Status"] = DockerDaemon.StateText(c.State),
                ["Running"] = c.Running,
                ["Paused"] = false,
                ["Restarting"] = false,
                ["OOMKilled"] = false,
                ["Dead"] = false,
                ["Pid"] = c.Running ? c.Pid : 0,
                ["ExitCode"] = c.ExitCode,
                ["Error"] = c.Error,
                ["StartedAt"] = c.StartedAt is { } s ? daemon.FormatTime(s) : "0001-01-01T00:00:00Z",
                ["FinishedAt"] = c.FinishedAt is { } f ? daemon.FormatTime(f) : "0001-01-01T00:00:00Z",
            },
            ["Image"] = "sha256:" + c.Image.Id,
            ["ResolvConfPath"] = path + "resolv.conf",
            ["HostnamePath"] = path + "hostname",
            ["HostsPath"] = path + "hosts",
            ["Name"] = "/" + c.Name,
            ["RestartCount"] = 0,
            ["Driver"] = "overlay2",
            ["Platform"] = "linux",
            ["HostConfig"] = new JsonObject
            {
                ["NetworkMode"] = c.NetworkMode,
                ["PortBindings"] = Ports(c, requested: true),
                ["AutoRemove"] = c.AutoRemove,
                ["Dns"] = new JsonArray([.. c.Dns.Select(x => (JsonNode)x)]),
                ["DnsOptions"] = new JsonArray([.. c.DnsOptions.Select(x => (JsonNode)x)]),
                ["DnsSearch"] = new JsonArray([.. c.DnsSearch.Select(x => (JsonNode)x)]),
                ["ExtraHosts"] = c.ExtraHosts.Count > 0 ? new JsonArray([.. c.ExtraHosts.Select(x => (JsonNode)x)]) : null,
                ["Links"] = links.Count > 0 ? links : GoJson.NilSlice(),
                ["PublishAllPorts"] = c.PublishAll,
            },
            ["Config"] = new JsonObject
            {
                ["Hostname"] = c.Hostname,
                ["Domainname"] = "",
                ["ExposedPorts"] = exposed.Count > 0 ? exposed : null,
                ["Tty"] = c.Tty,
                ["OpenStdin"] = c.Interactive,
                ["Env"] = env,
                ["Cmd"] = cmd,
                ["Image"] = c.Image.Name,
            },
            ["NetworkSettings"] = NetworkSettings(c),
        };
    }
}
