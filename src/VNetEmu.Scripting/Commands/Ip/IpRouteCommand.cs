using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip route add|replace|del|show|get` on the main table; `show table local|all` and `ip -6 route` also
/// show the routes the kernel derives from the addresses.</summary>
public static class IpRouteCommand
{
    public static void Run(IpContext ip)
    {
        List<string> a = ip.Args;
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "add") || IpCommand.Matches(sub, "replace") || IpCommand.Matches(sub, "append"))
        {
            Add(ip, replace: sub.StartsWith('r'));
        }
        else if (IpCommand.Matches(sub, "delete") || sub == "del")
        {
            Delete(ip);
        }
        else if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list") || sub == "lst")
        {
            Show(ip);
        }
        else if (IpCommand.Matches(sub, "get"))
        {
            Get(ip);
        }
        else if (IpCommand.Matches(sub, "flush"))
        {
            Flush(ip);
        }
        else
        {
            CommandException.Throw($"Command \"{sub}\" is unknown, try \"ip route help\".", 255);
        }
    }

    private sealed record Spec(Ipv4Prefix? Destination, Ipv4Address Gateway, NetDevice? Device, Ipv4Address Source,
        int Metric, string? Protocol, string? Scope, RouteKind Kind, int Mtu, bool MetricGiven)
    {
        /// <summary>main, local or all (`table local|255|all|0`), shown only by `ip route show`.</summary>
        public string Table { get; init; } = "main";
    }

    private static Spec Parse(IpContext ip)
    {
        List<string> a = ip.Args;
        Ipv4Prefix? destination = null;
        Ipv4Address gateway = default, source = default;
        NetDevice? device = null;
        int metric = 0, mtu = 0;
        bool metricGiven = false;
        string? protocol = null, scope = null;
        RouteKind kind = RouteKind.Unicast;
        string table = "main";
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            switch (w)
            {
                case "via":
                    string g = ip.Next(ref i);
                    if (g == "inet")
                    {
                        g = ip.Next(ref i);
                    }
                    gateway = IpContext.ParseAddress(g, "inet address");
                    break;
                case "dev" or "oif":
                    device = ip.Device(ip.Next(ref i));
                    break;
                case "src":
                    source = IpContext.ParseAddress(ip.Next(ref i), "inet address");
                    break;
                case "metric" or "priority" or "preference":
                    metric = IpContext.ParseInt(ip.Next(ref i), "\"metric\" value is invalid");
                    metricGiven = true;
                    break;
                case "proto" or "protocol":
                    protocol = ip.Next(ref i);
                    break;
                case "scope":
                    scope = ip.Next(ref i);
                    break;
                case "table":
                    string t = ip.Next(ref i);
                    table = t switch
                    {
                        "main" or "254" => "main",
                        "local" or "255" when a[0] is "show" or "list" or "lst" or "ls" => "local",
                        "all" or "0" when a[0] is "show" or "list" or "lst" or "ls" => "all",
                        _ => throw new CommandException($"Error: vnetemu has only the main routing table (and shows the local one), not \"{t}\".", 2),
                    };
                    break;
                case "mtu":
                    string m = ip.Next(ref i);
                    if (m == "lock")
                    {
                        m = ip.Next(ref i);
                    }
                    mtu = IpContext.ParseInt(m, "\"mtu\" value is invalid");
                    break;
                case "onlink":
                    break;
                case "blackhole":
                    kind = RouteKind.Blackhole;
                    break;
                case "unreachable":
                    kind = RouteKind.Unreachable;
                    break;
                case "prohibit":
                    kind = RouteKind.Prohibit;
                    break;
                case "unicast":
                    break;
                case "to":
                    destination = ParseDestination(ip.Next(ref i));
                    break;
                default:
                    if (destination is not null)
                    {
                        CommandException.Throw($"Error: either \"to\" is duplicate, or \"{w}\" is a garbage.", 255);
                    }
                    destination = ParseDestination(w);
                    break;
            }
        }
        return new Spec(destination, gateway, device, source, metric, protocol, scope, kind, mtu, metricGiven) { Table = table };
    }

    private static Ipv4Prefix ParseDestination(string text)
    {
        if (text is "default" or "all" or "any")
        {
            return new Ipv4Prefix(default, 0);
        }
        Ipv4Prefix p = IpContext.ParsePrefix(text, "any valid prefix");
        if (p.Address != p.Network)
        {
            CommandException.Throw("Error: Invalid prefix for given prefix length.", 2);
        }
        return p;
    }

    private static void Add(IpContext ip, bool replace)
    {
        Spec s = Parse(ip);
        if (s.Destination is not { } destination)
        {
            CommandException.Throw("Error: Invalid destination.", 1);
            return;
        }
        Ipv4Stack stack = ip.Ns.Ipv4;
        NetDevice? device = s.Device;
        if (s.Kind == RouteKind.Unicast)
        {
            if (!s.Gateway.IsAny)
            {
                // The gateway must be reachable through a connected route (fib_check_nh).
                Route? via = null;
                foreach (Route r in stack.Routes.Routes)
                {
                    if (r.Gateway.IsAny && r.Device is not null && r.Destination.Contains(s.Gateway) && (device is null || r.Device == device)
                        && (via is null || r.Destination.Length > via.Destination.Length))
                    {
                        via = r;
                    }
                }
                if (via is null)
                {
                    CommandException.Throw("Error: Nexthop has invalid gateway.", 2);
                    return;
                }
                device ??= via.Device;
            }
            if (device is null)
            {
                CommandException.Throw("Error: Device for nexthop is not up.", 2);
                return;
            }
            if (!device.AdminUp)
            {
                CommandException.Throw("Error: Nexthop device is not up.", 2);
            }
            if (!s.Source.IsAny && !stack.IsLocalAddress(s.Source))
            {
                CommandException.Throw("Error: Invalid prefsrc address.", 2);
            }
        }
        var route = new Route
        {
            Destination = destination,
            Gateway = s.Gateway,
            Device = device,
            PreferredSource = s.Source,
            Metric = s.Metric,
            Protocol = s.Protocol ?? "boot",
            Scope = s.Scope ?? (s.Gateway.IsAny && s.Kind == RouteKind.Unicast ? "link" : "global"),
            Kind = s.Kind,
            Mtu = s.Mtu,
        };
        Route? existing = stack.Routes.Find(destination, s.Metric, null);
        if (existing is not null)
        {
            if (!replace)
            {
                CommandException.Throw("RTNETLINK answers: File exists", 2);
            }
            stack.Routes.Remove(existing);
        }
        stack.Routes.Add(route);
    }

    private static void Delete(IpContext ip)
    {
        Spec s = Parse(ip);
        if (s.Destination is not { } destination)
        {
            CommandException.Throw("Error: Invalid destination.", 1);
            return;
        }
        Ipv4Stack stack = ip.Ns.Ipv4;
        Route? match = stack.Routes.Routes.FirstOrDefault(r => r.Destination == destination
            && (!s.MetricGiven || r.Metric == s.Metric) && (s.Device is null || r.Device == s.Device)
            && (s.Gateway.IsAny || r.Gateway == s.Gateway));
        if (match is null)
        {
            CommandException.Throw("RTNETLINK answers: No such process", 2);
            return;
        }
        stack.Routes.Remove(match);
    }

    private static void Flush(IpContext ip)
    {
        if (ip.Args.Count == 2 && ip.Args[1] == "cache")
        {
            ip.Ns.Ipv4.FlushRouteCache(); // writes net.ipv4.route.flush
            return;
        }
        Spec s = Parse(ip);
        ip.Ns.Ipv4.Routes.RemoveWhere(r => (s.Device is null || r.Device == s.Device) && (s.Destination is null || r.Destination == s.Destination));
    }

    private static void Show(IpContext ip)
    {
        Spec s = Parse(ip);
        bool v4 = ip.Options.Family != 6, v6 = ip.Options.Family != 4 && (ip.Options.Family == 6 || s.Table == "all");
        if (v4 && s.Table is "main" or "all")
        {
            foreach (Route r in ip.Ns.Ipv4.Routes.Sorted())
            {
                if ((s.Device is not null && r.Device != s.Device) || (s.Destination is { } d && r.Destination != d))
                {
                    continue;
                }
                ip.Out.Write((ip.Command.Userspace.Tools == ToolFamily.Busybox ? BusyboxFormat(r) : Format(r, s.Device is not null)) + "\n");
            }
        }
        if (v4 && s.Table is "local" or "all")
        {
            foreach (string line in LocalTable(ip, s, s.Table == "all"))
            {
                ip.Out.Write(line + "\n");
            }
        }
        if (v6)
        {
            foreach (string line in Ipv6Routes(ip, s))
            {
                ip.Out.Write(line + "\n");
            }
        }
    }

    /// <summary>The local table the kernel keeps from the interface addresses (fib_add_ifaddr): `local ADDR` for
    /// each address, and while its device is up the broadcast address given, the prefix's broadcast (prefixes
    /// shorter than /31) and, on loopback, the whole prefix as local; sorted as the FIB trie walks them.</summary>
    private static List<string> LocalTable(IpContext ip, Spec s, bool named)
    {
        var entries = new SortedDictionary<(uint Key, int Length), string>();
        foreach (NetDevice dev in ip.Ns.Devices)
        {
            if (s.Device is not null && dev != s.Device)
            {
                continue;
            }
            foreach (InterfaceAddress a in ip.Ns.Ipv4.AddressesOf(dev))
            {
                void Add(string type, Ipv4Address key, int length, string scope)
                {
                    string dest = length == 32 ? key.ToString() : $"{key}/{length}";
                    string linkdown = scope != "host" && dev.AdminUp && !dev.Carrier ? "linkdown " : "";
                    entries.TryAdd((key.Value, length), $"{type} {dest} dev {dev.Name} {(named ? "table local " : "")}proto kernel scope {scope} src {a.Address} {linkdown}");
                }
                Add("local", a.Address, 32, "host");
                if (!dev.AdminUp)
                {
                    continue;
                }
                if (!a.Broadcast.IsAny && !a.Broadcast.IsBroadcast)
                {
                    Add("broadcast", a.Broadcast, 32, "link");
                }
                Ipv4Prefix p = a.Prefix;
                if (!a.Secondary && p.Network.Value != 0 && (p.Network != a.Address || p.Length < 32))
                {
                    if (dev is LoopbackDevice)
                    {
                        Add("local", p.Network, p.Length, "host");
                    }
                    if (p.Length < 31)
                    {
                        Add("broadcast", p.BroadcastAddress, 32, "link");
                    }
                }
            }
        }
        return [.. entries.Values];
    }

    /// <summary>What `ip -6 route` and `table all` show of IPv6 (see <see cref="Ipv6View"/>): fe80::/64 per device
    /// with a link-local address; in the local table ::1, each link-local address and ff00::/8 per device.</summary>
    private static List<string> Ipv6Routes(IpContext ip, Spec s)
    {
        var main = new List<string>();
        var local = new List<string>();
        var multicast = new List<string>();
        bool named = s.Table == "all";
        foreach (NetDevice dev in ip.Ns.Devices)
        {
            if ((s.Device is not null && dev != s.Device) || Ipv6View.Address(ip.Command.Emulator, dev) is not var (address, _, _))
            {
                continue;
            }
            string table = named ? "table local " : "";
            local.Add($"local {address} dev {dev.Name} {table}proto kernel metric 0 pref medium");
            if (dev is not LoopbackDevice)
            {
                main.Add($"fe80::/64 dev {dev.Name} proto kernel metric 256 pref medium");
                multicast.Add($"multicast ff00::/8 dev {dev.Name} {table}proto kernel metric 256 pref medium");
            }
        }
        var lines = new List<string>();
        if (s.Table is "main" or "all")
        {
            lines.AddRange(main);
        }
        if (s.Table is "local" or "all")
        {
            lines.AddRange(local);
            lines.AddRange(multicast);
        }
        return lines;
    }

    /// <summary>One route as busybox 1.35's `ip route` prints it ("scope link  src" with two spaces).</summary>
    public static string BusyboxFormat(Route r)
    {
        var sb = new StringBuilder();
        sb.Append(r.Destination.Length == 0 ? "default" : r.Destination.Length == 32 ? r.Destination.Address.ToString() : $"{r.Destination.Network}/{r.Destination.Length}").Append(' ');
        if (!r.Gateway.IsAny)
        {
            sb.Append("via ").Append(r.Gateway).Append(' ');
        }
        if (r.Device is not null)
        {
            sb.Append("dev ").Append(r.Device.Name).Append(' ');
        }
        if (r.Protocol is not ("boot" or "kernel"))
        {
            sb.Append(" proto ").Append(r.Protocol).Append(' ');
        }
        if (r.Scope != "global")
        {
            sb.Append("scope ").Append(r.Scope).Append(' ');
        }
        if (!r.PreferredSource.IsAny)
        {
            sb.Append(" src ").Append(r.PreferredSource).Append(' ');
        }
        if (r.Metric != 0)
        {
            sb.Append("metric ").Append(r.Metric).Append(' ');
        }
        return sb.ToString();
    }

    /// <summary>One route as iproute2 6.1 prints it (print_route), each field followed by a space.</summary>
    public static string Format(Route r, bool omitDevice)
    {
        var sb = new StringBuilder();
        if (r.Kind != RouteKind.Unicast)
        {
            sb.Append(r.Kind.ToString().ToLowerInvariant()).Append(' ');
        }
        sb.Append(r.Destination.Length == 0 ? "default" : r.Destination.Length == 32 ? r.Destination.Address.ToString() : $"{r.Destination.Network}/{r.Destination.Length}").Append(' ');
        if (!r.Gateway.IsAny)
        {
            sb.Append("via ").Append(r.Gateway).Append(' ');
        }
        if (r.Device is not null && !omitDevice)
        {
            sb.Append("dev ").Append(r.Device.Name).Append(' ');
        }
        if (r.Protocol != "boot")
        {
            sb.Append("proto ").Append(r.Protocol).Append(' ');
        }
        if (r.Scope != "global")
        {
            sb.Append("scope ").Append(r.Scope).Append(' ');
        }
        if (!r.PreferredSource.IsAny)
        {
            sb.Append("src ").Append(r.PreferredSource).Append(' ');
        }
        if (r.Metric != 0)
        {
            sb.Append("metric ").Append(r.Metric).Append(' ');
        }
        if (r.Mtu != 0)
        {
            sb.Append("mtu ").Append(r.Mtu).Append(' ');
        }
        if (r.Device is { } dev && dev.AdminUp && !dev.Carrier)
        {
            sb.Append("linkdown ");
        }
        return sb.ToString();
    }

    private static void Get(IpContext ip)
    {
        List<string> a = ip.Args;
        Ipv4Address? destination = null;
        for (int i = 1; i < a.Count; i++)
        {
            if (a[i] is "from" or "iif" or "oif" or "mark" or "uid")
            {
                ip.Next(ref i);
                continue;
            }
            destination = IpContext.ParseAddress(a[i] == "to" ? ip.Next(ref i) : a[i], "inet address");
        }
        if (destination is not { } dst)
        {
            CommandException.Throw("need at least a destination address", 1);
            return;
        }
        Ipv4Stack stack = ip.Ns.Ipv4;
        if (!stack.TryRoute(dst, out RouteDecision route))
        {
            CommandException.Throw("RTNETLINK answers: Network is unreachable", 2);
        }
        var sb = new StringBuilder();
        if (route.IsLocal)
        {
            sb.Append("local ").Append(dst).Append(" dev lo src ").Append(route.Source).Append(" uid 0 ");
        }
        else
        {
            sb.Append(dst).Append(' ');
            if (route.NextHop != dst)
            {
                sb.Append("via ").Append(route.NextHop).Append(' ');
            }
            sb.Append("dev ").Append(route.Device.Name).Append(" src ").Append(route.Source).Append(" uid 0 ");
        }
        ip.Out.Write(sb.Append('\n').ToString());
        if (route.IsLocal)
        {
            ip.Out.Write("    cache <local> \n");
        }
        else if (stack.Routes.TryLookup(dst, out Route fib) && stack.Exceptions.TryLookup(dst, fib, out _, out long expires))
        {
            // rt_fill_info: RTCF_REDIRECTED, and rta_expires in USER_HZ ticks that iproute2 divides down to seconds.
            long seconds = (expires - ip.Ns.World.Now) / World.NanosPerSecond;
            ip.Out.Write($"    cache <redirected> expires {seconds}sec \n");
        }
        else
        {
            ip.Out.Write("    cache \n");
        }
    }
}
