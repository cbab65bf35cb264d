namespace VNetEmu.Capture.Tests;

/// <summary>Known packets for building inputs by hand.</summary>
internal static class Frames
{
    /// <summary>IPv4 UDP 172.17.0.2:1234 -> 8.8.8.8:53, TTL 64, no payload (28 bytes).</summary>
    public static readonly byte[] Ipv4Udp =
    [
        0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0xac, 0x11, 0x00, 0x02,
        0x08, 0x08, 0x08, 0x08, 0x04, 0xd2, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
    ];

    /// <summary>An IPv6 header, next header 59 (none), ::1 -> ::1 (40 bytes).</summary>
    public static readonly byte[] Ipv6NoNext =
    [
        0x60, 0, 0, 0, 0, 0, 59, 64, .. new byte[15], 1, .. new byte[15], 1,
    ];

    /// <summary>Ethernet 02:00:00:00:00:02 -> ff:ff:ff:ff:ff:ff carrying <see cref="Ipv4Udp"/>.</summary>
    public static readonly byte[] EthernetIpv4Udp =
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, .. Ipv4Udp,
    ];
}
