using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>An entry of the main routing table.</summary>
public sealed class Route
{
    public required Ipv4Prefix Destination { get; init; }

    /// <summary>Next hop; Any for a directly connected route.</summary>
    public Ipv4Address Gateway { get; init; }
    public NetDevice? Device { get; init; }

    /// <summary>`src` (the preferred source); Any when not given.</summary>
    public Ipv4Address PreferredSource { get; init; }

    /// <summary>kernel (connected), boot (`ip route add` default), static, dhcp…</summary>
    public string Protocol { get; init; } = "boot";

    /// <summary>link for connected routes, global otherwise (`scope` column).</summary>
    public string Scope { get; init; } = "global";
    public int Metric { get; init; }
    public RouteKind Kind { get; init; }

    /// <summary>`mtu N` on the route.</summary>
    public int Mtu { get; init; }
}
