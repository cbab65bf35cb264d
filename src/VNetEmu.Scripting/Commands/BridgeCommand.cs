using System.Text;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Commands.Ip;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>`bridge [-n NS] fdb show|add|del`, `bridge link show|set`.</summary>
public static class BridgeCommand
{
    private static readonly MacAddress s_allHosts = MacAddress.Parse("01:00:5e:00:00:01");
    private static readonly MacAddress s_allNodes6 = MacAddress.Parse("33:33:00:00:00:01");
    private static readonly MacAddress s_mrd4 = MacAddress.Parse("01:00:5e:00:00:6a");
    private static readonly MacAddress s_mrd6 = MacAddress.Parse("33:33:00:00:00:6a");

    public static ScriptProcess Create(CommandContext ctx) => new InstantProcess((stdout, stderr) =>
    {
        try
        {
            Run(ctx, stdout);
            return 0;
        }
        catch (CommandException e)
        {
            stderr.Write(e.Message + "\n");
            return e.ExitCode;
        }
    });

    private static void Run(CommandContext ctx, TextWriter o)
    {
        var a = ctx.Args.ToList();
        NetNamespace ns = ctx.Namespace;
        int i = 1;
        bool details = false;
        while (i < a.Count && a[i].StartsWith('-'))
        {
            details |= a[i] is "-d" or "-details";
            if (a[i] is "-n" or "-netns")
            {
                if (i + 1 >= a.Count)
                {
                    CommandException.Throw("No netns name specified", 255);
                }
                ns = ctx.Emulator.FindNamespace(a[i + 1])
                    ?? throw new CommandException($"Cannot open network namespace \"{a[i + 1]}\": No such file or directory", 255);
                i += 2;
                continue;
            }
            if (a[i] is not ("-d" or "-details" or "-s" or "-stats"))
            {
                CommandException.Throw($"Option \"{a[i]}\" is unknown, try \"bridge help\".", 255);
            }
            i++;
        }
        if (i >= a.Count)
        {
            CommandException.Throw("Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }", 255);
        }
        string obj = a[i];
        var rest = a.Skip(i + 1).ToList();
        if (IpCommand.Matches(obj, "fdb"))
        {
            Fdb(ns, rest, o, ctx.Emulator);
        }
        else if (IpCommand.Matches(obj, "link"))
        {
            Link(ns, rest, o, details);
        }
        else
        {
            CommandException.Throw($"Object \"{obj}\" is unknown, try \"bridge help\".", 255);
        }
    }

    private static NetDevice Device(NetNamespace ns, string name) =>
        ns.TryGetDevice(name, out NetDevice d) ? d : throw new CommandException($"Cannot find device \"{name}\"", 1);

    private static void Fdb(NetNamespace ns, List<string> a, TextWriter o, Emulator emulator)
    {
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list"))
        {
            BridgeDevice? onlyBridge = null;
            NetDevice? onlyDev = null;
            for (int i = 1; i < a.Count; i++)
            {
                string w = a[i];
                string v = i + 1 < a.Count ? a[++i] : throw new CommandException("Command line is not complete. Try option \"help\"", 255);
                if (w == "br")
                {
                    onlyBridge = Device(ns, v) as BridgeDevice ?? throw new CommandException($"Cannot find bridge device \"{v}\"", 255);
                }
                else if (w == "dev")
                {
                    onlyDev = Device(ns, v);
                }
                else
                {
                    CommandException.Throw($"Error: argument \"{w}\" is not supported by vnetemu's bridge fdb show.", 255);
                }
            }
            foreach (NetDevice d in ns.Devices)
            {
                if (d is LoopbackDevice || (onlyDev is not null && d != onlyDev))
                {
                    continue;
                }
                BridgeDevice? bridge = d as BridgeDevice ?? d.Master;
                if (onlyBridge is not null && bridge != onlyBridge)
                {
                    continue;
                }
                WriteDevice(o, d, bridge, emulator);
            }
            return;
        }
        if (IpCommand.Matches(sub, "add") || IpCommand.Matches(sub, "append") || IpCommand.Matches(sub, "replace") || sub == "del" || IpCommand.Matches(sub, "delete"))
        {
            if (a.Count < 2)
            {
                CommandException.Throw("Command line is not complete. Try option \"help\"", 255);
            }
            MacAddress mac = IpContext.ParseMac(a[1]);
            NetDevice? dev = null;
            for (int i = 2; i < a.Count; i++)
            {
                if (a[i] == "dev" && i + 1 < a.Count)
                {
                    dev = Device(ns, a[++i]);
                }
            }
            if (dev?.Master is not { } br)
            {
                CommandException.Throw("Device and address are required arguments.", 255);
                return;
            }
            if (sub.StartsWith('d'))
            {
                if (!br.Fdb.Remove(mac))
                {
                    CommandException.Throw("RTNETLINK answers: No such file or directory", 2);
                }
            }
            else
            {
                br.Fdb.AddStatic(mac, dev, ns.World.Now);
            }
            return;
        }
        CommandException.Throw($"Command \"{sub}\" is unknown, try \"bridge fdb help\".", 255);
    }

