using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>An IPv4 address on a device (`ip addr add 10.1.0.1/24 [brd B] dev eth0`).</summary>
public sealed class InterfaceAddress(NetDevice device, Ipv4Prefix prefix, Ipv4Address broadcast, bool secondary)
{
    public NetDevice Device { get; } = device;
    public Ipv4Prefix Prefix { get; } = prefix;
    public Ipv4Address Address => Prefix.Address;

    /// <summary>The broadcast address given with `brd` (Any when none was given, as `ip addr` shows it).</summary>
    public Ipv4Address Broadcast { get; } = broadcast;

    /// <summary>A second address in a subnet the device already has an address in.</summary>
    public bool Secondary { get; internal set; } = secondary;

    /// <summary>host for 127/8 on lo, else global.</summary>
    public string Scope => Prefix.Address.IsLoopback ? "host" : "global";
}
