using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>Next-hop exceptions learnt from ICMP redirects (struct fib_nh_exception, net/ipv4/route.c): per
/// destination, a gateway that replaces the route's own until it expires — ip_rt_gc_timeout, 300 s after the last
/// redirect — or `ip route flush cache` clears it. An exception hangs off the route it was learnt on
/// (update_or_create_fnhe on the nexthop of the FIB result): once that route is gone or replaced, it no longer
/// applies.</summary>
public sealed class RouteExceptions(World world)
{
    /// <summary>ip_rt_gc_timeout (net.ipv4.route.gc_timeout, 300 s).</summary>
    public const long TimeoutNs = 300 * World.NanosPerSecond;
    private readonly Dictionary<Ipv4Address, (Route Route, Ipv4Address Gateway, long Expires)> _entries = [];

    public int Count => _entries.Count;

    /// <summary>find_exception: the redirected gateway towards <paramref name="destination"/> when <paramref name="route"/>
    /// is still the route it was learnt on and it has not expired (an expired one is deleted).</summary>
    public bool TryLookup(Ipv4Address destination, Route route, out Ipv4Address gateway, out long expires)
    {
        if (_entries.TryGetValue(destination, out var e))
        {
            if (world.Now > e.Expires) // time_after(jiffies, fnhe_expires)
            {
                _entries.Remove(destination);
            }
            else if (e.Route == route)
            {
                gateway = e.Gateway;
                expires = e.Expires;
                return true;
            }
        }
        gateway = default;
        expires = 0;
        return false;
    }

    /// <summary>update_or_create_fnhe: <paramref name="destination"/> goes via <paramref name="gateway"/> for the next 300 s.</summary>
    public void Learn(Ipv4Address destination, Route route, Ipv4Address gateway) =>
        _entries[destination] = (route, gateway, world.Now + TimeoutNs);

    /// <summary>`ip route flush cache` (fnhe_genid_bump): every exception is forgotten.</summary>
    public void Flush() => _entries.Clear();
}
