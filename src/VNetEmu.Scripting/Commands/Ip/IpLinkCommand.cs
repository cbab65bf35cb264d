using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip link add|set|del|show`.</summary>
public static class IpLinkCommand
{
    public static void Run(IpContext ip)
    {
        List<string> a = ip.Args;
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "add"))
        {
            Add(ip);
        }
        else if (IpCommand.Matches(sub, "set"))
        {
            Set(ip);
        }
        else if (IpCommand.Matches(sub, "delete") || sub == "del")
        {
            Delete(ip);
        }
        else if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list") || sub == "lst")
        {
            Show(ip, 1);
        }
        else
        {
            CommandException.Throw($"Command \"{sub}\" is unknown, try \"ip link help\".", 255);
        }
    }

    private static void Add(IpContext ip)
    {
        List<string> a = ip.Args;
        string? name = null, type = null, peerName = null;
        MacAddress? mac = null, peerMac = null;
        int? mtu = null;
        NetNamespace? peerNs = null;
        bool inPeer = false;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            switch (w)
            {
                case "name" or "dev":
                    string n = ip.Next(ref i);
                    if (inPeer)
                    {
                        peerName = n;
                    }
                    else
                    {
                        name = n;
                    }
                    break;
                case "address":
                    MacAddress m = IpContext.ParseMac(ip.Next(ref i));
                    if (inPeer)
                    {
                        peerMac = m;
                    }
                    else
                    {
                        mac = m;
                    }
                    break;
                case "mtu":
                    mtu = IpContext.ParseInt(ip.Next(ref i), "Invalid \"mtu\" value");
                    break;
                case "netns":
                    string nsName = ip.Next(ref i);
                    NetNamespace target = ip.Emulator.FindNamespace(nsName)
                        ?? throw new CommandException($"Invalid \"netns\" value \"{nsName}\"", 255);
                    if (!inPeer)
                    {
                        CommandException.Throw("Error: moving a new link to another namespace is only supported for the veth peer in vnetemu.", 2);
                    }
                    peerNs = target;
                    break;
                case "type":
                    type = ip.Next(ref i);
                    break;
                case "peer":
                    if (type != "veth")
                    {
                        CommandException.Throw($"Garbage instead of arguments \"peer ...\". Try \"ip link help\".", 255);
                    }
                    inPeer = true;
                    if (i + 1 < a.Count && a[i + 1] is not ("name" or "address" or "netns" or "mtu"))
                    {
                        peerName = a[++i];
                    }
                    break;
                case "txqueuelen" or "qlen":
                    ip.Next(ref i);
                    break;
                default:
                    if (name is null && !inPeer)
                    {
                        name = w;
                    }
                    else
                    {
                        CommandException.Throw($"Error: argument \"{w}\" is wrong: Unknown option", 255);
                    }
                    break;
            }
        }
        if (type is null)
        {
            CommandException.Throw("Not enough information: \"type\" argument is required", 255);
        }
        if (name is null)
        {
            CommandException.Throw("Not enough information: \"dev\" argument is required.", 255);
        }
        CheckName(name);
        NetNamespace ns = ip.Ns;
        if (ns.HasDevice(name))
        {
            CommandException.Throw("RTNETLINK answers: File exists", 2);
        }
        switch (type)
        {
            case "bridge":
                BridgeDevice bridge = ns.AddBridge(name, mac);
                if (mtu is { } bm)
                {
                    bridge.Mtu = bm;
                }
                return;
            case "veth":
                peerName ??= NextVethName(peerNs ?? ns);
                CheckName(peerName);
                if ((peerNs ?? ns).HasDevice(peerName) || (peerNs is null && peerName == name))
                {
                    CommandException.Throw("RTNETLINK answers: File exists", 2);
                }
                var (local, peer) = ns.AddVethPair(name, mac, peerName, peerMac, peerNs, peerFirst: true);
                if (mtu is { } vm)
                {
                    local.Mtu = vm;
                    peer.Mtu = vm;
                }
                return;
            default:
                CommandException.Throw($"Error: Unknown device type.", 2);
                return;
        }
    }

    private static string NextVethName(NetNamespace ns)
    {
        for (int i = 0; ; i++)
        {
            if (!ns.HasDevice("veth" + i))
            {
                return "veth" + i;
            }
        }
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name.Length > 15 || name.Contains('/') || name.Contains(' '))
        {
            CommandException.Throw($"Error: argument \"{name}\" is wrong: \"name\" not a valid ifname", 255);
        }
    }

    /// <summary>The device named by "[dev] NAME" right after the subcommand; <paramref name="i"/> is left on the name.</summary>
    private static NetDevice DeviceArgument(IpContext ip, out int i)
    {
        List<string> a = ip.Args;
        i = 1;
        if (i < a.Count && a[i] == "dev")
        {
            i++;
        }
        if (i >= a.Count)
        {
            CommandException.Throw("Not enough information: \"dev\" argument is required.", 255);
        }
        return ip.Device(a[i]);
    }

    private static void Set(IpContext ip)
    {
        List<string> a = ip.Args;
        NetDevice device = DeviceArgument(ip, out int i);
        // Validate everything first: like a netlink request, the set applies whole or not at all.
        var actions = new List<Action>();
        for (i++; i < a.Count; i++)
        {
            string w = a[i];
            switch (w)
            {
                case "up":
                    actions.Add(() => SetUp(ip, device, true));
                    break;
                case "down":
                    actions.Add(() => SetUp(ip, device, false));
                    break;
                case "master":
                    string brName = ip.Next(ref i);
                    NetDevice br = ip.Device(brName);
                    if (br is not BridgeDevice bridge)
                    {
                        CommandException.Throw("RTNETLINK answers: Operation not supported", 2);
                        return;
                    }
                    if (device == br || device is BridgeDevice)
                    {
                        CommandException.Throw("RTNETLINK answers: Too many levels of symbolic links", 2);
                    }
                    actions.Add(() => bridge.AddPort(device));
                    break;
                case "nomaster":
                    actions.Add(() => device.Master?.RemovePort(device));
                    break;
                case "netns":
                    string nsName = ip.Next(ref i);
                    NetNamespace target = ip.Emulator.FindNamespace(nsName)
                        ?? throw new CommandException($"Invalid \"netns\" value \"{nsName}\"", 255);
                    if (device is LoopbackDevice)
                    {
                        CommandException.Throw("RTNETLINK answers: Invalid argument", 2);
                    }
                    if (target != ip.Ns && target.HasDevice(device.Name))
                    {
                        CommandException.Throw("RTNETLINK answers: File exists", 2);
                    }
                    actions.Add(() => ip.Ns.MoveDevice(device, target));
                    break;
                case "address":
                    MacAddress mac = IpContext.ParseMac(ip.Next(ref i));
                    if (mac.IsMulticast)
                    {
                        CommandException.Throw("RTNETLINK answers: Cannot assign requested address", 2);
                    }
                    actions.Add(() => SetMac(device, mac));
                    break;
                case "mtu":
                    int mtu = IpContext.ParseInt(ip.Next(ref i), "Invalid \"mtu\" value");
                    if (mtu < 68 || mtu > 65535)
                    {
                        CommandException.Throw(mtu < 68 ? $"Error: mtu less than device minimum." : "Error: mtu greater than device maximum.", 2);
                    }
                    actions.Add(() => device.Mtu = mtu);
                    break;
                case "name":
                    string newName = ip.Next(ref i);
                    CheckName(newName);
                    if (ip.Ns.HasDevice(newName) && newName != device.Name)
                    {
                        CommandException.Throw("RTNETLINK answers: File exists", 2);
                    }
                    if (device.AdminUp)
                    {
                        CommandException.Throw("RTNETLINK answers: Device or resource busy", 2);
                    }
                    actions.Add(() => ip.Ns.RenameDevice(device, newName));
                    break;
                case "promisc" or "multicast" or "arp" or "allmulticast":
                    ip.Next(ref i);
                    break;
                case "txqueuelen" or "qlen":
                    ip.Next(ref i);
                    break;
                default:
                    CommandException.Throw($"Error: argument \"{w}\" is wrong: Unknown option", 255);
                    break;
            }
        }
        foreach (Action act in actions)
        {
            act();
        }
    }

    private static void SetUp(IpContext ip, NetDevice device, bool up)
    {
        bool wasUp = device.AdminUp;
        device.SetAdminUp(up);
        if (up && !wasUp && device is LoopbackDevice && ip.Ns.Ipv4.AddressesOf(device).Count == 0)
        {
            // inetdev brings 127.0.0.1/8 to lo the first time it comes up.
            ip.Ns.Ipv4.AddAddress(device, new Ipv4Prefix(Ipv4Address.Loopback, 8), default);
        }
    }

    private static void SetMac(NetDevice device, MacAddress mac)
    {
        if (device is BridgeDevice bridge)
        {
            bridge.MacSetByUser = true;
            bridge.ChangeMac(mac);
        }
        else
        {
            if (device.Master is { } master)
            {
                master.PortMacChanged(device, mac);
            }
            else
            {
                device.Mac = mac;
            }
            device.MacSetByUser = true;
        }
    }

    private static void Delete(IpContext ip)
    {
        NetDevice device = DeviceArgument(ip, out _);
        if (device is LoopbackDevice)
        {
            CommandException.Throw("RTNETLINK answers: Operation not supported", 2);
        }
        ip.Ns.DeleteDevice(device);
    }

    /// <summary>`ip link show [dev] [NAME] [type T] [master BR] [up]`; also used by `ip addr show` (addresses = true).</summary>
    public static void Show(IpContext ip, int start, bool addresses = false)
    {
        List<string> a = ip.Args;
        string? only = null, master = null, type = null;
        bool upOnly = false;
        for (int i = start; i < a.Count; i++)
        {
            switch (a[i])
            {
                case "dev":
                    only = ip.Next(ref i);
                    break;
                case "master":
                    master = ip.Next(ref i);
                    break;
                case "type":
                    type = ip.Next(ref i);
                    break;
                case "up":
                    upOnly = true;
                    break;
                case "scope" or "label" or "to":
                    ip.Next(ref i);
                    break;
                case "primary" or "secondary" or "permanent" or "dynamic":
                    break;
                default:
                    if (only is null)
                    {
                        only = a[i];
                    }
                    else
                    {
                        CommandException.Throw($"Error: either \"dev\" is duplicate, or \"{a[i]}\" is a garbage.", 255);
                    }
                    break;
            }
        }
        IEnumerable<NetDevice> devices = ip.Ns.Devices;
        if (only is not null)
        {
            devices = [ip.Device(only)];
        }
        if (master is not null)
        {
            NetDevice m = ip.Device(master);
            devices = devices.Where(d => d.Master == m);
        }
        if (type is not null)
        {
            devices = devices.Where(d => (type == "veth" && d is VethDevice) || (type == "bridge" && d is BridgeDevice));
        }
        if (upOnly)
        {
            devices = devices.Where(d => d.AdminUp);
        }
        foreach (NetDevice d in devices)
        {
            if (addresses && ip.Options.Family == 6 && Ipv6View.Address(ip.Command.Emulator, d) is null)
            {
                continue; // ip -6 addr lists only devices with an IPv6 address
            }
            if (addresses && ip.Options.Family == 4 && ip.Ns.Ipv4.AddressesOf(d).Count == 0)
            {
                continue; // ip -4 addr: only devices with an IPv4 address
            }
            if (ip.Options.Brief)
            {
                ip.Out.Write((addresses ? LinkFormatter.BriefAddress(d, ip.Ns.Ipv4, ip.Command.Emulator, ip.Options.Family != 6, ip.Options.Family != 4) : LinkFormatter.BriefLink(d)) + "\n");
                continue;
            }
            bool busybox = ip.Command.Userspace.Tools == ToolFamily.Busybox;
            bool family = addresses && ip.Options.Family != 0 && !busybox;
            ip.Out.Write((busybox ? LinkFormatter.BusyboxHeader(d)
                : family && ip.Options.Family == 6 ? LinkFormatter.Ipv6OnlyHeader(d)
                : LinkFormatter.Header(d, linkMode: !addresses)) + "\n");
            bool details = ip.Options.Details && !busybox;
            if (!family)
            {
                // with -4 or -6, ip addr prints no link line
                ip.Out.Write((busybox ? LinkFormatter.BusyboxLinkLine(d) : LinkFormatter.LinkLine(d)) + (details ? LinkDetails.LinkSuffix(d) : "") + "\n");
            }
            if (details && LinkDetails.KindLines(d, d.World.Now) is { Length: > 0 } kind)
            {
                ip.Out.Write(kind + "\n");
            }
            if (addresses)
            {
                LinkFormatter.WriteAddresses(ip.Out, ip.Ns.Ipv4, d, ip.Command.Emulator, ip.Options.Family != 6, ip.Options.Family != 4);
            }
        }
    }
}
