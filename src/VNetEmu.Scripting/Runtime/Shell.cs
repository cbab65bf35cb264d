using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Commands.Apps;
using VNetEmu.Scripting.Commands.Ip;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Maps a program name to the command that emulates it. Unknown programs fail as bash does (127).</summary>
public static class Shell
{
    public static ScriptProcess Create(CommandContext ctx) => ctx.Program switch
    {
        "ip" => IpCommand.Create(ctx, Create),
        "bridge" => BridgeCommand.Create(ctx),
        "brctl" => BrctlCommand.Create(ctx),
        "sysctl" => SysctlCommand.Create(ctx),
        "ping" when ctx.Userspace.Tools == ToolFamily.Busybox => new BusyboxPingProcess(ctx),
        "ping" => new PingProcess(ctx),
        "nslookup" => new NslookupProcess(ctx),
        "getent" => new GetentProcess(ctx),
        "curl" => new CurlProcess(ctx),
        "wget" => new WgetProcess(ctx),
        "nc" or "netcat" or "nc.openbsd" => new NcProcess(ctx),
        "tcpdump" => new TcpdumpProcess(ctx),
        "sleep" => new SleepProcess(ctx),
        "vnet" => VnetCommand.Create(ctx),
        "docker" => Commands.Docker.DockerCommand.Create(ctx),
        "iptables" or "iptables-nft" => NetfilterCommands.Iptables(ctx),
        "iptables-save" or "iptables-nft-save" => NetfilterCommands.Save(ctx),
        "iptables-restore" or "iptables-nft-restore" => NetfilterCommands.Restore(ctx),
        "ipset" => NetfilterCommands.Ipset(ctx),
        "conntrack" => NetfilterCommands.Conntrack(ctx),
        "dmesg" => NetfilterCommands.Dmesg(ctx),
        "true" => new InstantProcess((_, _) => 0),
        "false" => new InstantProcess((_, _) => 1),
        _ => new InstantProcess((_, e) =>
        {
            e.Write($"bash: line 1: {ctx.Program}: command not found\n");
            return 127;
        }),
    };
}
