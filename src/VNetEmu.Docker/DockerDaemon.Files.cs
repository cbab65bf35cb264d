using System.Text;
using VNetEmu.Host;

namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    /// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf as dockerd writes them for the container's mode and
    /// networks (docker-semantics.md §2.2, §2.3).</summary>
    private void WriteFiles(Container container)
    {
        Userspace u = container.Userspace;
        if (container.SharesWith is { } owner)
        {
            foreach (string f in new[] { "/etc/hosts", "/etc/resolv.conf", "/etc/hostname" })
            {
                u.Write(f, owner.Userspace.Read(f) ?? "");
            }
            u.Hostname = owner.Userspace.Hostname;
            return;
        }
        if (container.NetworkMode == "host")
        {
            u.Write("/etc/hostname", Emulator.HostUserspace.Read("/etc/hostname") ?? "");
            u.Hostname = Emulator.HostUserspace.Hostname;
            u.Write("/etc/hosts", (Emulator.HostUserspace.Read("/etc/hosts") ?? "") + ExtraHostLines(container));
            u.Write("/etc/resolv.conf", HostResolvConf(container, legacy: false));
            return;
        }
        u.Write("/etc/hostname", container.Hostname + "\n");
        var hosts = new StringBuilder(Userspace.LocalhostBlock);
        foreach (var (target, alias) in container.Links)
        {
            if (UsesEmbeddedDns(container))
            {
                continue; // on user networks a link is a DNS alias only
            }
            if (FindContainer(target) is { } linked && linked.Endpoints.Find(e => e.Network.IsDefaultBridge) is { } le)
            {
                hosts.Append(le.Address).Append('\t').Append(alias).Append(' ').Append(linked.Hostname);
                if (alias != linked.Name)
                {
                    hosts.Append(' ').Append(linked.Name);
                }
                hosts.Append('\n');
                LinkEnvironment(u, container, linked, le, alias);
            }
        }
        hosts.Append(ExtraHostLines(container));
        foreach (Endpoint e in container.Endpoints)
        {
            hosts.Append(e.Address).Append('\t').Append(container.Hostname).Append('\n');
        }
        u.Write("/etc/hosts", hosts.ToString());
        u.Write("/etc/resolv.conf", UsesEmbeddedDns(container) ? EmbeddedResolvConf(container) : HostResolvConf(container, legacy: true));
    }

    /// <summary>Legacy links' variables (links.EnvVars): ALIAS_NAME=/linker/alias and, for each port the linked
    /// container exposes (lowest first), ALIAS_PORT and ALIAS_PORT_N_PROTO{,_ADDR,_PORT,_PROTO}.</summary>
    private static void LinkEnvironment(Userspace u, Container container, Container linked, Endpoint endpoint, string alias)
    {
        var prefix = new StringBuilder();
        foreach (char ch in alias.ToUpperInvariant())
        {
            prefix.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
        }
        string p = prefix.ToString();
        u.Environment[p + "_NAME"] = "/" + container.Name + "/" + alias;
        var ports = new List<(int Port, string Proto)>();
        foreach (string exposed in linked.Image.ExposedPorts)
        {
            string[] pp = exposed.Split('/');
            if (int.TryParse(pp[0], System.Globalization.CultureInfo.InvariantCulture, out int port))
            {
                ports.Add((port, pp.Length > 1 ? pp[1] : "tcp"));
            }
        }
        ports.Sort((a, b) => a.Port != b.Port ? a.Port.CompareTo(b.Port) : string.CompareOrdinal(a.Proto, b.Proto));
        for (int i = 0; i < ports.Count; i++)
        {
            var (port, proto) = ports[i];
            string url = $"{proto}://{endpoint.Address}:{port}";
            if (i == 0)
            {
                u.Environment[p + "_PORT"] = url;
            }
            string key = $"{p}_PORT_{port}_{proto.ToUpperInvariant()}";
            u.Environment[key] = url;
            u.Environment[key + "_ADDR"] = endpoint.Address.ToString();
            u.Environment[key + "_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            u.Environment[key + "_PROTO"] = proto;
        }
    }

    private static string ExtraHostLines(Container container)
    {
        var sb = new StringBuilder();
        foreach (string h in container.ExtraHosts)
        {
            int colon = h.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                sb.Append(h[(colon + 1)..]).Append('\t').Append(h[..colon]).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>True when the container has an endpoint on a user-defined network (the embedded DNS serves it).</summary>
    public static bool UsesEmbeddedDns(Container container)
    {
        foreach (Endpoint e in container.Endpoints)
        {
            if (!e.Network.IsDefaultBridge)
            {
                return true;
            }
        }
        foreach (NetworkAttachment a in container.Attachments)
        {
            if (!a.Network.IsDefaultBridge && a.Network.IsBridge)
            {
                return true;
            }
        }
        return false;
    }

    private static string EmbeddedResolvConf(Container container)
    {
        var sb = new StringBuilder();
        if (container.DnsSearch.Count > 0)
        {
            sb.Append("search ").Append(string.Join(' ', container.DnsSearch)).Append('\n');
        }
        sb.Append("nameserver 127.0.0.11\n");
        var options = new List<string>(container.DnsOptions);
        if (!options.Exists(o => o.StartsWith("ndots:", StringComparison.Ordinal)))
        {
            options.Add("ndots:0");
        }
        sb.Append("options ").Append(string.Join(' ', options)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The host's resolv.conf with the container's overrides; on the default bridge (legacy) loopback
    /// nameservers are dropped, and 8.8.8.8/8.8.4.4 used when none remain.</summary>
    private string HostResolvConf(Container container, bool legacy)
    {
        string host = Emulator.HostUserspace.Read("/etc/resolv.conf") ?? "";
        var sb = new StringBuilder();
        var nameservers = new List<string>();
        var search = new List<string>();
        var options = new List<string>();
        foreach (string line in host.Split('\n'))
        {
            string[] w = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (w.Length < 2)
            {
                continue;
            }
            switch (w[0])
            {
                case "nameserver":
                    if (!legacy || !w[1].StartsWith("127.", StringComparison.Ordinal))
                    {
                        nameservers.Add(w[1]);
                    }
                    break;
                case "search" or "domain":
                    search.AddRange(w[1..]);
                    break;
                case "options":
                    options.AddRange(w[1..]);
                    break;
            }
        }
        if (container.Dns.Count > 0)
        {
            nameservers = container.Dns;
        }
        if (legacy && nameservers.Count == 0)
        {
            nameservers = ["8.8.8.8", "8.8.4.4"];
        }
        if (container.DnsSearch.Count > 0)
        {
            search = container.DnsSearch;
        }
        if (container.DnsOptions.Count > 0)
        {
            options = container.DnsOptions;
        }
        if (search.Count > 0)
        {
            sb.Append("search ").Append(string.Join(' ', search)).Append('\n');
        }
        foreach (string n in nameservers)
        {
            sb.Append("nameserver ").Append(n).Append('\n');
        }
        if (options.Count > 0)
        {
            sb.Append("options ").Append(string.Join(' ', options)).Append('\n');
        }
        return sb.ToString();
    }
}
