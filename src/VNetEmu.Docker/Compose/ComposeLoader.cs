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
    /// name gives the project name when neither <paramref name="projectName"/> nor <c>name:</c> does).</summary>
    /// <param name="projectName"><c>-p</c>, already checked with <see cref="CheckProjectName"/>.</param>
    /// <param name="profiles"><c>--profile</c> values (<c>*</c> enables every service).</param>
    /// <exception cref="ComposeException">The file is not valid; the message is compose's.</exception>
    public static ComposeProject Load(string path, string text, string? projectName = null, IReadOnlyCollection<string>? profiles = null)
    {
        var yaml = new ComposeYaml(path);
        YamlMappingNode root = yaml.ParseRoot(text);
        Unescape(root);
        List<KeyValuePair<string, YamlNode>> top = ComposeYaml.Entries(root);
        yaml.CheckKeys(top, "(root)", s_topKeys);
        var warnings = new List<string>();
        if (Find(top, "version") is not null)
        {
            warnings.Add($"{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion");
        }
        if (Find(top, "include") is YamlNode include && !ComposeYaml.IsNull(include))
        {
            throw new ComposeException("vnetemu: include is not emulated yet");
        }
        string project = projectName ?? ProjectName(yaml, top, path);
        Dictionary<string, ComposeNetwork> networks = LoadNetworks(yaml, Find(top, "networks"), project);
        YamlNode? servicesNode = Find(top, "services");
        var all = new List<ComposeService>();
        if (servicesNode is not null && !ComposeYaml.IsNull(servicesNode))
        {
            foreach (KeyValuePair<string, YamlNode> kv in ComposeYaml.Entries(yaml.Mapping(servicesNode, "services")))
            {
                all.Add(LoadService(yaml, kv.Key, kv.Value, project));
            }
        }
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        bool Enabled(ComposeService s) => s.Profiles.Count == 0 || (profiles is not null && s.Profiles.Any(p => profiles.Contains(p) || profiles.Contains("*")));
        List<ComposeService> services = all.Where(Enabled).ToList();
        List<string> disabled = all.Where(s => !Enabled(s)).Select(s => s.Name).ToList();
        services = CheckConsistency(services, disabled, networks);
        if (services.Any(s => s.Networks.Any(n => n.Key == "default")) && !networks.ContainsKey("default"))
        {
            networks["default"] = new ComposeNetwork { Key = "default", Name = project + "_default" };
        }
        // compose drops the networks no service uses (Project.WithoutUnnecessaryResources).
        var used = networks.Values.Where(n => services.Any(s => s.Networks.Any(sn => sn.Key == n.Key)))
            .ToDictionary(n => n.Key, StringComparer.Ordinal);
        return new ComposeProject(project, StartOrder(services), used)
        {
            ComposeFile = path,
            DisabledServices = disabled,
            Warnings = warnings,
        };
    }

    /// <summary>compose-go's check of <c>-p</c>: it must already be in normalized form.</summary>
    public static void CheckProjectName(string name)
    {
        if (name != NormalizeProjectName(name))
        {
            throw new ComposeException(InvalidProjectName(name));
        }
    }

    private static string InvalidProjectName(string name) =>
        $"invalid project name \"{name}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number";

    /// <summary>Interpolation: <c>$$</c> is a literal <c>$</c>; variables are not emulated (the scenario's
    /// environment does not reach docker compose), so any other <c>$</c> is refused rather than misread.</summary>
    private static void Unescape(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: string v } scalar when v.Contains('$', StringComparison.Ordinal):
                var sb = new StringBuilder();
                for (int i = 0; i < v.Length; i++)
                {
                    if (v[i] != '$')
                    {
                        sb.Append(v[i]);
                    }
                    else if (i + 1 < v.Length && v[i + 1] == '$')
                    {
                        sb.Append('$');
                        i++;
                    }
                    else
                    {
                        throw new ComposeException($"vnetemu: variable interpolation in compose files is not emulated yet: {v}");
                    }
                }
                scalar.Value = sb.ToString();
                break;
            case YamlMappingNode map:
                foreach (KeyValuePair<YamlNode, YamlNode> kv in map.Children)
                {
                    Unescape(kv.Value);
                }
                break;
            case YamlSequenceNode seq:
                foreach (YamlNode item in seq.Children)
                {
                    Unescape(item);
                }
                break;
        }
    }

    private static YamlNode? Find(List<KeyValuePair<string, YamlNode>> entries, string key) =>
        entries.LastOrDefault(e => e.Key == key).Value;

    [GeneratedRegex("[a-z0-9_-]")]
    private static partial Regex ProjectChar();

    /// <summary>compose-go NormalizeProjectName: lower case, keep [a-z0-9_-], trim leading '_' and '-'.</summary>
    public static string NormalizeProjectName(string name) =>
        string.Concat(ProjectChar().Matches(name.ToLowerInvariant()).Select(m => m.Value)).TrimStart('_', '-');

    /// <summary>compose-go: a <c>name:</c> in the file is normalized (not refused); without one, the folder name is.</summary>
    private static string ProjectName(ComposeYaml yaml, List<KeyValuePair<string, YamlNode>> top, string path)
    {
        YamlNode? nameNode = Find(top, "name");
        string named = nameNode is not null && !ComposeYaml.IsNull(nameNode) ? yaml.String(nameNode, "name") : "";
        string name = NormalizeProjectName(named.Length > 0 ? named : Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "") ?? "");
        return name.Length > 0 ? name : throw new ComposeException("project name must not be empty");
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
            if (Flag("enable_ipv6"))
            {
                throw new ComposeException($"vnetemu: {field}.enable_ipv6: IPv6 networks are not emulated yet");
            }
            if (ipamDriver is not null and not "default")
            {
                throw new ComposeException($"vnetemu: {field}.ipam.driver: IPAM drivers other than the default one are not emulated");
            }
            result[kv.Key] = new ComposeNetwork
            {
                Key = kv.Key,
                Name = name ?? (external ? kv.Key : project + "_" + kv.Key),
                Driver = Str("driver"),
                Internal = Flag("internal"),
                Attachable = Flag("attachable"),
                EnableIpv6 = Find(entries, "enable_ipv6") is YamlNode v6 && !ComposeYaml.IsNull(v6) ? yaml.Bool(v6, field + ".enable_ipv6") : null,
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
                if (Find(pool, "aux_addresses") is YamlNode aux && !ComposeYaml.IsNull(aux))
                {
                    throw new ComposeException($"vnetemu: {itemField}.aux_addresses is not emulated yet");
                }
                pools.Add(new IpamPool(Get("subnet"), Get("gateway"), Get("ip_range")));
            }
        }
        return (driver, pools);
    }

    /// <summary>compose-go's checkConsistency, service by service in name order, checks in its order; a dependency
    /// that is not required and not there (disabled, or undefined) is dropped, as compose's graph does.</summary>
    private static List<ComposeService> CheckConsistency(List<ComposeService> services, List<string> disabled, Dictionary<string, ComposeNetwork> networks)
    {
        var result = new List<ComposeService>();
        foreach (ComposeService s in services)
        {
            foreach (ServiceNetwork n in s.Networks)
            {
                if (n.Key != "default" && !networks.ContainsKey(n.Key))
                {
                    throw new ComposeException($"service \"{s.Name}\" refers to undefined network {n.Key}: {ComposeException.InvalidProject}");
                }
            }
            foreach (ComposeDependency d in s.Dependencies)
            {
                if (!services.Any(o => o.Name == d.Service) && !(disabled.Contains(d.Service) && !d.Required))
                {
                    throw new ComposeException($"service \"{s.Name}\" depends on undefined service \"{d.Service}\": {ComposeException.InvalidProject}");
                }
            }
            result.Add(s with { Dependencies = s.Dependencies.Where(d => services.Any(o => o.Name == d.Service)).ToList() });
        }
        return result;
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
