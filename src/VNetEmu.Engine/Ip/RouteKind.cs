namespace VNetEmu.Engine.Ip;

/// <summary>Route types as `ip route` names them.</summary>
public enum RouteKind : byte
{
    Unicast,
    Blackhole,
    Unreachable,
    Prohibit,
}
