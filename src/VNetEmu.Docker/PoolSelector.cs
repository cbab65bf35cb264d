using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>The local-scope default address pools (libnetwork ipamutils): 172.17–172.31.0.0/16, then
/// 192.168.0.0/16 split into /20s. ≤26 walks them from one past the last pool handed out; 27+ takes the lowest free
/// one. Either way a pool that overlaps an allocated subnet or a reserved network (the host's nameservers and
/// on-link routes) is skipped.</summary>
public sealed class PoolSelector(DockerVersion version)
{
    private static readonly Ipv4Prefix[] s_pools = BuildPools();
    private int _next;

    private static Ipv4Prefix[] BuildPools()
    {
        var pools = new List<Ipv4Prefix>();
        for (int b = 17; b <= 31; b++)
        {
            pools.Add(new Ipv4Prefix(new Ipv4Address(172, (byte)b, 0, 0), 16));
        }
        for (int c = 0; c < 256; c += 16)
        {
            pools.Add(new Ipv4Prefix(new Ipv4Address(192, 168, (byte)c, 0), 20));
        }
        return [.. pools];
    }

    public static bool Overlaps(Ipv4Prefix a, Ipv4Prefix b) => a.Contains(b.Network) || b.Contains(a.Network);

    /// <summary>The next default pool, or null when every one overlaps something in <paramref name="taken"/>.</summary>
    public Ipv4Prefix? Next(IReadOnlyCollection<Ipv4Prefix> taken, IReadOnlyCollection<Ipv4Prefix> reserved)
    {
        int start = version >= DockerVersion.V27 ? 0 : _next;
        for (int i = 0; i < s_pools.Length; i++)
        {
            int index = (start + i) % s_pools.Length;
            Ipv4Prefix pool = s_pools[index];
            if (Clashes(pool, taken) || Clashes(pool, reserved))
            {
                continue;
            }
            _next = index + 1;
            return pool;
        }
        return null;
    }

    private static bool Clashes(Ipv4Prefix pool, IReadOnlyCollection<Ipv4Prefix> others)
    {
        foreach (Ipv4Prefix o in others)
        {
            if (Overlaps(pool, o))
            {
                return true;
            }
        }
        return false;
    }

    public string ExhaustedMessage => version >= DockerVersion.V27
        ? "all predefined address pools have been fully subnetted"
        : "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network";

    public string OverlapMessage => version >= DockerVersion.V27
        ? "invalid pool request: Pool overlaps with other one on this address space"
        : "Pool overlaps with other one on this address space";
}
