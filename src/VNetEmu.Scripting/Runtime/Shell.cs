using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Commands.Apps;
using VNetEmu.Scripting.Commands.Ip;
using VNetEmu.Scripting.Commands.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Maps a program name to the command that emulates it. Unknown programs fail as bash does (127).</summary>
public static class Shell
{
    public static ScriptProcess Create(CommandContext ctx) => Find(ctx) ?? new InstantProcess((_, e) =>
    {
        e.Write($"bash: line 1: {ctx.Program}: command not found\n");
        return 127;
    });

    /// <summary>Runs a program the way execvp does for `ip netns exec` (iproute2's lib/exec.c): an unknown program
    /// is `exec of "X" failed: No such file or directory`, exit 1.</summary>
    public static ScriptProcess Exec(CommandContext ctx) => Find(ctx) ?? new InstantProcess((_, e) =>
    {
        e.Write($"exec of \"{ctx.Program}\" failed: No such file or directory\n");
        return 1;
    });

    private static ScriptProcess? Find(CommandContext ctx) => ctx.Program switch
    {
        "ip" => IpCommand.Create(ctx, Exec),
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
        "ip6tables-save" or "ip6tables-nft-save" => NetfilterCommands.Save6(ctx),
        "iptables-restore" or "iptables-nft-restore" => NetfilterCommands.Restore(ctx),
        "ipset" => NetfilterCommands.Ipset(ctx),
        "conntrack" => NetfilterCommands.Conntrack(ctx),
        "dmesg" => NetfilterCommands.Dmesg(ctx),
        "true" or ":" => new InstantProcess((_, _) => 0),
        "false" => new InstantProcess((_, _) => 1),
        "echo" => new InstantProcess((o, _) => EchoCommand.Echo(ctx, o)),
        "printf" => new InstantProcess((o, e) => EchoCommand.Printf(ctx, o, e)),
        "cat" => new InstantProcess((o, e) => CatCommand.Cat(ctx, o, e)),
        "head" or "tail" => new InstantProcess((o, e) => CatCommand.HeadOrTail(ctx, o, e)),
        "grep" or "egrep" or "fgrep" => new InstantProcess((o, e) => GrepCommand.Run(ctx, o, e)),
        "wc" => new InstantProcess((o, e) => WcCommand.Run(ctx, o, e)),
        "sort" => new InstantProcess((o, e) => SortCommand.Sort(ctx, o, e)),
        "uniq" => new InstantProcess((o, e) => SortCommand.Uniq(ctx, o, e)),
        "cut" => new InstantProcess((o, e) => CutCommand.Cut(ctx, o, e)),
        "paste" => new InstantProcess((o, e) => CutCommand.Paste(ctx, o, e)),
        "tr" => new InstantProcess((o, e) => TrCommand.Run(ctx, o, e)),
        "sed" => new InstantProcess((o, e) => SedCommand.Run(ctx, o, e)),
        "awk" or "gawk" or "mawk" or "nawk" => new InstantProcess((o, e) => AwkCommand.Run(ctx, o, e)),
        "tee" => new InstantProcess((o, _) => MiscCommands.Tee(ctx, o)),
        "seq" => new InstantProcess((o, e) => MiscCommands.Seq(ctx, o, e)),
        "hostname" => new InstantProcess((o, e) => MiscCommands.Hostname(ctx, o, e)),
        "test" or "[" => new InstantProcess((_, e) => MiscCommands.Test(ctx, e)),
        "timeout" => new TimeoutProcess(ctx, Create),
        "nsenter" => NsenterCommand.Create(ctx, Create),
        "ss" => SsCommand.Create(ctx),
        "ps" => PsCommand.Ps(ctx),
        "pidof" => PsCommand.Pidof(ctx),
        "xargs" => new XargsProcess(ctx, Create),
        "env" or "printenv" => new InstantProcess((o, e) => EnvCommand.Run(ctx, ctx.Userspace.Environment, o, e)),
        "sh" or "bash" or "dash" or "ash" => ShellProcess.CommandLine(ctx, ctx.Userspace.Environment),
        "redis-cli" => new RedisCliProcess(ctx),
        "nginx" or "httpd-foreground" or "httpd" or "python" or "python3" or "redis-server" or "postgres" or "mysqld" when Commands.Apps.ServerProcess.TryCreate(ctx) is { } server => server,
        "python" or "python3" => new InstantProcess((o, e) => PythonCommand.Run(ctx, o, e)),
        "busybox" when ctx.Args.Count > 1 => Create(ctx.WithArgs(ctx.Args.Skip(1).ToList())),
        _ => null,
    };
}
