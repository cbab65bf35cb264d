using System.Text;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Tcp;

/// <summary>The topology of conformance case 07: vc-cli (198.51.100.1) and vc-srv (198.51.100.2) joined by a veth
/// pair, with a capture on vc-srv's eth0 like the case's tcpdump.</summary>
internal sealed class TcpTestbed
{
    public static readonly Ipv4Address ClientAddress = Ipv4Address.Parse("198.51.100.1");
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("198.51.100.2");
    public static readonly MacAddress ClientMac = MacAddress.Parse("02:00:00:07:00:01");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:07:00:02");

    public TcpTestbed(int seed = 7)
    {
        World = new World(seed);
        Client = World.AddNamespace("vc-cli");
        Server = World.AddNamespace("vc-srv");
        Client.Loopback.SetAdminUp(true);
        Server.Loopback.SetAdminUp(true);
        (ClientEth, ServerEth) = Client.AddVethPair("eth0", ClientMac, "eth0", ServerMac, Server);
        ClientEth.SetAdminUp(true);
        ServerEth.SetAdminUp(true);
        Client.Ipv4.AddAddress(ClientEth, new Ipv4Prefix(ClientAddress, 24), default);
        Server.Ipv4.AddAddress(ServerEth, new Ipv4Prefix(ServerAddress, 24), default);
        ServerEth.AddTap((_, time, frame, outgoing) => Captured.Add(new CapturedFrame(time, outgoing, frame.Data.ToArray())));
    }

    public World World { get; }
    public NetNamespace Client { get; }
    public NetNamespace Server { get; }
    public VethDevice ClientEth { get; }
    public VethDevice ServerEth { get; }

    /// <summary>Every frame seen on vc-srv's eth0, in order.</summary>
    public List<CapturedFrame> Captured { get; } = [];

    public TcpLayer ClientTcp => Client.Sockets.Tcp;
    public TcpLayer ServerTcp => Server.Sockets.Tcp;

    public IEnumerable<CapturedFrame> TcpFrames => Captured.Where(f => f.IsTcp);

    /// <summary>The case's lines in the normalizer's format, relative sequence numbers included.</summary>
    public List<string> Normalized() => CapturedFrame.Normalize(TcpFrames);

    public void Run(double seconds) => World.Advance((long)(seconds * World.NanosPerSecond));

    /// <summary>Lets every timer run out (TIME_WAIT, retransmissions), then checks that no frame leaked.</summary>
    public void Finish()
    {
        Run(1000);
        Assert.Equal(0, World.Events.Count);
        Assert.Equal(0, World.Pool.InUse);
    }

    /// <summary><c>nc -l -p PORT</c> without -k: accepts one connection, stops listening, prints what arrives and
    /// closes when the peer does.</summary>
    public StringBuilder ListenOnce(ushort port)
    {
        var received = new StringBuilder();
        Assert.True(ServerTcp.TryListen(default, port, out TcpListener listener));
        listener.Accepted += socket =>
        {
            listener.Close();
            socket.DataReceived += data => received.Append(Encoding.ASCII.GetString(data));
            socket.RemoteClosed += socket.Close;
        };
        return received;
    }
}
