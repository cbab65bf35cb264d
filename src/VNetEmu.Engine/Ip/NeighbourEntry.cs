using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Time;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>One ARP cache entry with the kernel's timestamps (confirmed, used) and probe count.</summary>
public sealed class NeighbourEntry(NetDevice device, Ipv4Address address)
{
    public NetDevice Device { get; } = device;
    public Ipv4Address Address { get; } = address;
    public MacAddress Mac { get; internal set; }
    public bool HasMac { get; internal set; }
    public NeighbourState State { get; internal set; }
    public long ConfirmedNs { get; internal set; }
    public long UsedNs { get; internal set; }
    public long UpdatedNs { get; internal set; }
    /// <summary>neigh->probes: solicitations counted as the kernel counts them (NDA_PROBES, busybox `ip neigh`).</summary>
    public int Probes { get; internal set; }
    internal TimerEntry? Timer { get; set; }
    internal Queue<Frame> Pending { get; } = new();

    /// <summary>NUD_VALID: the MAC may be used.</summary>
    public bool IsValid => State is NeighbourState.Reachable or NeighbourState.Stale or NeighbourState.Delay
        or NeighbourState.Probe or NeighbourState.Permanent or NeighbourState.NoArp;
}
