using System.Text;

namespace VNetEmu.Docker;

/// <summary>Docker's random identifiers, from a stream of their own derived from the run's seed, so that adding a
/// container never changes the frames of the rest of the world (ids, veth names, names, random MACs).</summary>
public sealed class DockerIds(int seed)
{
    private readonly Random _random = new(unchecked(seed * 31 + 0x0D0C_4E12));

    /// <summary>A 64-hex id (containers, networks, endpoints, sandboxes).</summary>
    public string NewId() => Hex(32);

    /// <summary>`veth` + 7 hex digits: a host-side interface name.</summary>
    public string VethName() => "veth" + Hex(4)[..7];

    /// <summary>Random locally administered unicast MAC (GenerateRandomMAC, 28+).</summary>
    public Wire.MacAddress RandomMac()
    {
        ulong v = (ulong)_random.NextInt64() & 0xFFFF_FFFF_FFFFUL;
        return new Wire.MacAddress((v & ~0x0100_0000_0000UL) | 0x0200_0000_0000UL);
    }

    /// <summary>`02:42:` + 4 random bytes: a bridge MAC as dockerd ≤27 sets it.</summary>
    public Wire.MacAddress BridgeMac() => new(0x0242_0000_0000UL | ((ulong)_random.NextInt64() & 0xFFFF_FFFFUL));

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    private string Hex(int bytes)
    {
        Span<byte> b = stackalloc byte[bytes];
        _random.NextBytes(b);
        var sb = new StringBuilder(bytes * 2);
        foreach (byte x in b)
        {
            sb.Append(x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
