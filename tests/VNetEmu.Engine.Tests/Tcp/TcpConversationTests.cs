using System.Text;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Tcp;

/// <summary>The TCP exchanges of conformance case 07 (closed ports), frame for frame.</summary>
public class TcpConversationTests
{
    /// <summary>cases/07-closed-ports/captures/vc-srv.eth0.txt, lines 7–14 (addresses and ports of the case).</summary>
    private static readonly string[] s_case07 =
    [
        "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5003 > 80 [S] seq=0 plen=0 len=74",
        "198.51.100.2 > 198.51.100.1 ttl=64 df TCP 80 > 5003 [S.] seq=0 ack=1 plen=0 len=74",
        "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5003 > 80 [.] seq=1 ack=1 plen=0 len=66",
        "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5003 > 80 [P.] seq=1 ack=1 plen=10 len=76",
        "198.51.100.2 > 198.51.100.1 ttl=64 df TCP 80 > 5003 [.] seq=1 ack=11 plen=0 len=66",
        "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5003 > 80 [F.] seq=11 ack=1 plen=0 len=66",
        "198.51.100.2 > 198.51.100.1 ttl=64 df TCP 80 > 5003 [F.] seq=1 ack=12 plen=0 len=66",
        "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5003 > 80 [.] seq=12 ack=2 plen=0 len=66",
    ];

