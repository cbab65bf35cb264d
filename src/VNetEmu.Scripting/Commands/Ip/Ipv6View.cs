using System.Net;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>The IPv6 state a Linux host shows without any IPv6 configuration: `::1` on an up loopback and, on each
/// other device that has been up with carrier (addrconf), its EUI-64 link-local address, with the matching
/// `fe80::/64`, `local` and `ff00::/8` routes and the solicited-node multicast FDB entry — unless IPv6 is disabled
/// (`net.ipv6.conf.all|DEV.disable_ipv6=1`, as Docker does in containers). IPv6 packets are not emulated: these
/// addresses exist for display only.</summary>
public static class Ipv6View
{
    public static bool Enabled(Emulator emulator, NetDevice d) =>
        emulator.Sysctls.Get(d.Namespace, "net.ipv6.conf.all.disable_ipv6") != "1"
        && emulator.Sysctls.Get(d.Namespace, $"net.ipv6.conf.{d.Name}.disable_ipv6") != "1";

    /// <summary>The device's address (text, prefix length, scope), or null.</summary>
    public static (string Address, int Length, string Scope)? Address(Emulator emulator, NetDevice d)
    {
        if (!d.Ipv6LinkReady || !Enabled(emulator, d))
        {
            return null;
        }
        if (d is LoopbackDevice)
        {
            return ("::1", 128, "host");
        }
        return d.Mac == MacAddress.Zero ? null : (LinkLocal(d.Mac), 64, "link");
    }

    /// <summary>fe80::/64 with the EUI-64 interface id of <paramref name="mac"/> (RFC 4291 appendix A), as
    /// iproute2 prints it (RFC 5952 compression).</summary>
    public static string LinkLocal(MacAddress mac)
    {
        byte[] m = MacBytes(mac);
        byte[] a = new byte[16];
        a[0] = 0xfe;
        a[1] = 0x80;
        a[8] = (byte)(m[0] ^ 0x02);
        a[9] = m[1];
        a[10] = m[2];
        a[11] = 0xff;
        a[12] = 0xfe;
        a[13] = m[3];
        a[14] = m[4];
        a[15] = m[5];
        return new IPAddress(a).ToString();
    }

    /// <summary>The multicast MAC of the link-local address's solicited-node group (33:33:ff + its last 3 bytes).</summary>
    public static string SolicitedNodeMac(MacAddress mac)
    {
        byte[] m = MacBytes(mac);
        return $"33:33:ff:{m[3]:x2}:{m[4]:x2}:{m[5]:x2}";
    }

    private static byte[] MacBytes(MacAddress mac)
    {
        byte[] b = new byte[MacAddress.Length];
        mac.Write(b);
        return b;
    }
}
