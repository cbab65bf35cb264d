using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>The names Docker's embedded DNS answers for a container (docker-semantics.md §2.3): on every
/// user-defined network it is attached to, each running container's name, network aliases, 12-hex short id and
/// hostname, also as `name.network`; case-insensitive, trailing dot accepted; PTR of a container address gives
/// `name.network`. Anything else is forwarded upstream.</summary>
public sealed class EmbeddedDnsNames(DockerDaemon daemon)
{
    /// <summary>The addresses of <paramref name="name"/> as seen from <paramref name="asker"/>, or null when the
    /// embedded DNS does not know the name (it is then forwarded).</summary>
    public List<Ipv4Address>? LookupA(Container asker, string name)
    {
        string n = name.TrimEnd('.').ToLowerInvariant();
        var found = new List<Ipv4Address>();
        foreach (Endpoint mine in asker.Endpoints)
        {
            DockerNetwork net = mine.Network;
            if (net.IsDefaultBridge)
            {
                continue;
            }
            foreach (var (target, alias) in mine.Links)
            {
                if (alias.Equals(n, StringComparison.OrdinalIgnoreCase) && daemon.FindContainer(target) is { } linked
                    && linked.Endpoints.Find(e => e.Network == net) is { } le)
                {
                    found.Add(le.Address);
                }
            }
            foreach (Endpoint e in net.Endpoints)
            {
                if (!e.Container.Running)
                {
                    continue;
                }
                foreach (string dnsName in DnsNames(e))
                {
                    string d = dnsName.ToLowerInvariant();
                    if (d == n || d + "." + net.Name.ToLowerInvariant() == n)
                    {
                        if (!found.Contains(e.Address))
                        {
                            found.Add(e.Address);
                        }
                        break;
                    }
                }
            }
        }
        return found.Count > 0 ? found : null;
    }

    /// <summary>The PTR name (`name.network`) of an address on one of the asker's user networks, or null.</summary>
    public string? LookupPtr(Container asker, Ipv4Address address)
    {
        foreach (Endpoint mine in asker.Endpoints)
        {
            if (mine.Network.IsDefaultBridge)
            {
                continue;
            }
            foreach (Endpoint e in mine.Network.Endpoints)
            {
                if (e.Address == address && e.Container.Running)
                {
                    return e.Container.Name + "." + e.Network.Name;
                }
            }
        }
        return null;
    }

    /// <summary>An endpoint's DNS names: container name, aliases, short id, hostname (deduplicated).</summary>
    public static List<string> DnsNames(Endpoint e)
    {
        var names = new List<string> { e.Container.Name };
        foreach (string a in e.Aliases)
        {
            if (!names.Contains(a))
            {
                names.Add(a);
            }
        }
        if (!names.Contains(e.Container.ShortId))
        {
            names.Add(e.Container.ShortId);
        }
        if (!names.Contains(e.Container.Hostname))
        {
            names.Add(e.Container.Hostname);
        }
        return names;
    }
}
