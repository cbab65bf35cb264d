using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>The addresses of one network's subnet (or of its `--ip-range` sub-pool), as libnetwork's bitmap
/// allocator hands them out: the lowest free host number each time, network and broadcast addresses reserved for
/// subnets bigger than /31, a released address reused by the next request.</summary>
public sealed class AddressPool
{
    private readonly HashSet<uint> _used = [];

    public AddressPool(Ipv4Prefix subnet, Ipv4Prefix? range)
    {
        Subnet = new Ipv4Prefix(subnet.Network, subnet.Length);
        Range = range is { } r ? new Ipv4Prefix(r.Network, r.Length) : Subnet;
    }

    public Ipv4Prefix Subnet { get; }
    public Ipv4Prefix Range { get; }

    private bool Reserved(uint v) => Subnet.Length < 31 && (v == Subnet.Network.Value || v == Subnet.BroadcastAddress.Value);

    /// <summary>The lowest free address of the range, or null when the pool is full.</summary>
    public Ipv4Address? Allocate()
    {
        for (ulong v = Range.Network.Value; v <= Range.BroadcastAddress.Value; v++)
        {
            uint a = (uint)v;
            if (!Reserved(a) && _used.Add(a))
            {
                return new Ipv4Address(a);
            }
        }
        return null;
    }

    /// <summary>Takes a specific address (`--ip`, `--gateway`); false when it is in use.</summary>
    public bool Claim(Ipv4Address address) => !Reserved(address.Value) && _used.Add(address.Value);

    public bool InUse(Ipv4Address address) => _used.Contains(address.Value);

    public void Release(Ipv4Address address) => _used.Remove(address.Value);
}
