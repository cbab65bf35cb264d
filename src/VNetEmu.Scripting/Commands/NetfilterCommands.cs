using VNetEmu.Netfilter.Conntrack;
using VNetEmu.Netfilter.Parsing;
using VNetEmu.Netfilter.Runtime;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>`iptables`, `iptables-save`, `iptables-restore`, `ipset`, `conntrack` and `dmesg` on the namespace's
/// netfilter (created the first time one of them runs there).</summary>
public static class NetfilterCommands
{
    public const string ConntrackVersion = "conntrack v1.4.7 (conntrack-tools)";

    public static ScriptProcess Iptables(CommandContext ctx) => new InstantProcess((o, e) =>
        IptablesCommand.Run(ctx.Emulator.Netfilter(ctx.Namespace).Config, ctx.Args.Skip(1).ToList(), o, e));

    public static ScriptProcess Save(CommandContext ctx) => new InstantProcess((o, e) =>
        IptablesSave.Run(ctx.Emulator.Netfilter(ctx.Namespace).Config, ctx.Args.Skip(1).ToList(), o, e, ctx.Emulator.AscTime()));

    /// <summary>`ip6tables-save`: no IPv6 rules exist in the emulator, so it prints nothing, as on a host where no one
    /// loaded ip6tables — unless a Docker 27+ daemon runs, which would have written ip6tables rules (ip6tables is
    /// on by default there): that is refused rather than shown empty.</summary>
    public static ScriptProcess Save6(CommandContext ctx) => new InstantProcess((_, e) =>
    {
        if (ctx.Emulator.ExistingService<VNetEmu.Docker.DockerDaemon>() is { Version: >= VNetEmu.Docker.DockerVersion.V27 })
        {
            e.Write("ip6tables-save: IPv6 netfilter is not emulated (Docker 27+ would have written ip6tables rules)\n");
            return 1;
        }
        return 0;
    });

    public static ScriptProcess Restore(CommandContext ctx) => new InstantProcess((o, e) =>
        IptablesRestore.Run(ctx.Emulator.Netfilter(ctx.Namespace).Config, ctx.Args.Skip(1).ToList(), new StringReader(ctx.Stdin ?? ""), o, e));

    public static ScriptProcess Ipset(CommandContext ctx) => new InstantProcess((o, e) =>
        IpsetCommand.Run(ctx.Emulator.Netfilter(ctx.Namespace).Config, ctx.Args.Skip(1).ToList(), o, e));

    public static ScriptProcess Dmesg(CommandContext ctx) => new InstantProcess((o, _) =>
    {
        if (ctx.Emulator.ExistingNetfilter(ctx.Namespace) is { } runtime)
        {
            foreach (string line in runtime.KernelLog)
            {
                o.Write(line + "\n");
            }
        }
        return 0;
    });

    /// <summary>`conntrack -L|-F|-D|-C [-p PROTO] [-s ADDR] [-d ADDR] [--sport N] [--dport N]` (conntrack-tools 1.4.7).</summary>
    public static ScriptProcess Conntrack(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        var a = ctx.Args;
        string? command = null;
        byte? protocol = null;
        Ipv4Address? source = null, destination = null;
        ushort? sport = null, dport = null;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            string Value()
            {
                if (i + 1 >= a.Count)
                {
                    throw new CommandException($"{ConntrackVersion}: option `{w}' requires an argument\nTry `conntrack -h' or 'conntrack --help' for more information.", 2);
                }
                return a[++i];
            }
            try
            {
                switch (w)
                {
                    case "-L" or "--dump" or "-F" or "--flush" or "-D" or "--delete" or "-C" or "--count":
                        if (command is not null)
                        {
                            throw new CommandException($"{ConntrackVersion}: Invalid parameters\nTry `conntrack -h' or 'conntrack --help' for more information.", 2);
                        }
                        command = w.TrimStart('-')[..1].ToUpperInvariant() switch
                        {
                            "D" when w is "-D" or "--delete" => "D",
                            var c => w is "--dump" ? "L" : w is "--flush" ? "F" : w is "--count" ? "C" : c,
                        };
                        break;
                    case "-p" or "--proto" or "--protonum":
                        string p = Value();
                        protocol = p switch
                        {
                            "tcp" => IpProtocol.Tcp,
                            "udp" => IpProtocol.Udp,
                            "icmp" => IpProtocol.Icmp,
                            "sctp" => IpProtocol.Sctp,
                            _ => byte.TryParse(p, out byte n) ? n : throw new CommandException($"{ConntrackVersion}: `{p}' unsupported protocol\nTry `conntrack -h' or 'conntrack --help' for more information.", 2),
                        };
                        break;
                    case "-s" or "--src" or "--orig-src":
                        source = ParseAddress(Value());
                        break;
                    case "-d" or "--dst" or "--orig-dst":
                        destination = ParseAddress(Value());
                        break;
                    case "--sport" or "--orig-port-src":
                        sport = ParsePort(Value());
                        break;
                    case "--dport" or "--orig-port-dst":
                        dport = ParsePort(Value());
                        break;
                    case "-n" or "-o" or "--output":
                        if (w != "-n")
                        {
                            Value();
                        }
                        break;
                    default:
                        throw new CommandException($"{ConntrackVersion}: Invalid argument `{w}'\nTry `conntrack -h' or 'conntrack --help' for more information.", 2);
                }
            }
            catch (CommandException ex)
            {
                e.Write(ex.Message + "\n");
                return ex.ExitCode;
            }
        }
        NetfilterRuntime runtime = ctx.Emulator.Netfilter(ctx.Namespace);
        ConntrackTable table = runtime.Table;
        bool Selected(ConntrackEntry x) => (protocol is null || x.Original.Protocol == protocol)
            && (source is null || x.Original.Source == source) && (destination is null || x.Original.Destination == destination)
            && (sport is null || x.Original.SourcePort == sport) && (dport is null || x.Original.DestinationPort == dport);
        switch (command ?? "L")
        {
            case "L":
                int shown = 0;
                foreach (ConntrackEntry x in table.Snapshot())
                {
                    if (Selected(x))
                    {
                        o.Write(table.Format(x) + "\n");
                        shown++;
                    }
                }
                e.Write($"{ConntrackVersion}: {shown} flow entries have been shown.\n");
                return 0;
            case "C":
                o.Write(table.Snapshot().Count(Selected) + "\n");
                return 0;
            case "F":
                table.Flush();
                e.Write($"{ConntrackVersion}: connection tracking table has been emptied.\n");
                return 0;
            default:
                int deleted = 0;
                foreach (ConntrackEntry x in table.Snapshot())
                {
                    if (Selected(x))
                    {
                        table.Remove(x);
                        deleted++;
                    }
                }
                e.Write($"{ConntrackVersion}: {deleted} flow entries have been deleted.\n");
                return deleted > 0 ? 0 : 1;
        }
    });

    private static ushort ParsePort(string text) => ushort.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort port)
        ? port
        : throw new CommandException($"{ConntrackVersion}: Bad parameter `{text}'\nTry `conntrack -h' or 'conntrack --help' for more information.", 2);

    private static Ipv4Address ParseAddress(string text) => Ipv4Address.TryParse(text, out Ipv4Address a)
        ? a
        : throw new CommandException($"{ConntrackVersion}: Bad parameter `{text}'\nTry `conntrack -h' or 'conntrack --help' for more information.", 2);
}
