using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>Where a locally sent or forwarded packet goes: out of <see cref="Device"/> to <see cref="NextHop"/>
/// with <see cref="Source"/> as the preferred source, or to this host (<see cref="IsLocal"/>, over lo).</summary>
public readonly record struct RouteDecision(NetDevice Device, Ipv4Address NextHop, Ipv4Address Source, bool IsLocal, bool IsBroadcast, int Mtu);
