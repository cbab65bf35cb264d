// Read docker/compose v2.32.4 pkg/compose/create.go (getCreateConfigs, defaultNetworkSettings, getAliases,
// getLinks, ensureNetwork) and hash.go before changing this file.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;
using VNetEmu.Wire;

namespace VNetEmu.Docker.Compose;

/// <summary>Turns a service or a network of a <see cref="ComposeProject"/> into the daemon requests compose v2
/// makes through the API — the same <see cref="ContainerCreateRequest"/> and <see cref="NetworkCreateRequest"/>
/// that `docker create` and `docker network create` build — with compose's names, aliases and labels.</summary>
public static class ComposePlanner
{
    /// <summary>compose's error for a missing external network, with the network's name.</summary>
    public static string ExternalNotFound(string name) => $"network {name} declared as external, but could not be found";

    /// <summary>The request of <c>docker network create</c> compose sends for <paramref name="network"/>: its driver,
    /// options, IPAM, flags and labels (the file's, then compose's own with the network's config hash).</summary>
    public static NetworkCreateRequest NetworkCreate(ComposeProject project, ComposeNetwork network)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> label in network.Labels)
        {
            labels[label.Key] = label.Value;
        }
        labels[ComposeLabels.ConfigHash] = NetworkHash(network);
        labels[ComposeLabels.Network] = network.Key;
        labels[ComposeLabels.Project] = project.Name;
        labels[ComposeLabels.Version] = ComposeLabels.ComposeVersion;
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> opt in network.DriverOpts)
        {
            options[opt.Key] = opt.Value;
        }
        return new NetworkCreateRequest
        {
            Name = network.Name,
            Driver = network.Driver ?? "bridge",
            Subnets = network.IpamConfig.Where(p => p.Subnet is not null).Select(p => p.Subnet!).ToList(),
            Gateways = network.IpamConfig.Where(p => p.Gateway is not null).Select(p => p.Gateway!).ToList(),
            IpRanges = network.IpamConfig.Where(p => p.IpRange is not null).Select(p => p.IpRange!).ToList(),
            Internal = network.Internal,
            Attachable = network.Attachable,
            Options = options,
            Labels = labels,
        };
    }

    /// <summary>compose's NetworkHash: the sha256 of compose-go's NetworkConfig as Go's encoding/json writes it
    /// (fields in declaration order, omitempty, maps sorted, the IPAM struct always present).</summary>
    public static string NetworkHash(ComposeNetwork network)
    {
        var o = new JsonObject { ["name"] = network.Name };
        if (network.Driver is not null)
        {
            o["driver"] = network.Driver;
        }
        if (network.DriverOpts.Count > 0)
        {
            o["driver_opts"] = GoJson.Map(network.DriverOpts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }
        var ipam = new JsonObject();
        if (network.IpamDriver is not null)
        {
            ipam["driver"] = network.IpamDriver;
        }
        if (network.IpamConfig.Count > 0)
        {
            var config = new JsonArray();
            foreach (IpamPool pool in network.IpamConfig)
            {
                var p = new JsonObject();
                if (pool.Subnet is not null)
                {
                    p["subnet"] = pool.Subnet;
                }
                if (pool.Gateway is not null)
                {
                    p["gateway"] = pool.Gateway;
                }
                if (pool.IpRange is not null)
                {
                    p["ip_range"] = pool.IpRange;
                }
                config.Add(p);
            }
            ipam["config"] = config;
        }
        o["ipam"] = ipam;
        if (network.External)
        {
            o["external"] = true;
        }
        if (network.Internal)
        {
            o["internal"] = true;
        }
        if (network.Attachable)
        {
            o["attachable"] = true;
        }
        if (network.Labels.Count > 0)
        {
            o["labels"] = GoJson.Map(network.Labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }
        if (network.EnableIpv6 is bool v6)
        {
            o["enable_ipv6"] = v6;
        }
        return Sha256(GoJson.Compact(o));
    }

    /// <summary>The container compose creates for <paramref name="service"/>: named <paramref name="createAs"/> when
    /// given (a recreation's temporary <c>ID12_NAME</c>), else the service's container name, which is also its first
    /// alias. <paramref name="serviceContainer"/> finds the container of another service (for
    /// <c>network_mode: service:X</c> and <c>links:</c>).</summary>
    /// <exception cref="ComposeException">A setting compose refuses, or one not emulated (exit 1).</exception>
    public static ComposeContainerSpec Container(ComposeProject project, ComposeService service,
        Func<string, Container?> serviceContainer, string? createAs = null)
    {
        string name = service.ContainerName;
        ServiceNetwork? primary = service.Networks.Count > 0 ? service.Networks[0] : null;
        string? macText = service.MacAddress;
        if (macText is not null && primary?.MacAddress is string primaryMac && primaryMac != macText)
        {
            throw new ComposeException($"the service-level mac_address should have the same value as network {primary.Key}", ComposeException.Failure);
        }
        macText = primary?.MacAddress ?? macText;
        MacAddress? mac = null;
        if (macText is not null)
        {
            mac = MacAddress.TryParse(macText, out MacAddress m) ? m
                : throw new ComposeException($"Error response from daemon: invalid MAC address: {macText}", ComposeException.Failure);
        }
        string? network;
        List<string> aliases = [];
        Ipv4Address? ip = null;
        var connects = new List<ComposeConnect>();
        if (service.NetworkMode is string mode)
        {
            network = mode;
            if (mode.StartsWith("service:", StringComparison.Ordinal))
            {
                string target = mode["service:".Length..];
                network = "container:" + (serviceContainer(target)?.Id
                    ?? throw new ComposeException($"cannot share network namespace with service {target}: container missing", ComposeException.Failure));
            }
        }
        else
        {
            network = project.Networks[primary!.Key].Name;
            aliases = Aliases(name, service, primary);
            ip = Address(primary);
            foreach (ServiceNetwork extra in service.Networks.Skip(1))
            {
                connects.Add(new ComposeConnect(project.Networks[extra.Key].Name, Address(extra), Aliases(name, service, extra)));
            }
        }
        var ports = new List<PortBinding>();
        foreach (ComposePort p in service.Ports)
        {
            if (p.HostIp.Contains(':', StringComparison.Ordinal))
            {
                throw new ComposeException($"vnetemu: services.{service.Name}.ports: publishing on an IPv6 address ({p.HostIp}) is not emulated", ComposeException.Failure);
            }
            ports.AddRange(PortSpec.Parse(p.DockerSpec));
        }
        bool discarded = network == "host" && ports.Count > 0;
        if (discarded)
        {
            ports.Clear();
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string e in service.Environment)
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[e[..eq]] = e[(eq + 1)..];
            }
        }
        var request = new ContainerCreateRequest
        {
            Name = createAs ?? name,
            Image = service.Image,
            Cmd = service.Command?.ToList() ?? [],
            Network = network,
            Ip = ip,
            Aliases = aliases,
            Hostname = service.Hostname,
            Mac = mac,
            Ports = ports,
            Dns = [.. service.Dns],
            DnsSearch = [.. service.DnsSearch],
            DnsOptions = [.. service.DnsOptions],
            ExtraHosts = [.. service.ExtraHosts],
            Links = Links(project, service, serviceContainer),
            Env = env,
        };
        return new ComposeContainerSpec(request, connects, Labels(project, service, ConfigHash(request, connects)), discarded);
    }

    /// <summary>compose's getAliases: the container's name, the service's name, then the network's aliases.</summary>
    private static List<string> Aliases(string containerName, ComposeService service, ServiceNetwork network) =>
        [containerName, service.Name, .. network.Aliases];

    private static Ipv4Address? Address(ServiceNetwork network)
    {
        if (network.Ipv4Address is not string text)
        {
            return null;
        }
        return Ipv4Address.TryParse(text, out Ipv4Address a) ? a
            : throw new ComposeException($"Error response from daemon: invalid IPv4 address: {text}", ComposeException.Failure);
    }

    /// <summary>compose's getLinks: for each linked service's container, the link name, SERVICE-1 and PROJECT-SERVICE-1.</summary>
    private static List<(string Target, string Alias)> Links(ComposeProject project, ComposeService service, Func<string, Container?> serviceContainer)
    {
        var links = new List<(string, string)>();
        foreach (string link in service.Links)
        {
            string[] parts = link.Split(':');
            string linked = parts[0];
            string alias = parts.Length == 2 ? parts[1] : linked;
            if (serviceContainer(linked) is { } c)
            {
                links.Add((c.Name, alias));
                links.Add((c.Name, linked + "-1"));
                links.Add((c.Name, $"{project.Name}-{linked}-1"));
            }
        }
        return links;
    }

    /// <summary>The labels compose puts on a service's container (ServiceHash is Go's JSON of the whole service
    /// model; the hash here covers what is emulated: the create request and the extra networks).</summary>
    private static SortedDictionary<string, string> Labels(ComposeProject project, ComposeService service, string hash) => new(StringComparer.Ordinal)
    {
        [ComposeLabels.ConfigHash] = hash,
        [ComposeLabels.ContainerNumber] = "1",
        [ComposeLabels.DependsOn] = string.Join(",", service.Dependencies.Select(d => $"{d.Service}:{d.Condition}:{(d.Restart ? "true" : "false")}")),
        [ComposeLabels.OneOff] = "False",
        [ComposeLabels.Project] = project.Name,
        [ComposeLabels.ConfigFiles] = project.ComposeFile,
        [ComposeLabels.WorkingDir] = project.WorkingDir,
        [ComposeLabels.Service] = service.Name,
        [ComposeLabels.Version] = ComposeLabels.ComposeVersion,
    };

    private static string ConfigHash(ContainerCreateRequest r, List<ComposeConnect> connects)
    {
        var sb = new StringBuilder();
        void Field(string key, object? value) => sb.Append(key).Append('=').Append(value).Append('\n');
        Field("image", r.Image);
        Field("cmd", string.Join('\0', r.Cmd));
        Field("network", r.Network);
        Field("ip", r.Ip);
        Field("aliases", string.Join(',', r.Aliases.Skip(1))); // the first is the container's own name
        Field("hostname", r.Hostname);
        Field("mac", r.Mac);
        Field("ports", string.Join(',', r.Ports.Select(p => $"{p.HostIp}:{p.HostIpGiven}:{p.HostPortLow}-{p.HostPortHigh}:{p.ContainerPort}/{p.Protocol}")));
        Field("dns", string.Join(',', r.Dns) + ";" + string.Join(',', r.DnsSearch) + ";" + string.Join(',', r.DnsOptions));
        Field("hosts", string.Join(',', r.ExtraHosts));
        Field("links", string.Join(',', r.Links.Select(l => l.Target + ":" + l.Alias)));
        Field("env", string.Join('\0', r.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
        foreach (ComposeConnect c in connects)
        {
            Field("connect", $"{c.Network}:{c.Ip}:{string.Join(',', c.Aliases.Skip(1))}");
        }
        return Sha256(sb.ToString());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
