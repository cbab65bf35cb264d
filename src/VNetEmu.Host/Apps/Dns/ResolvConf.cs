using System.Globalization;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>/etc/resolv.conf as resolv.conf(5) reads it: up to three IPv4 <c>nameserver</c>s (none: 127.0.0.1),
/// <c>search</c>/<c>domain</c> (the last one wins), and <c>options ndots:N timeout:N attempts:N</c> (glibc defaults 1,
/// 5 s, 2; capped at 15, 30, 5). IPv6 nameservers are skipped: the emulated stack is IPv4 only.</summary>
public sealed record ResolvConf(IReadOnlyList<Ipv4Address> Nameservers, IReadOnlyList<string> Search, int Ndots, int Timeout, int Attempts)
{
    public const int MaxNameservers = 3;

    public static ResolvConf Parse(string? text)
    {
        var servers = new List<Ipv4Address>();
        var search = new List<string>();
        int ndots = 1, timeout = 5, attempts = 2;
        foreach (string raw in (text ?? "").Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            string[] w = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (w[0])
            {
                case "nameserver" when w.Length > 1 && servers.Count < MaxNameservers:
                    if (Ipv4Address.TryParse(w[1], out Ipv4Address a))
                    {
                        servers.Add(a);
                    }
                    break;
                case "search" or "domain":
                    search = [.. w.Skip(1).Select(s => s.TrimEnd('.')).Where(s => s.Length > 0)];
                    break;
                case "options":
                    foreach (string o in w.Skip(1))
                    {
                        ndots = Option(o, "ndots:", 15) ?? ndots;
                        timeout = Option(o, "timeout:", 30) ?? timeout;
                        attempts = Option(o, "attempts:", 5) ?? attempts;
                    }
                    break;
            }
        }
        if (servers.Count == 0)
        {
            servers.Add(Ipv4Address.Loopback);
        }
        return new ResolvConf(servers, search, ndots, Math.Max(timeout, 1), Math.Max(attempts, 1));
    }

    private static int? Option(string option, string prefix, int max) =>
        option.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(option.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? Math.Min(v, max)
            : null;

    /// <summary>The names to try for <paramref name="name"/> in order (res_search): a trailing dot means only the name
    /// itself; with at least ndots dots the name first, then each search domain; with fewer the search domains first.</summary>
    public IReadOnlyList<string> Candidates(string name)
    {
        if (name.EndsWith('.'))
        {
            return [name.TrimEnd('.')];
        }
        var list = new List<string>();
        bool asIsFirst = name.Count(c => c == '.') >= Ndots;
        if (asIsFirst)
        {
            list.Add(name);
        }
        list.AddRange(Search.Select(s => name + "." + s));
        if (!asIsFirst)
        {
            list.Add(name);
        }
        return list;
    }
}
