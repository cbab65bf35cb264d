using System.Text;
using YamlDotNet.RepresentationModel;

namespace VNetEmu.Docker.Compose;

public static partial class ComposeLoader
{
    private static readonly HashSet<string> s_serviceKeys =
    [
        "annotations", "attach", "build", "blkio_config", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period",
        "cpu_rt_runtime", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
        "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "label_file", "environment",
        "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image",
        "init", "ipc", "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
        "mem_swappiness", "memswap_limit", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid",
        "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
        "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open",
        "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user",
        "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    ];

    private static ComposeService LoadService(ComposeYaml yaml, string name, YamlNode node, string project)
    {
        string field = "services." + name;
        List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.IsNull(node) ? [] : ComposeYaml.Entries(yaml.Mapping(node, field));
        yaml.CheckKeys(entries, field, s_serviceKeys);
        YamlNode? Get(string key) => Find(entries, key) is YamlNode n && !ComposeYaml.IsNull(n) ? n : null;
        string? Str(string key) => Get(key) is YamlNode n ? yaml.String(n, field + "." + key) : null;
        List<string> Strings(string key) => Get(key) is YamlNode n
            ? n is YamlSequenceNode ? yaml.List(n, field + "." + key).Children.Select(x => yaml.String(x, field + "." + key)).ToList() : [yaml.String(n, field + "." + key)]
            : [];

        if (Get("extends") is not null)
        {
            throw new ComposeException($"vnetemu: {field}.extends is not emulated yet");
        }
        CheckSingleContainer(yaml, field, Get("scale"), Get("deploy"));
        string? image = Str("image");
        bool build = Get("build") is not null;
        if (image is null)
        {
            if (!build)
            {
                throw new ComposeException($"service \"{name}\" has neither an image nor a build context specified: {ComposeException.InvalidProject}");
            }
            image = project + "-" + name; // compose v2's default name for a built image
        }
        string? networkMode = Str("network_mode");
        List<ServiceNetwork> networks = Get("networks") is YamlNode nets ? LoadServiceNetworks(yaml, nets, field + ".networks") : [];
        if (networkMode is not null && networks.Count > 0)
        {
            throw new ComposeException($"service {name} declares mutually exclusive `network_mode` and `networks`: {ComposeException.InvalidProject}");
        }
        if (networkMode is null && networks.Count == 0)
        {
            networks.Add(new ServiceNetwork("default", [], null));
        }
        networks = networks.OrderByDescending(n => n.Priority).ThenBy(n => n.Key, StringComparer.Ordinal).ToList();
        string? mac = Str("mac_address");
        foreach (ServiceNetwork n in networks.Skip(1).Where(n => n.MacAddress is not null))
        {
            throw new ComposeException($"vnetemu: {field}.networks.{n.Key}.mac_address: a MAC address on a network other than the primary one is not emulated yet");
        }
        List<string> links = Strings("links");
        var dependencies = new SortedDictionary<string, ComposeDependency>(StringComparer.Ordinal);
        if (Get("depends_on") is YamlNode deps)
        {
            if (deps is YamlSequenceNode list)
            {
                foreach (YamlNode item in list.Children)
                {
                    string d = yaml.String(item, field + ".depends_on");
                    dependencies[d] = new ComposeDependency(d);
                }
            }
            else
            {
                foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(deps, field + ".depends_on")))
                {
                    dependencies[kv.Key] = LoadDependency(yaml, kv.Key, kv.Value, $"{field}.depends_on.{kv.Key}");
                }
            }
        }
        foreach (string link in links)
        {
            string target = link.Split(':')[0];
            dependencies.TryAdd(target, new ComposeDependency(target, Restart: true));
        }
        if (networkMode is not null && networkMode.StartsWith("service:", StringComparison.Ordinal))
        {
            string target = networkMode["service:".Length..];
            dependencies.TryAdd(target, new ComposeDependency(target, Restart: true));
        }
        return new ComposeService
        {
            Name = name,
            Image = image,
            HasBuild = build,
            Command = Get("command") is YamlNode cmd ? Command(yaml, cmd, field + ".command") : null,
            ContainerName = Str("container_name") ?? $"{project}-{name}-1",
            ContainerNameGiven = Str("container_name") is not null,
            Hostname = Str("hostname"),
            MacAddress = mac,
            NetworkMode = networkMode,
            Networks = networks,
            Ports = Get("ports") is YamlNode ports ? LoadPorts(yaml, ports, field + ".ports") : [],
            Expose = Get("expose") is YamlNode expose
                ? yaml.List(expose, field + ".expose").Children.Select(e => yaml.Scalar(e, field + ".expose")).ToList()
                : [],
            Environment = Get("environment") is YamlNode env
                ? yaml.ListOrDict(env, field + ".environment").Select(kv => kv.Value is null ? kv.Key : kv.Key + "=" + kv.Value).ToList()
                : [],
            Dns = Strings("dns"),
            DnsSearch = Strings("dns_search"),
            DnsOptions = Strings("dns_opt"),
            ExtraHosts = Get("extra_hosts") is YamlNode hosts ? ExtraHosts(yaml, hosts, field + ".extra_hosts") : [],
            Links = links,
            Dependencies = [.. dependencies.Values],
            Profiles = Strings("profiles"),
            HasHealthcheck = Get("healthcheck") is YamlMappingNode health
                && !(Find(ComposeYaml.Entries(health), "disable") is YamlNode off && !ComposeYaml.IsNull(off) && yaml.Bool(off, field + ".healthcheck.disable")),
        };
    }

    private static ComposeDependency LoadDependency(ComposeYaml yaml, string service, YamlNode node, string field)
    {
        List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.Entries(yaml.Mapping(node, field));
        yaml.CheckKeys(entries, field, ["condition", "restart", "required"]);
        YamlNode? condition = Find(entries, "condition");
        YamlNode? required = Find(entries, "required");
        YamlNode? restart = Find(entries, "restart");
        if (condition is null)
        {
            throw new ComposeException($"validating {yaml.Path}: {field} condition is required");
        }
        string c = yaml.String(condition, field + ".condition");
        if (c is not (ComposeDependency.Started or "service_healthy" or "service_completed_successfully"))
        {
            yaml.Invalid(field + ".condition", "must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"");
        }
        return new ComposeDependency(service, c, required is null || ComposeYaml.IsNull(required) || yaml.Bool(required, field + ".required"),
            restart is not null && !ComposeYaml.IsNull(restart) && yaml.Scalar(restart, field + ".restart", "must be a boolean or string") is "true" or "True" or "TRUE" or "1");
    }

    /// <summary><c>extra_hosts</c>: a list of HOST:IP or HOST=IP, or a mapping HOST: IP (compose-go HostsList).</summary>
    private static List<string> ExtraHosts(ComposeYaml yaml, YamlNode node, string field)
    {
        var result = new List<string>();
        if (node is YamlSequenceNode seq)
        {
            foreach (YamlNode item in seq.Children)
            {
                string entry = yaml.String(item, field);
                int eq = entry.IndexOf('=', StringComparison.Ordinal);
                int colon = entry.IndexOf(':', StringComparison.Ordinal);
                int split = eq >= 0 ? eq : colon;
                if (split < 0)
                {
                    throw new ComposeException($"invalid additional host, missing IP: {entry}");
                }
                result.Add(entry[..split] + ":" + entry[(split + 1)..]);
            }
            return result;
        }
        foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(node, field)))
        {
            result.Add(kv.Key + ":" + yaml.Scalar(kv.Value, field + "." + kv.Key, "must be a string"));
        }
        return result;
    }

    /// <summary>One container per service is emulated: <c>scale</c> and <c>deploy.replicas</c> above 1 are refused.</summary>
    private static void CheckSingleContainer(ComposeYaml yaml, string field, YamlNode? scale, YamlNode? deploy)
    {
        if (scale is not null && yaml.Integer(scale, field + ".scale") > 1)
        {
            throw new ComposeException($"vnetemu: {field}.scale: more than one container per service is not emulated yet");
        }
        if (deploy is YamlMappingNode map && Find(ComposeYaml.Entries(map), "replicas") is YamlNode r && !ComposeYaml.IsNull(r)
            && yaml.Integer(r, field + ".deploy.replicas") > 1)
        {
            throw new ComposeException($"vnetemu: {field}.deploy.replicas: more than one container per service is not emulated yet");
        }
    }

    private static List<string> Command(ComposeYaml yaml, YamlNode node, string field) =>
        node is YamlSequenceNode seq
            ? seq.Children.Select(c => yaml.Scalar(c, field, "must be a string")).ToList()
            : ShellSplit(yaml.Scalar(node, field, "must be a string"));

    /// <summary>Splits a command string into words as a POSIX shell would (quotes and backslashes).</summary>
    internal static List<string> ShellSplit(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }
                    word.Append(text[i]);
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static List<ServiceNetwork> LoadServiceNetworks(ComposeYaml yaml, YamlNode node, string field)
    {
        var result = new List<ServiceNetwork>();
        if (node is YamlSequenceNode seq)
        {
            foreach (YamlNode item in seq.Children)
            {
                result.Add(new ServiceNetwork(yaml.String(item, field), [], null));
            }
            return result;
        }
        if (node is not YamlMappingNode)
        {
            yaml.Invalid(field, "must be a list");
        }
        foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries((YamlMappingNode)node))
        {
            if (ComposeYaml.IsNull(kv.Value))
            {
                result.Add(new ServiceNetwork(kv.Key, [], null));
                continue;
            }
            string netField = field + "." + kv.Key;
            List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.Entries(yaml.Mapping(kv.Value, netField));
            yaml.CheckKeys(entries, netField, ["aliases", "interface_name", "ipv4_address", "ipv6_address", "link_local_ips", "mac_address", "driver_opts", "priority", "gw_priority"]);
            foreach (string key in new[] { "interface_name", "ipv6_address", "link_local_ips", "driver_opts", "gw_priority" })
            {
                if (Find(entries, key) is YamlNode v && !ComposeYaml.IsNull(v))
                {
                    throw new ComposeException($"vnetemu: {netField}.{key} is not emulated yet");
                }
            }
            string? Get(string key) => Find(entries, key) is YamlNode n && !ComposeYaml.IsNull(n) ? yaml.String(n, netField + "." + key) : null;
            List<string> aliases = Find(entries, "aliases") is YamlNode a && !ComposeYaml.IsNull(a)
                ? yaml.List(a, netField + ".aliases").Children.Select(x => yaml.String(x, netField + ".aliases")).ToList()
                : [];
            int priority = Find(entries, "priority") is YamlNode p && !ComposeYaml.IsNull(p) ? yaml.Integer(p, netField + ".priority") : 0;
            result.Add(new ServiceNetwork(kv.Key, aliases, Get("ipv4_address"), priority) { MacAddress = Get("mac_address") });
        }
        return result;
    }
}
