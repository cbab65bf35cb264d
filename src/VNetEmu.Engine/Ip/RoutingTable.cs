using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>The main routing table: longest prefix match, then lowest metric. Connected routes appear while
/// their device is up, as the kernel adds and removes them.</summary>
public sealed class RoutingTable
{
    private readonly List<Route> _routes = [];

    public IReadOnlyList<Route> Routes => _routes;

    public bool TryLookup(Ipv4Address destination, out Route route)
    {
        Route? best = null;
        foreach (Route r in _routes)
        {
            if (r.Destination.Contains(destination) && (best is null || r.Destination.Length > best.Destination.Length
                || (r.Destination.Length == best.Destination.Length && r.Metric < best.Metric)))
            {
                best = r;
            }
        }
        route = best!;
        return best is not null;
    }

    /// <summary>False when a route with the same destination, metric and type already exists (RTNETLINK: File exists).</summary>
    public bool Add(Route route)
    {
        foreach (Route r in _routes)
        {
            if (r.Destination == route.Destination && r.Metric == route.Metric)
            {
                return false;
            }
        }
        _routes.Add(route);
        return true;
    }

    public bool Remove(Route route) => _routes.Remove(route);

    public void RemoveWhere(Predicate<Route> match) => _routes.RemoveAll(match);

    public Route? Find(Ipv4Prefix destination, int? metric, NetDevice? device)
    {
        foreach (Route r in _routes)
        {
            if (r.Destination == destination && (metric is null || r.Metric == metric) && (device is null || r.Device == device))
            {
                return r;
            }
        }
        return null;
    }

    /// <summary>In the kernel's dump order: by network address, longest prefix first for the same address.</summary>
    public List<Route> Sorted()
    {
        var list = new List<Route>(_routes);
        list.Sort((a, b) =>
        {
            int c = a.Destination.Network.Value.CompareTo(b.Destination.Network.Value);
            if (c != 0)
            {
                return c;
            }
            c = b.Destination.Length.CompareTo(a.Destination.Length);
            return c != 0 ? c : a.Metric.CompareTo(b.Metric);
        });
        return list;
    }
}