    /// <summary><c>nc -n -N -w 2 -p 5003 198.51.100.2 80 &lt;&lt;EOF</c>: connect, write stdin, shutdown at EOF,
    /// exit when the server closes.</summary>
    private static TcpSocket NetcatClient(TcpTestbed bed, ushort sourcePort, ushort port, string input)
    {
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, port, default, sourcePort);
        client.Connected += () =>
        {
            client.Send(Encoding.ASCII.GetBytes(input));
            client.Shutdown();
        };
        client.RemoteClosed += client.Close;
        return client;
    }

    [Fact]
    public void Case07_ListenerExchange_MatchesKernelCapture()
    {
        var bed = new TcpTestbed();
        StringBuilder received = bed.ListenOnce(80);
        TcpSocket client = NetcatClient(bed, 5003, 80, "hello tcp\n");
        bed.Run(1);

        Assert.Equal(s_case07, bed.Normalized());
        Assert.Equal("hello tcp\n", received.ToString());
        Assert.Equal(TcpState.TimeWait, client.State);
        Assert.Equal(0, bed.ServerTcp.ConnectionCount);
        Assert.Equal(1, bed.ClientTcp.ConnectionCount);
        bed.Run(61);
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        Assert.Equal(0, bed.World.Pool.InUse);
        Assert.Equal(0, bed.World.Events.Count);
        bed.Finish();
    }

    [Fact]
    public void Case07_Options_AreLinuxs()
    {
        var bed = new TcpTestbed();
        bed.ListenOnce(80);
        NetcatClient(bed, 5003, 80, "hello tcp\n");
        bed.Run(1);
        CapturedFrame[] tcp = bed.TcpFrames.ToArray();
        CapturedFrame syn = tcp[0];
        CapturedFrame synAck = tcp[1];

        // MSS 1460, SACK_PERM, TS, NOP, WS 10: what the recording kernel sends.
        Assert.Equal(40, syn.HeaderLength);
        Assert.Equal(new byte[] { 2, 4, 0x05, 0xb4, 4, 2, 8, 10 }, syn.Options[..8]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 3, 3, 10 }, syn.Options[12..]);
        Assert.Equal(64240, syn.Window);
        Assert.Equal(synAck.Options[..8], syn.Options[..8]);
        Assert.Equal(syn.Options[16..], synAck.Options[16..]);
        Assert.Equal(65160, synAck.Window);
        Assert.Equal(syn.Options[4..8], synAck.Options[4..8]);
        Assert.Equal(syn.Options[8..12], synAck.Options[12..16]); // TSecr echoes the client's TSval
        Assert.Equal(0, synAck.IpId);

        // Later segments: NOP NOP TS, windows 63 and 64 at scale 10.
        foreach (CapturedFrame f in tcp[2..])
        {
            Assert.Equal(32, f.HeaderLength);
            Assert.Equal(new byte[] { 1, 1, 8, 10 }, f.Options[..4]);
            Assert.Equal(f.Source == TcpTestbed.ClientAddress ? 63 : 64, f.Window);
            Assert.True(f.ChecksumValid);
        }

        // IP ID: one counter per connection, from a random start; SYN-ACK 0.
        CapturedFrame[] fromClient = tcp.Where(f => f.Source == TcpTestbed.ClientAddress).ToArray();
        for (int i = 1; i < fromClient.Length; i++)
        {
            Assert.Equal((ushort)(fromClient[0].IpId + i), fromClient[i].IpId);
        }
        CapturedFrame[] fromServer = tcp.Where(f => f.Source == TcpTestbed.ServerAddress).ToArray();
        Assert.Equal((ushort)(fromServer[1].IpId + 1), fromServer[2].IpId);
        bed.Finish();
    }

    [Fact]
    public void SynToClosedPort_GetsRstAck_AndConnectionRefused()
    {
        var bed = new TcpTestbed();
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 81, default, 5002);
        TcpError? failed = null;
        bool closed = false;
        client.ConnectFailed += e => failed = e;
        client.Closed += () => closed = true;
        bed.Run(1);

        Assert.Equal(
        [
            "198.51.100.1 > 198.51.100.2 ttl=64 df TCP 5002 > 81 [S] seq=0 plen=0 len=74",
            "198.51.100.2 > 198.51.100.1 ttl=64 df TCP 81 > 5002 [R.] seq=1 ack=1 plen=0 len=54",
        ], bed.Normalized());
        CapturedFrame rst = bed.TcpFrames.Last();
        Assert.Equal(0u, rst.Seq);
        Assert.Equal(bed.TcpFrames.First().Seq + 1, rst.Ack);
        Assert.Equal(0, rst.Window);
        Assert.Equal(TcpError.Refused, failed);
        Assert.True(closed);
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Equal(TcpError.Refused, client.Error);
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        Assert.Equal(0, bed.World.Pool.InUse);
        bed.Finish();
    }

    [Fact]
    public void UnansweredSyn_IsRetransmittedAt1And3Seconds_ThenTimesOut()
    {
        var bed = new TcpTestbed();
        // A neighbour entry that leads nowhere: the server drops the SYN (not its address, ip_forward=0).
        Ipv4Address nowhere = Ipv4Address.Parse("198.51.100.3");
        bed.Client.Ipv4.Neighbours.SetStatic(bed.ClientEth, nowhere, TcpTestbed.ServerMac, Ip.NeighbourState.Permanent);
        TcpSocket client = bed.ClientTcp.Connect(nowhere, 22, default, 6002);
        TcpError? failed = null;
        client.ConnectFailed += e => failed = e;

        bed.Run(2);
        long[] times = bed.TcpFrames.Select(f => f.TimeNs).ToArray();
        Assert.Equal([0, World.NanosPerSecond], times); // nc -w 2 sees exactly two SYNs
        bed.Run(14);
        times = bed.TcpFrames.Select(f => f.TimeNs / World.NanosPerSecond).ToArray();
        Assert.Equal([0L, 1, 3, 7, 15], times);
        CapturedFrame[] syns = bed.TcpFrames.ToArray();
        Assert.All(syns, f => Assert.Equal(syns[0].Seq, f.Seq));
        Assert.Equal(1000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(syns[1].Options.AsSpan(8))
            - System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(syns[0].Options.AsSpan(8)));
        Assert.Equal((ushort)(syns[0].IpId + 1), syns[1].IpId);
        Assert.Null(failed);

        bed.Run(200);
        Assert.Equal([0L, 1, 3, 7, 15, 31, 63], bed.TcpFrames.Select(f => f.TimeNs / World.NanosPerSecond).ToArray());
        Assert.Equal(TcpError.TimedOut, failed);
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        Assert.Equal(0, bed.World.Pool.InUse);
        bed.Finish();
    }

    [Fact]
    public void CloseWhileConnecting_StopsRetransmitting()
    {
        var bed = new TcpTestbed();
        Ipv4Address nowhere = Ipv4Address.Parse("198.51.100.3");
        bed.Client.Ipv4.Neighbours.SetStatic(bed.ClientEth, nowhere, TcpTestbed.ServerMac, Ip.NeighbourState.Permanent);
        TcpSocket client = bed.ClientTcp.Connect(nowhere, 22, default, 6002);
        bed.Run(2);
        client.Close();
        bed.Run(300);
        Assert.Equal(2, bed.TcpFrames.Count());
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        Assert.Equal(0, bed.World.Events.Count);
        bed.Finish();
    }

    [Fact]
    public void IcmpPortUnreachable_WhileConnecting_IsRefused()
    {
        var bed = new TcpTestbed();
        // Connecting to an address that is nobody's: ARP fails after 3 s, the host-unreachable error from our
        // own address aborts the connect (tcp_v4_err: every ICMP error is fatal in SYN_SENT).
        TcpSocket client = bed.ClientTcp.Connect(Ipv4Address.Parse("198.51.100.9"), 80, default, 7110);
        TcpError? failed = null;
        client.ConnectFailed += e => failed = e;
        bed.Run(10);
        Assert.Equal(TcpError.HostUnreachable, failed);
        Assert.Equal("No route to host", failed!.Value.Message());
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        Assert.Equal(0, bed.World.Pool.InUse);
        bed.Finish();
    }

    [Fact]
    public void ConnectWithoutRoute_FailsAtOnce()
    {
        var bed = new TcpTestbed();
        TcpSocket client = bed.ClientTcp.Connect(Ipv4Address.Parse("192.0.2.80"), 80, default, 1500);
        Assert.Equal(TcpState.Closed, client.State);
        Assert.Equal(TcpError.NetworkUnreachable, client.Error);
        TcpError? failed = null;
        client.ConnectFailed += e => failed = e;
        bed.Run(1);
        Assert.Equal(TcpError.NetworkUnreachable, failed);
        Assert.Empty(bed.TcpFrames);
        bed.Finish();
    }

    [Fact]
    public void SameFourTupleInTimeWait_IsNotAvailable()
    {
        var bed = new TcpTestbed();
        bed.ListenOnce(80);
        NetcatClient(bed, 5003, 80, "x");
        bed.Run(1);
        TcpSocket again = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 80, default, 5003);
        Assert.Equal(TcpError.AddressNotAvailable, again.Error);
        Assert.True(bed.ServerTcp.TryListen(default, 80, out _));
        Assert.False(bed.ServerTcp.TryListen(TcpTestbed.ServerAddress, 80, out _)); // EADDRINUSE
        bed.Finish();
    }

    [Fact]
    public void TimeWait_AnswersRetransmittedFin()
    {
        var bed = new TcpTestbed();
        bed.ListenOnce(80);
        TcpSocket client = NetcatClient(bed, 5003, 80, "hello tcp\n");
        bed.Run(1);
        CapturedFrame serverFin = bed.TcpFrames.Single(f => f.Has(TcpSegment.Fin) && f.Source == TcpTestbed.ServerAddress);
        int before = bed.TcpFrames.Count();

        // Replay the server's FIN|ACK into the client, as if the final ACK had been lost.
        Buffers.Frame frame = bed.World.Pool.Rent();
        serverFin.Bytes.CopyTo(frame.Buffer, Buffers.Frame.Headroom);
        frame.Start = Buffers.Frame.Headroom;
        frame.Length = serverFin.Bytes.Length;
        bed.ServerEth.Transmit(frame);

        // The FIN out, the client's ACK back, and (the server having forgotten the connection) its RST.
        CapturedFrame[] after = bed.TcpFrames.Skip(before).ToArray();
        Assert.Equal(3, after.Length);
        Assert.Equal("R", after[2].FlagText);
        Assert.Equal("[.]", $"[{after[1].FlagText}]");
        Assert.Equal(serverFin.Seq + 1, after[1].Ack);
        Assert.Equal(0, after[1].IpId);
        Assert.Equal(66, after[1].Bytes.Length);
        Assert.Equal(TcpState.Closed, client.State); // that RST, in sequence, ends TIME_WAIT (tcp_rfc1337 = 0)
        bed.Run(61);
        Assert.Equal(0, bed.World.Pool.InUse);
        bed.Finish();
    }

    [Fact]
    public void Abort_SendsRstAck_AndPeerSeesReset()
    {
        var bed = new TcpTestbed();
        TcpSocket? accepted = null;
        TcpError? aborted = null;
        Assert.True(bed.ServerTcp.TryListen(default, 80, out TcpListener listener));
        listener.Accepted += s =>
        {
            accepted = s;
            s.Aborted += e => aborted = e;
        };
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 80);
        bed.Run(1);
        Assert.NotNull(accepted);
        Assert.True(client.LocalPort >= SocketTable.EphemeralLow);
        client.Abort();
        bed.Run(1);
        CapturedFrame rst = bed.TcpFrames.Last();
        Assert.Equal("R.", rst.FlagText);
        Assert.Equal(66, rst.Bytes.Length);
        Assert.Equal(TcpError.Reset, aborted);
        Assert.Equal(TcpState.Closed, accepted!.State);
        Assert.Equal(0, bed.ServerTcp.ConnectionCount);
        Assert.Equal(0, bed.ClientTcp.ConnectionCount);
        bed.Finish();
    }

    [Fact]
    public void Loopback_UsesLoMtu()
    {
        var bed = new TcpTestbed();
        var received = new StringBuilder();
        Assert.True(bed.ServerTcp.TryListen(default, 8080, out TcpListener listener));
        listener.Accepted += s => s.DataReceived += d => received.Append(Encoding.ASCII.GetString(d));
        var frames = new List<CapturedFrame>();
        bed.Server.Loopback.AddTap((_, t, f, o) => frames.Add(new CapturedFrame(t, o, f.Data.ToArray())));
        TcpSocket client = bed.ServerTcp.Connect(TcpTestbed.ServerAddress, 8080);
        client.Connected += () => client.Send(new byte[60_000]);
        bed.Run(5);
        Assert.Equal(65495, frames[0].Window);
        Assert.Equal(new byte[] { 2, 4, 0xff, 0xd7 }, frames[0].Options[..4]); // MSS 65495
        Assert.Equal(60_000, received.Length);
        Assert.All(frames, f => Assert.True(f.Payload.Length <= 32768));
        bed.Finish();
    }
}
