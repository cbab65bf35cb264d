namespace VNetEmu.Engine.Ip;

/// <summary>NUD states (include/uapi/linux/neighbour.h), printed by `ip neigh` in capitals.</summary>
public enum NeighbourState : byte
{
    None,
    Incomplete,
    Reachable,
    Stale,
    Delay,
    Probe,
    Failed,
    NoArp,
    Permanent,
}
