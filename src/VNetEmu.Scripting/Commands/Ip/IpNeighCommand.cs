using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip neigh show|flush|add|replace|change|del`.</summary>
public static class IpNeighCommand
{
    public static void Run(IpContext ip)
    {
        List<string> a = ip.Args;
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list") || sub == "lst")
        {
            Show(ip, flush: false);
        }
        else if (IpCommand.Matches(sub, "flush"))
        {
            Show(ip, flush: true);
        }
        else if (IpCommand.Matches(sub, "add") || IpCommand.Matches(sub, "replace") || IpCommand.Matches(sub, "change"))
        {
            Modify(ip, sub.StartsWith('a') ? "add" : "replace");
        }
        else if (IpCommand.Matches(sub, "delete") || sub == "del")
        {
            Modify(ip, "del");
        }
        else
        {
            CommandException.Throw($"Command \"{sub}\" is unknown, try \"ip neigh help\".", 255);
        }
    }

    private static void Modify(IpContext ip, string op)
    {
        List<string> a = ip.Args;
        Ipv4Address? address = null;
        MacAddress? mac = null;
        NetDevice? device = null;
        NeighbourState state = NeighbourState.Permanent;
        for (int i = 1; i < a.Count; i++)
        {
            switch (a[i])
            {
                case "lladdr":
                    mac = IpContext.ParseMac(ip.Next(ref i));
                    break;
                case "dev":
                    device = ip.Device(ip.Next(ref i));
                    break;
                case "nud":
                    string s = ip.Next(ref i);
                    state = s switch
                    {
                        "permanent" => NeighbourState.Permanent,
                        "reachable" => NeighbourState.Reachable,
                        "stale" => NeighbourState.Stale,
                        "noarp" => NeighbourState.NoArp,
                        "delay" => NeighbourState.Delay,
                        "probe" => NeighbourState.Probe,
                        _ => throw new CommandException($"Error: argument \"{s}\" is wrong: nud state is bad", 255),
                    };
                    break;
                case "to":
                    address = IpContext.ParseAddress(ip.Next(ref i));
                    break;
                case "router" or "extern_learn" or "proxy":
                    break;
                default:
                    address = IpContext.ParseAddress(a[i]);
                    break;
            }
        }
        if (device is null || address is null)
        {
            CommandException.Throw("Device and destination are required arguments.", 255);
            return;
        }
        NeighbourTable table = ip.Ns.Ipv4.Neighbours;
        if (op == "del")
        {
            if (!table.Remove(device, address.Value))
            {
                CommandException.Throw("RTNETLINK answers: No such file or directory", 2);
            }
            return;
        }
        if (op == "add" && table.TryGet(device, address.Value, out NeighbourEntry existing) && existing.State != NeighbourState.None)
        {
            CommandException.Throw("RTNETLINK answers: File exists", 2);
        }
        if (mac is null)
        {
            CommandException.Throw("Error: lladdr is required for this neighbour state in vnetemu.", 2);
            return;
        }
        table.SetStatic(device, address.Value, mac.Value, state);
    }

    private static void Show(IpContext ip, bool flush)
    {
        List<string> a = ip.Args;
        NetDevice? device = null;
        string? stateFilter = null;
        bool all = false;
        for (int i = 1; i < a.Count; i++)
        {
            switch (a[i])
            {
                case "dev":
                    device = ip.Device(ip.Next(ref i));
                    break;
                case "nud":
                    stateFilter = ip.Next(ref i);
                    break;
                case "all":
                    all = true;
                    break;
                default:
                    CommandException.Throw($"Error: argument \"{a[i]}\" is not supported by vnetemu's ip neigh {(flush ? "flush" : "show")}.", 255);
                    break;
            }
        }
        if (flush && device is null && !all)
        {
            CommandException.Throw("Flush requires arguments.", 255);
        }
        NeighbourTable table = ip.Ns.Ipv4.Neighbours;
        if (flush)
        {
            table.Flush(e => (device is null || e.Device == device) && Selected(e, stateFilter, includeNoArp: false));
            return;
        }
        foreach (NeighbourEntry e in table.Snapshot())
        {
            if ((device is not null && e.Device != device) || !Selected(e, stateFilter, includeNoArp: false))
            {
                continue;
            }
            ip.Out.Write((ip.Command.Userspace.Tools == ToolFamily.Busybox ? BusyboxFormat(e, device is not null, ip.Ns.World.Now) : Format(e, device is not null)) + "\n");
        }
    }

    private static bool Selected(NeighbourEntry e, string? filter, bool includeNoArp)
    {
        if (filter is null || filter == "all")
        {
            return e.State != NeighbourState.None && (includeNoArp || e.State != NeighbourState.NoArp || filter == "all");
        }
        return string.Equals(Name(e.State), filter, StringComparison.OrdinalIgnoreCase);
    }

    public static string Name(NeighbourState s) => s switch
    {
        NeighbourState.Incomplete => "INCOMPLETE",
        NeighbourState.Reachable => "REACHABLE",
        NeighbourState.Stale => "STALE",
        NeighbourState.Delay => "DELAY",
        NeighbourState.Probe => "PROBE",
        NeighbourState.Failed => "FAILED",
        NeighbourState.NoArp => "NOARP",
        NeighbourState.Permanent => "PERMANENT",
        _ => "NONE",
    };

    /// <summary>As iproute2 prints a neighbour: "IP dev DEV lladdr MAC STATE " (no lladdr while unresolved).</summary>
    /// <summary>busybox 1.35's ipneigh.c, which always asks for statistics: "IP dev DEV lladdr MAC[ ref N] used
    /// U/C/UP probes P STATE" (seconds since last used, confirmed, updated). The reference count is 1 for an entry
    /// this host resolved itself (it holds a route's reference), none for one learnt only from the wire.</summary>
    public static string BusyboxFormat(NeighbourEntry e, bool omitDevice, long nowNs)
    {
        var sb = new StringBuilder();
        sb.Append(e.Address).Append(' ');
        if (!omitDevice)
        {
            sb.Append("dev ").Append(e.Device.Name).Append(' ');
        }
        if (e.HasMac && e.State is not (NeighbourState.Incomplete or NeighbourState.Failed))
        {
            sb.Append("lladdr ").Append(e.Mac);
        }
        if (e.Probes > 0)
        {
            sb.Append(" ref 1");
        }
        static long Seconds(long ns) => Math.Max(0, ns) / World.NanosPerSecond;
        sb.Append(" used ").Append(Seconds(nowNs - e.UsedNs)).Append('/').Append(Seconds(nowNs - e.ConfirmedNs)).Append('/').Append(Seconds(nowNs - e.UpdatedNs));
        sb.Append(" probes ").Append(e.Probes);
        sb.Append(' ').Append(Name(e.State));
        return sb.ToString();
    }

    public static string Format(NeighbourEntry e, bool omitDevice)
    {
        var sb = new StringBuilder();
        sb.Append(e.Address).Append(' ');
        if (!omitDevice)
        {
            sb.Append("dev ").Append(e.Device.Name).Append(' ');
        }
        if (e.HasMac && e.State is not (NeighbourState.Incomplete or NeighbourState.Failed))
        {
            sb.Append("lladdr ").Append(e.Mac).Append(' ');
        }
        sb.Append(Name(e.State)).Append(' ');
        return sb.ToString();
    }
}
