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

        string? image = Str("image");
        if (image is null)
        {
            if (Get("build") is null)
            {
                throw new ComposeException($"service \"{name}\" has neither an image nor a build context specified: {ComposeException.InvalidProject}");
            }
            image = project + "-" + name; // compose v2's default name for a built image; building is not emulated
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
        var dependsOn = new SortedSet<string>(StringComparer.Ordinal);
        if (Get("depends_on") is YamlNode deps)
        {
            if (deps is YamlSequenceNode list)
            {
                foreach (YamlNode item in list.Children)
                {
                    dependsOn.Add(yaml.String(item, field + ".depends_on"));
                }
            }
            else
            {
                foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(deps, field + ".depends_on")))
                {
                    dependsOn.Add(kv.Key);
                }
            }
        }
        if (networkMode is not null && networkMode.StartsWith("service:", StringComparison.Ordinal))
        {
            dependsOn.Add(networkMode["service:".Length..]);
        }
        return new ComposeService
        {
            Name = name,
            Image = image,
            Command = Get("command") is YamlNode cmd ? Command(yaml, cmd, field + ".command") : null,
            ContainerName = Str("container_name") ?? $"{project}-{name}-1",
            Hostname = Str("hostname"),
            MacAddress = Str("mac_address"),
            NetworkMode = networkMode,
            Networks = networks.OrderByDescending(n => n.Priority).ThenBy(n => n.Key, StringComparer.Ordinal).ToList(),
            Ports = Get("ports") is YamlNode ports ? LoadPorts(yaml, ports, field + ".ports") : [],
            Expose = Get("expose") is YamlNode expose
                ? yaml.List(expose, field + ".expose").Children.Select(e => yaml.Scalar(e, field + ".expose")).ToList()
                : [],
            Environment = Get("environment") is YamlNode env
                ? yaml.ListOrDict(env, field + ".environment").Select(kv => kv.Value is null ? kv.Key : kv.Key + "=" + kv.Value).ToList()
                : [],
            DependsOn = [.. dependsOn],
        };
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
            List<string> aliases = Find(entries, "aliases") is YamlNode a && !ComposeYaml.IsNull(a)
                ? yaml.List(a, netField + ".aliases").Children.Select(x => yaml.String(x, netField + ".aliases")).ToList()
                : [];
            string? ip = Find(entries, "ipv4_address") is YamlNode i && !ComposeYaml.IsNull(i) ? yaml.String(i, netField + ".ipv4_address") : null;
            int priority = Find(entries, "priority") is YamlNode p && !ComposeYaml.IsNull(p) ? yaml.Integer(p, netField + ".priority") : 0;
            result.Add(new ServiceNetwork(kv.Key, aliases, ip, priority));
        }
        return result;
    }
}
