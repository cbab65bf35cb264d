using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>The link part of `ip link show` and `ip addr show`, as iproute2 6.1 prints it (print_linkinfo),
/// including its trailing spaces. M-DOWN (lib/utils.c print_name_and_link) marks a veth whose peer, in the same
/// namespace, is down; a peer in another namespace comes with IFLA_LINK_NETNSID and is never looked at.</summary>
public static class LinkFormatter
{
    public static string Header(NetDevice d, bool linkMode)
    {
        StringBuilder sb = HeaderStart(d);
        sb.Append("state ").Append(OperState(d)).Append(' ');
        if (linkMode)
        {
            sb.Append("mode DEFAULT ");
        }
        sb.Append("group default ");
        if (QueueLength(d) > 0)
        {
            sb.Append("qlen ").Append(QueueLength(d));
        }
        return sb.ToString();
    }

    /// <summary>"N: name: &lt;flags&gt; mtu M qdisc Q [master B] ": what iproute2 and busybox both print first.</summary>
    private static StringBuilder HeaderStart(NetDevice d, bool busybox = false)
    {
        var sb = new StringBuilder();
        sb.Append(d.IfIndex).Append(": ").Append(DisplayName(d));
        // iproute2 asks for the peer's flags only when the peer is in this namespace; busybox (ipaddress.c) looks
        // the peer's ifindex up in the current namespace whatever it is, so a peer elsewhere (flags 0) reads as down.
        bool mdown = d is VethDevice veth && (busybox
            ? d.Namespace.FindDevice(veth.Peer.IfIndex) is not { AdminUp: true }
            : veth.Peer.Namespace == d.Namespace && !veth.Peer.AdminUp);
        sb.Append(": ").Append(Flags(d, mdown)).Append(' ');
        sb.Append("mtu ").Append(d.Mtu).Append(' ');
        // A device gets its qdisc (noqueue for these software devices) the first time it goes up, and keeps it.
        sb.Append("qdisc ").Append(d.HasBeenUp ? "noqueue" : "noop").Append(' ');
        if (d.Master is { } master)
        {
            sb.Append("master ").Append(master.Name).Append(' ');
        }
        return sb;
    }

    /// <summary>`ip -6 addr`'s header (print_linkinfo with a family filter): no qdisc, no group.</summary>
    public static string Ipv6OnlyHeader(NetDevice d)
    {
        var sb = new StringBuilder();
        sb.Append(d.IfIndex).Append(": ").Append(DisplayName(d)).Append(": ").Append(Flags(d, false)).Append(' ');
        sb.Append("mtu ").Append(d.Mtu).Append(' ');
        if (d.Master is { } master)
        {
            sb.Append("master ").Append(master.Name).Append(' ');
        }
        sb.Append("state ").Append(OperState(d));
        if (QueueLength(d) > 0)
        {
            sb.Append(" qlen ").Append(QueueLength(d));
        }
        return sb.ToString();
    }

    /// <summary>The header line as busybox 1.35's `ip` prints it (no state or group; qlen only where the kernel
    /// reports a queue length, as for lo).</summary>
    public static string BusyboxHeader(NetDevice d)
    {
        StringBuilder sb = HeaderStart(d, busybox: true);
        if (d is LoopbackDevice)
        {
            sb.Append("qlen 1000");
        }
        return sb.ToString();
    }

    /// <summary>busybox's link line: no link-netnsid.</summary>
    public static string BusyboxLinkLine(NetDevice d) => d is LoopbackDevice
        ? "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
        : "    link/ether " + d.Mac + " brd ff:ff:ff:ff:ff:ff";

    /// <summary>"veth0@veth1" when the peer is in the same namespace, "veth0@if2" (its ifindex) otherwise.</summary>
    public static string DisplayName(NetDevice d) => d is VethDevice v
        ? d.Name + (v.Peer.Namespace == d.Namespace ? "@" + v.Peer.Name : "@if" + v.Peer.IfIndex)
        : d.Name;

    /// <summary>tx_queue_len: 1000 for lo, veths and bridges alike (Linux 6.x).</summary>
    public static int QueueLength(NetDevice d) => d.TxQueueLength;