    private static void WriteDevice(TextWriter o, NetDevice d, BridgeDevice? bridge, Emulator emulator)
    {
        // The device's multicast list: ff02::1 from the moment it exists (even with IPv6 disabled), the multicast
        // router addresses of a bridge and 224.0.0.1 only while it is up.
        var self = new List<MacAddress> { s_allNodes6 };
        if (d.AdminUp)
        {
            if (d is BridgeDevice)
            {
                self.Add(s_mrd4);
                self.Add(s_mrd6);
            }
            self.Add(s_allHosts);
        }
        if (d is not LoopbackDevice && Ipv6View.Address(emulator, d) is not null)
        {
            self.Add(MacAddress.Parse(Ipv6View.SolicitedNodeMac(d.Mac))); // the link-local address's solicited-node group
        }
        var lines = new List<string>();
        if (bridge is not null)
        {
            foreach (FdbEntry e in bridge.Fdb.Snapshot(d.World.Now))
            {
                if (e.Port != d)
                {
                    continue;
                }
                string state = e.IsLocal ? "permanent" : e.IsStatic ? "static" : "";
                lines.Add($"{e.Mac} dev {d.Name} master {bridge.Name} {state}".TrimEnd(' ') + (state.Length == 0 ? " " : ""));
            }
        }
        if (d is BridgeDevice)
        {
            foreach (MacAddress m in self)
            {
                o.Write($"{m} dev {d.Name} self permanent\n");
            }
            foreach (string l in lines)
            {
                o.Write(l + "\n");
            }
        }
        else
        {
            foreach (string l in lines)
            {
                o.Write(l + "\n");
            }
            foreach (MacAddress m in self)
            {
                o.Write($"{m} dev {d.Name} self permanent\n");
            }
        }
    }

    private static void Link(NetNamespace ns, List<string> a, TextWriter o, bool details)
    {
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list"))
        {
            foreach (NetDevice d in ns.Devices)
            {
                if (d.Master is not { } br)
                {
                    continue;
                }
                var sb = new StringBuilder();
                string name = LinkFormatter.BridgePortName(d, out bool mdown);
                sb.Append(d.IfIndex).Append(": ").Append(name).Append(": ").Append(LinkFormatter.Flags(d, mdown)).Append(' ');
                sb.Append("mtu ").Append(d.Mtu).Append(" master ").Append(br.Name).Append(" state ").Append(d.IsOperUp && br.AdminUp ? "forwarding" : "disabled");
                sb.Append(" priority 32 cost 2 ");
                if (details)
                {
                    // The port flags iproute2 6.1 prints with -d; only hairpin can be changed here.
                    sb.Append("\n    hairpin ").Append(d.Hairpin ? "on" : "off")
                        .Append(" guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off ");
                }
                o.Write(sb.Append('\n').ToString());
            }
            return;
        }
        if (IpCommand.Matches(sub, "set"))
        {
            NetDevice? dev = null;
            for (int i = 1; i < a.Count; i++)
            {
                string w = a[i];
                string v = i + 1 < a.Count ? a[++i] : throw new CommandException("Command line is not complete. Try option \"help\"", 255);
                switch (w)
                {
                    case "dev":
                        dev = Device(ns, v);
                        break;
                    case "hairpin":
                        if (dev is null)
                        {
                            CommandException.Throw("Device is a required argument.", 255);
                        }
                        dev.Hairpin = v == "on";
                        break;
                    default:
                        CommandException.Throw($"Error: argument \"{w}\" is not supported by vnetemu's bridge link set.", 255);
                        break;
                }
            }
            return;
        }
        CommandException.Throw($"Command \"{sub}\" is unknown, try \"bridge link help\".", 255);
    }
}
