namespace VNetEmu.Capture;

/// <summary>LINKTYPE_ values of the pcap and pcapng link-layer header registry
/// (https://www.tcpdump.org/linktypes.html) that this project writes or converts.</summary>
public static class LinkTypes
{
    /// <summary>LINKTYPE_NULL: BSD loopback, a 4-byte address family in the capturing host's byte order.</summary>
    public const ushort Null = 0;

    /// <summary>Alias of <see cref="Null"/> (BSD loopback encapsulation). Not LINKTYPE_LOOP (108).</summary>
    public const ushort Loopback = Null;

    /// <summary>LINKTYPE_ETHERNET: IEEE 802.3 Ethernet II frames without FCS.</summary>
    public const ushort Ethernet = 1;

    /// <summary>LINKTYPE_RAW: a raw IPv4 or IPv6 packet, told apart by the version nibble.</summary>
    public const ushort Raw = 101;

    /// <summary>LINKTYPE_LINUX_SLL: Linux "cooked" capture v1, a 16-byte pseudo-header (tcpdump -i any).</summary>
    public const ushort LinuxSll = 113;

    /// <summary>LINKTYPE_IPV4: a raw IPv4 packet.</summary>
    public const ushort Ipv4 = 228;

    /// <summary>LINKTYPE_IPV6: a raw IPv6 packet.</summary>
    public const ushort Ipv6 = 229;

    /// <summary>LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2, a 20-byte pseudo-header with the interface index.</summary>
    public const ushort LinuxSll2 = 276;
}
