using VNetEmu.Engine.Devices;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip addr add|del|show|flush`.</summary>
public static class IpAddrCommand
{
    public static void Run(IpContext ip)
    {
        List<string> a = ip.Args;
        string sub = a.Count > 0 ? a[0] : "show";
        if (IpCommand.Matches(sub, "add") || IpCommand.Matches(sub, "replace"))
        {
            Modify(ip, add: true, replace: sub.StartsWith('r'));
        }
        else if (IpCommand.Matches(sub, "delete") || sub == "del")
        {
            Modify(ip, add: false, replace: false);
        }
        else if (IpCommand.Matches(sub, "show") || IpCommand.Matches(sub, "list") || sub == "lst")
        {
            IpLinkCommand.Show(ip, 1, addresses: true);
        }
        else if (IpCommand.Matches(sub, "flush"))
        {
            Flush(ip);
        }
        else
        {
            CommandException.Throw($"Command \"{sub}\" is unknown, try \"ip address help\".", 255);
        }
    }

    private static void Modify(IpContext ip, bool add, bool replace)
    {
        List<string> a = ip.Args;
        Ipv4Prefix? prefix = null;
        string? devName = null;
        Ipv4Address broadcast = default;
        bool autoBroadcast = false;
        for (int i = 1; i < a.Count; i++)
        {
            switch (a[i])
            {
                case "dev":
                    devName = ip.Next(ref i);
                    break;
                case "brd" or "broadcast":
                    string b = ip.Next(ref i);
                    if (b == "+")
                    {
                        autoBroadcast = true;
                    }
                    else if (b != "-")
                    {
                        broadcast = IpContext.ParseAddress(b);
                    }
                    break;
                case "label" or "scope" or "valid_lft" or "preferred_lft" or "peer" or "local":
                    string v = ip.Next(ref i);
                    if (a[i - 1] == "local")
                    {
                        prefix = IpContext.ParsePrefix(v);
                    }
                    break;
                case "noprefixroute" or "nodad" or "home" or "mngtmpaddr":
                    break;
                default:
                    if (prefix is not null)
                    {
                        CommandException.Throw($"Error: either \"local\" is duplicate, or \"{a[i]}\" is a garbage.", 1);
                    }
                    prefix = IpContext.ParsePrefix(a[i]);
                    break;
            }
        }
        if (devName is null)
        {
            CommandException.Throw("Not enough information: \"dev\" argument is required.", 1);
        }
        NetDevice device = ip.Device(devName);
        if (prefix is null)
        {
            CommandException.Throw(add ? "Not enough information: \"local\" argument is required." : "Error: ipv4: Address not found.", add ? 1 : 2);
        }
        Ipv4Prefix p = prefix.Value;
        if (autoBroadcast && p.Length < 31)
        {
            broadcast = p.BroadcastAddress;
        }
        if (add)
        {
            bool exists = ip.Ns.Ipv4.AddressesOf(device).Any(x => x.Address == p.Address && x.Prefix.Length == p.Length);
            if (exists && replace)
            {
                return;
            }
            if (!ip.Ns.Ipv4.AddAddress(device, p, broadcast))
            {
                CommandException.Throw("RTNETLINK answers: File exists", 2);
            }
        }
        else if (!ip.Ns.Ipv4.RemoveAddress(device, p))
        {
            CommandException.Throw("RTNETLINK answers: Cannot assign requested address", 2);
        }
    }

    private static void Flush(IpContext ip)
    {
        List<string> a = ip.Args;
        string? devName = null;
        for (int i = 1; i < a.Count; i++)
        {
            if (a[i] == "dev")
            {
                devName = ip.Next(ref i);
            }
            else
            {
                devName ??= a[i];
            }
        }
        if (devName is null)
        {
            CommandException.Throw("Flush requires arguments.", 1);
        }
        ip.Ns.Ipv4.FlushAddresses(ip.Device(devName));
    }
}
