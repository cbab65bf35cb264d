using VNetEmu.Engine.Devices;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`brctl show [BR]` and `brctl showmacs BR` (bridge-utils 1.7 formats).</summary>
public static class BrctlCommand
{
    public static ScriptProcess Create(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        var a = ctx.Args;
        string sub = a.Count > 1 ? a[1] : "";
        var ns = ctx.Namespace;
        switch (sub)
        {
            case "show":
                o.Write("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
                // bridge-utils scandir()s /sys/class/net and each brif/ with alphasort: both by name
                foreach (NetDevice d in ns.Devices.OrderBy(x => x.Name, StringComparer.Ordinal))
                {
                    if (d is not BridgeDevice br || (a.Count > 2 && br.Name != a[2]))
                    {
                        continue;
                    }
                    string id = "8000." + br.Mac.ToString().Replace(":", "");
                    var ports = br.Ports.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                    o.Write($"{br.Name}\t\t{id}\tno\t\t{(ports.Count > 0 ? ports[0].Name : "")}\n");
                    for (int i = 1; i < ports.Count; i++)
                    {
                        o.Write($"\t\t\t\t\t\t\t{ports[i].Name}\n");
                    }
                }
                return 0;
            case "showmacs":
                if (a.Count < 3)
                {
                    e.Write("Incorrect number of arguments for command\nUsage: brctl showmacs <bridge>\tshow a list of mac addrs\n");
                    return 1;
                }
                if (!ns.TryGetDevice(a[2], out NetDevice dev) || dev is not BridgeDevice bridge)
                {
                    e.Write($"read of forward table failed: No such device\n");
                    return 1;
                }
                o.Write("port no\tmac addr\t\tis local?\tageing timer\n");
                long now = ns.World.Now;
                foreach (FdbEntry entry in bridge.Fdb.Snapshot(now))
                {
                    if (entry.Port == bridge)
                    {
                        continue;
                    }
                    int portNo = bridge.Ports.ToList().IndexOf(entry.Port) + 1;
                    long age = entry.IsLocal || entry.IsStatic ? 0 : (now - entry.UpdatedNs) / 10_000_000;
                    o.Write($"{portNo,3}\t{entry.Mac}\t{(entry.IsLocal ? "yes" : "no")}\t\t{age / 100,4}.{age % 100:00}\n");
                }
                return 0;
            default:
                e.Write($"never heard of command [{sub}]\n");
                return 1;
        }
    });
}
