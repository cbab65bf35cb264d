using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>Two namespaces on a veth pair: "client" 10.9.0.1 and "server" 10.9.0.2, each with its own userspace
/// (a busybox or GNU one), and a way to run a command line as a process of the client.</summary>
internal sealed class AppsTestbed : IDisposable
{
    public static readonly Ipv4Address ClientIp = Ipv4Address.Parse("10.9.0.1");
    public static readonly Ipv4Address ServerIp = Ipv4Address.Parse("10.9.0.2");

    public AppsTestbed(ToolFamily clientTools = ToolFamily.Busybox, string? resolvConf = null)
    {
        Emulator = new Emulator(7, Path.GetTempPath());
        World world = Emulator.World;
        Client = world.AddNamespace("client");
        Server = world.AddNamespace("server");
        (VethDevice a, VethDevice b) = Client.AddVethPair("eth0", null, "eth0", null, Server);
        foreach (NetDevice d in new NetDevice[] { a, b, Client.Loopback, Server.Loopback })
        {
            d.SetAdminUp(true);
        }
        Client.Ipv4.AddAddress(a, new Ipv4Prefix(ClientIp, 24), default);
        Server.Ipv4.AddAddress(b, new Ipv4Prefix(ServerIp, 24), default);
        Client.Ipv4.AddAddress(Client.Loopback, new Ipv4Prefix(Ipv4Address.Loopback, 8), default);
        Server.Ipv4.AddAddress(Server.Loopback, new Ipv4Prefix(Ipv4Address.Loopback, 8), default);
        ClientUser = new Userspace("client", clientTools) { Network = Client };
        ClientUser.Write("/etc/hosts", Userspace.LocalhostBlock + "10.9.0.1\tclient\n");
        ClientUser.Write("/etc/resolv.conf", resolvConf ?? "nameserver 10.9.0.2\n");
        ServerUser = new Userspace("server", ToolFamily.Busybox) { Network = Server };
        ServerUser.Write("/etc/resolv.conf", "nameserver 10.9.0.2\n");
    }

    public Emulator Emulator { get; }
    public NetNamespace Client { get; }
    public NetNamespace Server { get; }
    public Userspace ClientUser { get; }
    public Userspace ServerUser { get; }

    /// <summary>Runs one command in the client to its exit (at most 120 s of virtual time), with
    /// <paramref name="stdin"/> as its standard input.</summary>
    public (string Stdout, string Stderr, int Exit, long ElapsedNs) Run(string line, string? stdin = null)
    {
        Assert.True(ShellWords.TrySplit(line, out List<string> words, out string? error), error);
        var ctx = new CommandContext(Emulator, Client, words, stdin, false) { Userspace = ClientUser };
        ScriptProcess p = VNetEmu.Scripting.Runtime.Shell.Create(ctx);
        long start = Emulator.World.Now;
        p.Start();
        Emulator.World.RunUntil(() => p.HasExited, 120 * World.NanosPerSecond);
        Assert.True(p.HasExited, $"'{line}' did not exit; stdout so far: {p.Stdout}");
        Emulator.World.Advance(0);
        return (p.Stdout.ToString(), p.Stderr.ToString(), p.ExitCode!.Value, Emulator.World.Now - start);
    }

    public void Dispose() => Emulator.Dispose();
}
