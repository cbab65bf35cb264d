using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>The link part of `ip link show` and `ip addr show`, as iproute2 6.1 prints it (print_linkinfo),
/// including its trailing spaces and the M-DOWN quirk (the peer's ifindex is looked up in the current namespace).</summary>
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
    private static StringBuilder HeaderStart(NetDevice d)
    {
        var sb = new StringBuilder();
        sb.Append(d.IfIndex).Append(": ").Append(DisplayName(d));
        bool mdown = false;
        if (d is VethDevice veth)
        {
            NetDevice? byIndex = d.Namespace.FindDevice(veth.Peer.IfIndex);
            mdown = byIndex is null || !byIndex.AdminUp;
        }
        sb.Append(": ").Append(Flags(d, mdown)).Append(' ');
        sb.Append("mtu ").Append(d.Mtu).Append(' ');
        sb.Append("qdisc ").Append(d.AdminUp ? "noqueue" : "noop").Append(' ');
        if (d.Master is { } master)
        {
            sb.Append("master ").Append(master.Name).Append(' ');
        }
        return sb;
    }

    /// <summary>The header line as busybox 1.35's `ip` prints it (no state or group; qlen only where the kernel
    /// reports a queue length, as for lo).</summary>
    public static string BusyboxHeader(NetDevice d)
    {
        StringBuilder sb = HeaderStart(d);
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

    public static int QueueLength(NetDevice d) => d is BridgeDevice ? 0 : d.TxQueueLength;

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
        return d is VethDevice ? "LOWERLAYERDOWN" : "DOWN";
    }

    public static void WriteAddresses(TextWriter o, Ipv4Stack stack, NetDevice d)
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

    public static string BriefAddress(NetDevice d, Ipv4Stack stack)
    {
        string name = DisplayName(d);
        var sb = new StringBuilder($"{name,-16} {OperState(d),-14} ");
        foreach (InterfaceAddress a in stack.AddressesOf(d))
        {
            sb.Append(a.Prefix.Address).Append('/').Append(a.Prefix.Length).Append(' ');
        }
        return sb.ToString();
    }

}
