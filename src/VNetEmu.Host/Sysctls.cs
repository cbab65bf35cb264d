using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Host;

/// <summary>The sysctls the emulator knows, per namespace. Keys that steer the engine read and write it; the
/// rest (IPv6 switches, conntrack sizes) are kept so that reading them back gives what was written.</summary>
public sealed class Sysctls(Emulator emulator)
{
    private readonly Dictionary<(NetNamespace, string), string> _values = [];

    /// <summary>Reads a key; null when the key does not exist on a Linux host.</summary>
    public string? Get(NetNamespace ns, string key)
    {
        string[] parts = key.Split('.');
        switch (key)
        {
            case "net.ipv4.ip_forward":
            case "net.ipv4.conf.all.forwarding":
                return ns.Ipv4.IpForward ? "1" : "0";
            case "net.bridge.bridge-nf-call-iptables":
                return ns.BridgeNfCallIptables ? "1" : "0";
            case "net.ipv4.icmp_ratelimit":
                return (ns.Ipv4.Icmp.RateLimit / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            case "net.netfilter.nf_conntrack_max" or "net.nf_conntrack_max":
                return (emulator.ExistingNetfilter(ns)?.Table.Max ?? 262144).ToString(System.Globalization.CultureInfo.InvariantCulture);
            case "net.netfilter.nf_conntrack_count":
                return (emulator.ExistingNetfilter(ns)?.Table.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (DevConf(ns, parts) is { } flag)
        {
            bool? on = parts[3] switch
            {
                "all" => flag.All,
                "default" => flag.Default,
                _ => ns.TryGetDevice(parts[3], out var dev) ? flag.Of(dev) : null,
            };
            return on is null ? null : on.Value ? "1" : "0";
        }
        if (_values.TryGetValue((ns, key), out string? value))
        {
            return value;
        }
        return Defaults(ns, key);
    }

    private string? Defaults(NetNamespace ns, string key)
    {
        string[] p = key.Split('.');
        if (p.Length == 5 && p[0] == "net" && p[1] is "ipv4" or "ipv6" && p[2] == "conf" && (p[3] is "all" or "default" || ns.HasDevice(p[3])))
        {
            // A device starts with the namespace's "default" values (devinet/addrconf copy them at creation).
            if (p[3] is not ("all" or "default") && _values.TryGetValue((ns, $"net.{p[1]}.conf.default.{p[4]}"), out string? inherited))
            {
                return inherited;
            }
            return p[4] switch
            {
                "disable_ipv6" => "0",
                "rp_filter" => "0",
                "forwarding" => "0",
                "promote_secondaries" => "0",
                "arp_ignore" or "arp_announce" or "arp_accept" or "proxy_arp" => "0",
                "route_localnet" => "0",
                _ => null,
            };
        }
        return key switch
        {
            "net.bridge.bridge-nf-call-ip6tables" or "net.bridge.bridge-nf-call-arptables" => "1",
            "net.ipv4.icmp_echo_ignore_broadcasts" => "1",
            "net.ipv4.ip_local_port_range" => "32768\t60999",
            "net.ipv4.ip_default_ttl" => "64",
            "net.ipv4.icmp_ratemask" => "6168",
            "net.ipv4.tcp_syn_retries" => "6",
            _ => null,
        };
    }

    /// <summary>Writes a key; false when the key does not exist; throws for a value the kernel rejects.</summary>
    public bool Set(NetNamespace ns, string key, string value)
    {
        if (Get(ns, key) is null)
        {
            return false;
        }
        bool on = value.Trim() != "0";
        string[] parts = key.Split('.');
        switch (key)
        {
            case "net.ipv4.ip_forward":
            case "net.ipv4.conf.all.forwarding":
                RequireInteger(value, key);
                ns.Ipv4.IpForward = on;
                return true;
            case "net.bridge.bridge-nf-call-iptables":
                RequireInteger(value, key);
                ns.BridgeNfCallIptables = on;
                return true;
            case "net.netfilter.nf_conntrack_max" or "net.nf_conntrack_max":
                RequireInteger(value, key);
                emulator.Netfilter(ns).Table.Max = int.Parse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case "net.netfilter.nf_conntrack_count":
                CommandException.Throw($"sysctl: permission denied on key \"{key}\"", 255);
                return false;
            case "net.ipv4.icmp_ratelimit":
                RequireInteger(value, key);
                ns.Ipv4.Icmp.RateLimit = long.Parse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1_000_000;
                return true;
        }
        if (DevConf(ns, parts) is { } flag)
        {
            RequireInteger(value, key);
            switch (parts[3])
            {
                case "all":
                    flag.All = on;
                    break;
                case "default":
                    flag.Default = on;
                    break;
                default:
                    ns.TryGetDevice(parts[3], out var dev);
                    flag.Set(dev, on);
                    break;
            }
            return true;
        }
        _values[(ns, key)] = value.Trim();
        return true;
    }

    /// <summary>The engine's flag behind net.ipv4.conf.{all,default,DEV}.KEY, for the keys the IPv4 stack reads.</summary>
    private static DevConfFlag? DevConf(NetNamespace ns, string[] parts)
    {
        if (parts.Length != 5 || parts[0] != "net" || parts[1] != "ipv4" || parts[2] != "conf")
        {
            return null;
        }
        return parts[4] switch
        {
            "send_redirects" => ns.Ipv4.SendRedirects,
            "accept_redirects" => ns.Ipv4.AcceptRedirects,
            "secure_redirects" => ns.Ipv4.SecureRedirects,
            "shared_media" => ns.Ipv4.SharedMedia,
            "route_localnet" => ns.Ipv4.RouteLocalnet,
            _ => null,
        };
    }

    private static void RequireInteger(string value, string key)
    {
        if (!long.TryParse(value.Trim(), out _))
        {
            CommandException.Throw($"sysctl: setting key \"{key}\": Invalid argument", 255);
        }
    }
}