    public static string LinkLine(NetDevice d)
    {
        var sb = new StringBuilder("    ");
        if (d is LoopbackDevice)
        {
            sb.Append("link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        }
        else
        {
            sb.Append("link/ether ").Append(d.Mac).Append(" brd ff:ff:ff:ff:ff:ff");
        }
        if (d is VethDevice veth && veth.Peer.Namespace != d.Namespace)
        {
            NetNamespace peerNs = veth.Peer.Namespace;
            if (peerNs.AttachedName is { } attached)
            {
                sb.Append(" link-netns ").Append(attached);
            }
            else if (peerNs == d.World.Root || peerNs.Hidden)
            {
                // no name under /var/run/netns (the host, a container's sandbox): iproute2 shows the nsid
                sb.Append(" link-netnsid ").Append(d.Namespace.PeerNsId(peerNs));
            }
            else
            {
                sb.Append(" link-netns ").Append(peerNs.Name);
            }
        }
        return sb.ToString();
    }

    public static string Flags(NetDevice d, bool mdown)
    {
        var flags = new List<string>();
        bool running = d.AdminUp && d.Carrier;
        if (d.AdminUp && !running)
        {
            flags.Add("NO-CARRIER");
        }
        if (d is LoopbackDevice)
        {
            flags.Add("LOOPBACK");
        }
        else
        {
            flags.Add("BROADCAST");
            flags.Add("MULTICAST");
        }
        if (d.AdminUp)
        {
            flags.Add("UP");
        }
        if (running)
        {
            flags.Add("LOWER_UP");
        }
        string text = string.Join(',', flags);
        if (mdown)
        {
            text += ",M-DOWN";
        }
        return "<" + text + ">";
    }

    public static string OperState(NetDevice d)
    {
        if (d is LoopbackDevice)
        {
            return d.AdminUp ? "UNKNOWN" : "DOWN";
        }
        if (!d.AdminUp)
        {
            return "DOWN";
        }
        if (d.Carrier)
        {
            return "UP";
        }
        // default_operstate (net/core/link_watch.c): without carrier, a device with a lower link is LOWERLAYERDOWN
        // unless that link is up. The link's ifindex is looked up in the device's own namespace, whichever
        // namespace the peer really lives in: a device there with that number decides, none means DOWN.
        if (d is not VethDevice veth || d.Namespace.FindDevice(veth.Peer.IfIndex) is not { } lower)
        {
            return "DOWN";
        }
        return lower.AdminUp && (lower.Carrier || lower is LoopbackDevice) ? "DOWN" : "LOWERLAYERDOWN";
    }

    /// <summary>The name `bridge link show` prints for a port: the AF_BRIDGE dump carries IFLA_LINK without a
    /// netns id, so iproute2 names the peer's ifindex after whatever device has that number in this namespace
    /// ("p1@br0"), or "if N" when none does; M-DOWN when that device is down.</summary>
    public static string BridgePortName(NetDevice d, out bool mdown)
    {
        mdown = false;
        if (d is not VethDevice veth)
        {
            return d.Name;
        }
        if (d.Namespace.FindDevice(veth.Peer.IfIndex) is not { } local)
        {
            return d.Name + "@if" + veth.Peer.IfIndex;
        }
        mdown = !local.AdminUp;
        return d.Name + "@" + local.Name;
    }

    public static void WriteAddresses(TextWriter o, Ipv4Stack stack, NetDevice d, Emulator? emulator = null, bool ipv4 = true, bool ipv6 = true)
    {
        if (ipv4)
        {
            WriteIpv4Addresses(o, stack, d);
        }
        if (ipv6 && emulator is not null && Ipv6View.Address(emulator, d) is var (address, length, scope))
        {
            o.Write($"    inet6 {address}/{length} scope {scope} \n");
            o.Write("       valid_lft forever preferred_lft forever\n");
        }
    }

    private static void WriteIpv4Addresses(TextWriter o, Ipv4Stack stack, NetDevice d)
    {
        foreach (InterfaceAddress a in stack.AddressesOf(d))
        {
            var sb = new StringBuilder("    inet ");
            sb.Append(a.Prefix.Address).Append('/').Append(a.Prefix.Length).Append(' ');
            if (!a.Broadcast.IsAny)
            {
                sb.Append("brd ").Append(a.Broadcast).Append(' ');
            }
            sb.Append("scope ").Append(a.Scope).Append(' ');
            if (a.Secondary)
            {
                sb.Append("secondary ");
            }
            sb.Append(d.Name);
            o.Write(sb.Append('\n').ToString());
            o.Write("       valid_lft forever preferred_lft forever\n");
        }
    }

    /// <summary>`ip -br link`: name, state, MAC, flags.</summary>
    public static string BriefLink(NetDevice d)
    {
        string name = DisplayName(d);
        string mac = d is LoopbackDevice ? "00:00:00:00:00:00" : d.Mac.ToString();
        return $"{name,-16} {OperState(d),-14} {mac} {Flags(d, false)} ";
    }

    public static string BriefAddress(NetDevice d, Ipv4Stack stack, Emulator? emulator = null, bool ipv4 = true, bool ipv6 = true)
    {
        string name = DisplayName(d);
        var sb = new StringBuilder($"{name,-16} {OperState(d),-14} ");
        foreach (InterfaceAddress a in ipv4 ? stack.AddressesOf(d) : [])
        {
            sb.Append(a.Prefix.Address).Append('/').Append(a.Prefix.Length).Append(' ');
        }
        if (ipv6 && emulator is not null && Ipv6View.Address(emulator, d) is var (address, length, _))
        {
            sb.Append(address).Append('/').Append(length).Append(' ');
        }
        return sb.ToString();
    }

}
