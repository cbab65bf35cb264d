using System.Globalization;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>The emulator's own verbs: `vnet capture FILE` (every interface of every namespace into one pcapng),
/// `vnet trace on|off` (netfilter verdicts as capture comments), `vnet stats` (per-device counters, drops by
/// reason, the rules that matched with their counters, conntrack entries), `vnet image NAME …` (a user-defined
/// Docker image, <see cref="VnetImageCommand"/>).</summary>
public static class VnetCommand
{
    public static ScriptProcess Create(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        var a = ctx.Args;
        string sub = a.Count > 1 ? a[1] : "";
        switch (sub)
        {
            case "capture" when a.Count == 3:
                return StartCapture(ctx.Emulator, a[2], e);
            case "trace" when a.Count == 3 && a[2] is "on" or "off":
                ctx.Emulator.Trace = a[2] == "on";
                return 0;
            case "stats" when a.Count == 2:
                WriteStats(ctx.Emulator, o);
                return 0;
            case "upstream-log" when a.Count == 2:
                // The queries the host's upstream resolver (192.0.2.53) received since the last call, then cleared.
                foreach (string line in ctx.Emulator.ExistingService<Lan>()?.Resolver?.TakeLog() ?? [])
                {
                    o.Write(line + "\n");
                }
                return 0;
            case "image":
                return VnetImageCommand.Run(ctx, e);
            default:
                e.Write("usage: vnet capture FILE.pcapng | vnet trace on|off | vnet stats | vnet upstream-log | vnet image NAME [--http PORT] [--body TEXT] [--proxy URL] [--expose PORT[/udp]]…\n");
                return 2;
        }
    });

    /// <summary>Starts an all-interface capture (also `vnetemu run -w FILE`, whose errors say
    /// <paramref name="program"/>): pcapng with one interface block per `ns:dev`, or classic pcap (one link
    /// type, no interface names, no comments) when the file's name ends in <c>.pcap</c>.</summary>
    public static int StartCapture(Emulator emulator, string file, TextWriter stderr, string program = "vnet", string? fullPath = null)
    {
        if (!CaptureSink.TryOpen(emulator, file, out Stream stream, out string error, fullPath))
        {
            stderr.Write($"{program}: {error}\n");
            return 1;
        }
        bool pcapng = !file.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase);
        var sink = new CaptureSink(stream, pcapng, emulator.EpochNs, () => emulator.Trace);
        emulator.World.AddTap((NetDevice device, long timeNs, Frame frame, bool outgoing) => sink.Write(device, timeNs, frame));
        // With tracing on, a frame netfilter dropped appears once more at the device it came in on, with its verdict.
        emulator.World.Dropped += (ns, frame, reason) =>
        {
            if (emulator.Trace && reason == DropReason.NetfilterDrop && frame.Trace is { Length: > 0 } trace
                && frame.Ingress is { } device && frame.Start < frame.NetworkOffset)
            {
                sink.Write(device, emulator.World.Now, frame, "dropped: " + trace);
            }
        };
        emulator.Own(sink);
        return 0;
    }

    private static void WriteStats(Emulator emulator, TextWriter o)
    {
        var all = new List<NetNamespace> { emulator.World.Root };
        all.AddRange(emulator.World.Namespaces.Values);
        o.Write($"{"interface",-24} {"rx_packets",10} {"rx_bytes",12} {"rx_drop",8} {"tx_packets",10} {"tx_bytes",12} {"tx_drop",8}\n");
        foreach (NetNamespace ns in all)
        {
            foreach (NetDevice d in ns.Devices)
            {
                DeviceCounters s = d.Stats;
                o.Write($"{ns.Name + ":" + d.Name,-24} {s.RxPackets,10} {s.RxBytes,12} {s.RxDropped,8} {s.TxPackets,10} {s.TxBytes,12} {s.TxDropped,8}\n");
            }
        }
        o.Write("\ndrops by reason:\n");
        foreach (NetNamespace ns in all)
        {
            for (int r = 1; r < (int)DropReason.Count; r++)
            {
                if (ns.Drops[r] > 0)
                {
                    o.Write($"  {ns.Name}: {((DropReason)r).ToString()} {ns.Drops[r].ToString(CultureInfo.InvariantCulture)}\n");
                }
            }
        }
        o.Write("\nrules that matched (iptables-save -c form):\n");
        foreach (NetNamespace ns in all)
        {
            if (emulator.ExistingNetfilter(ns) is not { } netfilter)
            {
                continue;
            }
            var saved = new StringWriter();
            Netfilter.Parsing.IptablesSave.Run(netfilter.Config, ["-c"], saved, TextWriter.Null, emulator.AscTime());
            string table = "";
            foreach (string line in saved.ToString().Split('\n'))
            {
                if (line.StartsWith('*'))
                {
                    table = line[1..];
                }
                else if (line.StartsWith("[", StringComparison.Ordinal) && !line.StartsWith("[0:", StringComparison.Ordinal) && line.Contains("] -A ", StringComparison.Ordinal))
                {
                    o.Write($"  {ns.Name} {table}: {line}\n");
                }
            }
            o.Write($"  {ns.Name}: {netfilter.Table.Count} conntrack entries\n");
        }
        o.Write($"\nframes in use: {emulator.World.Pool.InUse}, queued: {emulator.World.Queued}, virtual time: {emulator.World.Now / 1e9:F6} s\n");
    }
}
