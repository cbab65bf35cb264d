using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>/etc/hosts lookups as glibc's files backend and musl do them: lines "ADDRESS NAME [ALIAS…]", case-insensitive
/// names, first matching line wins for the canonical name; every matching line adds its address.</summary>
public static class HostsFile
{
    /// <summary>The IPv4 addresses for <paramref name="name"/> and the canonical name (the first name of the first
    /// matching line); false when no IPv4 line names it.</summary>
    public static bool TryLookup(string? text, string name, out List<Ipv4Address> addresses, out string canonical)
    {
        addresses = [];
        canonical = name;
        string wanted = name.TrimEnd('.');
        foreach (string raw in (text ?? "").Split('\n'))
        {
            string line = raw;
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }
            string[] w = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (w.Length < 2 || !Ipv4Address.TryParse(w[0], out Ipv4Address a))
            {
                continue;
            }
            if (w.Skip(1).Any(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase)))
            {
                if (addresses.Count == 0)
                {
                    canonical = w[1];
                }
                if (!addresses.Contains(a))
                {
                    addresses.Add(a);
                }
            }
        }
        return addresses.Count > 0;
    }

    /// <summary>The first name /etc/hosts gives <paramref name="address"/> (reverse lookup), or null.</summary>
    public static string? ReverseLookup(string? text, Ipv4Address address)
    {
        foreach (string raw in (text ?? "").Split('\n'))
        {
            string[] w = raw.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (w.Length >= 2 && Ipv4Address.TryParse(w[0], out Ipv4Address a) && a == address)
            {
                return w[1];
            }
        }
        return null;
    }
}
