// Read docker/compose v2 and compose-go (loader, schema, validate.go) before changing the texts here.
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace VNetEmu.Docker.Compose;

/// <summary>Loads the networking part of a compose file (compose spec) as <c>docker compose -f FILE</c> does:
/// project name, services, networks, with compose v2's error texts.</summary>
public static partial class ComposeLoader
{
    private static readonly HashSet<string> s_topKeys = ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"];

    private static readonly HashSet<string> s_networkKeys = ["name", "driver", "driver_opts", "ipam", "external", "internal", "enable_ipv4", "enable_ipv6", "attachable", "labels"];

    /// <summary>Loads <paramref name="text"/>, the content of the file at <paramref name="path"/> (the folder
    /// name gives the project name when the file has no <c>name:</c>).</summary>
    /// <exception cref="ComposeException">The file is not valid; the message is compose's.</exception>
    public static ComposeProject Load(string path, string text)
    {
        var yaml = new ComposeYaml(path);
        YamlMappingNode root = yaml.ParseRoot(text);
        List<KeyValuePair<string, YamlNode>> top = ComposeYaml.Entries(root);
        yaml.CheckKeys(top, "(root)", s_topKeys);
        string project = ProjectName(yaml, top, path);
        Dictionary<string, ComposeNetwork> networks = LoadNetworks(yaml, Find(top, "networks"), project);
        YamlNode? servicesNode = Find(top, "services");
        var services = new List<ComposeService>();
        if (servicesNode is not null && !ComposeYaml.IsNull(servicesNode))
        {
            foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(servicesNode, "services")))
            {
                services.Add(LoadService(yaml, kv.Key, kv.Value, project));
            }
        }
        CheckConsistency(services, networks);
        if (services.Any(s => s.Networks.Any(n => n.Key == "default")) && !networks.ContainsKey("default"))
        {
            networks["default"] = new ComposeNetwork { Key = "default", Name = project + "_default" };
        }
        return new ComposeProject(project, StartOrder(services), networks);
    }

    private static YamlNode? Find(List<KeyValuePair<string, YamlNode>> entries, string key) =>
        entries.LastOrDefault(e => e.Key == key).Value;

    [GeneratedRegex("[a-z0-9_-]")]
    private static partial Regex ProjectChar();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ValidProjectName();

    /// <summary>compose-go NormalizeProjectName: lower case, keep [a-z0-9_-], trim leading '_' and '-'.</summary>
    public static string NormalizeProjectName(string name) =>
        string.Concat(ProjectChar().Matches(name.ToLowerInvariant()).Select(m => m.Value)).TrimStart('_', '-');

    private static string ProjectName(ComposeYaml yaml, List<KeyValuePair<string, YamlNode>> top, string path)
    {
        YamlNode? nameNode = Find(top, "name");
        if (nameNode is not null && !ComposeYaml.IsNull(nameNode))
        {
            string name = yaml.String(nameNode, "name");
            if (!ValidProjectName().IsMatch(name))
            {
                throw new ComposeException($"invalid project name \"{name}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number");
            }
            return name;
        }
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "") ?? "";
        string normalized = NormalizeProjectName(folder);
        if (normalized.Length == 0)
        {
            throw new ComposeException($"project name must not be empty");
        }
        return normalized;
    }

    private static Dictionary<string, ComposeNetwork> LoadNetworks(ComposeYaml yaml, YamlNode? node, string project)
    {
        var result = new Dictionary<string, ComposeNetwork>(StringComparer.Ordinal);
        if (node is null || ComposeYaml.IsNull(node))
        {
            return result;
        }
        foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(node, "networks")))
        {
            string field = "networks." + kv.Key;
            if (ComposeYaml.IsNull(kv.Value))
            {
                result[kv.Key] = new ComposeNetwork { Key = kv.Key, Name = project + "_" + kv.Key };
                continue;
            }
            List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.Entries(yaml.Mapping(kv.Value, field));
            yaml.CheckKeys(entries, field, s_networkKeys);
            string? Str(string key) => Find(entries, key) is YamlNode n && !ComposeYaml.IsNull(n) ? yaml.String(n, field + "." + key) : null;
            bool Flag(string key) => Find(entries, key) is YamlNode n && !ComposeYaml.IsNull(n) && yaml.Bool(n, field + "." + key);
            bool external = Find(entries, "external") is YamlNode ext && !ComposeYaml.IsNull(ext)
                && (ext is YamlMappingNode || yaml.Bool(ext, field + ".external"));
            string? name = Str("name");
            (string? ipamDriver, List<IpamPool> pools) = LoadIpam(yaml, Find(entries, "ipam"), field + ".ipam");
            result[kv.Key] = new ComposeNetwork
            {
                Key = kv.Key,
                Name = name ?? (external ? kv.Key : project + "_" + kv.Key),
                Driver = Str("driver"),
                Internal = Flag("internal"),
                Attachable = Flag("attachable"),
                EnableIpv6 = Flag("enable_ipv6"),
                External = external,
                DriverOpts = Dict(yaml, Find(entries, "driver_opts"), field + ".driver_opts"),
                Labels = Dict(yaml, Find(entries, "labels"), field + ".labels"),
                IpamDriver = ipamDriver,
                IpamConfig = pools,
            };
        }
        return result;
    }

    private static List<KeyValuePair<string, string>> Dict(ComposeYaml yaml, YamlNode? node, string field) =>
        node is null || ComposeYaml.IsNull(node)
            ? []
            : yaml.ListOrDict(node, field).Select(kv => KeyValuePair.Create(kv.Key, kv.Value ?? ""))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();

    private static (string? Driver, List<IpamPool> Pools) LoadIpam(ComposeYaml yaml, YamlNode? node, string field)
    {
        if (node is null || ComposeYaml.IsNull(node))
        {
            return (null, []);
        }
        List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.Entries(yaml.Mapping(node, field));
        yaml.CheckKeys(entries, field, ["driver", "config", "options"]);
        string? driver = Find(entries, "driver") is YamlNode d && !ComposeYaml.IsNull(d) ? yaml.String(d, field + ".driver") : null;
        var pools = new List<IpamPool>();
        if (Find(entries, "config") is YamlNode config && !ComposeYaml.IsNull(config))
        {
            int i = 0;
            foreach (YamlNode item in yaml.List(config, field + ".config").Children)
            {
                string itemField = $"{field}.config.{i++}";
                List<KeyValuePair<string, YamlNode>> pool = ComposeYaml.Entries(yaml.Mapping(item, itemField));
                yaml.CheckKeys(pool, itemField, ["subnet", "ip_range", "gateway", "aux_addresses"]);
                string? Get(string key) => Find(pool, key) is YamlNode n && !ComposeYaml.IsNull(n) ? yaml.String(n, itemField + "." + key) : null;
                pools.Add(new IpamPool(Get("subnet"), Get("gateway"), Get("ip_range")));
            }
        }
        return (driver, pools);
    }

    private static void CheckConsistency(List<ComposeService> services, Dictionary<string, ComposeNetwork> networks)
    {
        foreach (ComposeService s in services)
        {
            foreach (ServiceNetwork n in s.Networks)
            {
                if (n.Key != "default" && !networks.ContainsKey(n.Key))
                {
                    throw new ComposeException($"service \"{s.Name}\" refers to undefined network {n.Key}: {ComposeException.InvalidProject}");
                }
            }
            if (s.NetworkMode is string mode && mode.StartsWith("service:", StringComparison.Ordinal)
                && !services.Any(o => o.Name == mode["service:".Length..]))
            {
                string target = mode["service:".Length..];
                throw new ComposeException($"service \"{target}\" not found for network_mode 'service:{target}'");
            }
            foreach (string dependency in s.DependsOn)
            {
                if (!services.Any(o => o.Name == dependency))
                {
                    throw new ComposeException($"service \"{s.Name}\" depends on undefined service {dependency}: {ComposeException.InvalidProject}");
                }
            }
        }
    }

    /// <summary>Dependencies first; among services whose dependencies are met, by name.</summary>
    private static List<ComposeService> StartOrder(List<ComposeService> services)
    {
        var ordered = new List<ComposeService>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            ComposeService? next = pending.FirstOrDefault(s => s.DependsOn.All(done.Contains));
            if (next is null)
            {
                throw new ComposeException("dependency cycle detected: " + Cycle(pending));
            }
            ordered.Add(next);
            done.Add(next.Name);
            pending.Remove(next);
        }
        return ordered;
    }

    private static string Cycle(List<ComposeService> pending)
    {
        var path = new List<string>();
        ComposeService current = pending[0];
        while (!path.Contains(current.Name))
        {
            path.Add(current.Name);
            current = pending.First(s => s.Name == current.DependsOn.First(d => pending.Any(p => p.Name == d)));
        }
        var sb = new StringBuilder();
        sb.AppendJoin(" -> ", path[path.IndexOf(current.Name)..]).Append(" -> ").Append(current.Name);
        return sb.ToString();
    }
}
