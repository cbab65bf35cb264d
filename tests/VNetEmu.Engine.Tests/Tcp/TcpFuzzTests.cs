using CsCheck;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Tcp;

/// <summary>Random segments thrown at a listening echo server: nothing throws, every frame goes back to the pool,
/// every timer ends.</summary>
public class TcpFuzzTests
{
    private static readonly Ipv4Address s_peer = Ipv4Address.Parse("198.51.100.1");
    private static readonly Ipv4Address s_server = Ipv4Address.Parse("198.51.100.2");
    private static readonly MacAddress s_peerMac = MacAddress.Parse("02:00:00:07:00:01");
    private static readonly MacAddress s_serverMac = MacAddress.Parse("02:00:00:07:00:02");

    /// <summary>Raw: any numbers. Tracking: sequence and ACK near what the connection expects. Syn: a fresh SYN
    /// with Linux's options.</summary>
    private enum Kind : byte
    {
        Raw,
        Tracking,
        Syn,
    }

    private sealed record Step(Kind Kind, byte Flags, int SeqDelta, int AckDelta, ushort Window, byte[] Payload,
        byte[] Options, ushort Port, bool GoodChecksum, int AdvanceMs);

    private static readonly Gen<Step> s_step =
        from kind in Gen.Frequency((2, Gen.Const(Kind.Raw)), (5, Gen.Const(Kind.Tracking)), (2, Gen.Const(Kind.Syn)))
        from flags in Gen.Frequency((3, Gen.Byte), (3, Gen.Const(TcpSegment.Ack)), (2, Gen.Const((byte)(TcpSegment.Ack | TcpSegment.Psh))),
            (1, Gen.Const((byte)(TcpSegment.Ack | TcpSegment.Fin))), (1, Gen.Const(TcpSegment.Rst)))
        from seqDelta in Gen.Frequency((4, Gen.Int[-3, 3]), (1, Gen.Int[-70000, 70000]), (1, Gen.Int))
        from ackDelta in Gen.Frequency((4, Gen.Int[-2, 2]), (1, Gen.Int))
        from window in Gen.Frequency((3, Gen.Const((ushort)502)), (1, Gen.Const((ushort)0)), (1, Gen.UShort))
        from payload in Gen.Frequency((3, Gen.Const(Array.Empty<byte>())), (2, Gen.Byte.Array[1, 40]), (1, Gen.Byte.Array[1400, 1460]))
        from options in Gen.Frequency((3, Gen.Const(Array.Empty<byte>())), (2, Gen.Const(new byte[] { 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 0 })),
            (1, Gen.Int[1, 10].SelectMany(n => Gen.Byte.Array[n * 4])))
        from port in Gen.OneOfConst((ushort)1000, (ushort)1001, (ushort)40000)
        from goodChecksum in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
        from advance in Gen.Frequency((3, Gen.Const(0)), (2, Gen.Int[1, 300]), (1, Gen.Int[300, 5000]))
        select new Step(kind, flags, seqDelta, ackDelta, window, payload, options, port, goodChecksum, advance);

    [Fact]
    public void RandomSegments_ToAListener_NeverThrow_AndLeakNothing() =>
        Gen.Select(s_step.Array[1, 25], Gen.Int[0, 1000]).Sample((steps, seed) => Run(steps, seed), iter: 300);

    private static void Run(Step[] steps, int seed)
    {
        var world = new World(seed);
        NetNamespace server = world.AddNamespace("vc-srv");
        NetNamespace peer = world.AddNamespace("vc-peer"); // no address: what the server sends disappears there
        server.Loopback.SetAdminUp(true);
        (VethDevice serverEth, VethDevice peerEth) = server.AddVethPair("eth0", s_serverMac, "eth0", s_peerMac, peer);
        serverEth.SetAdminUp(true);
        peerEth.SetAdminUp(true);
        server.Ipv4.AddAddress(serverEth, new Ipv4Prefix(s_server, 24), default);
        server.Ipv4.Neighbours.SetStatic(serverEth, s_peer, s_peerMac, NeighbourState.Permanent);

        Assert.True(server.Sockets.Tcp.TryListen(default, 80, out TcpListener listener));
        listener.Accepted += socket =>
        {
            socket.DataReceived += data => socket.Send(data);
            socket.RemoteClosed += socket.Close;
        };
        var serverIsn = new Dictionary<ushort, uint>();
        var clientIsn = new Dictionary<ushort, uint>();
        serverEth.AddTap((_, _, frame, outgoing) =>
        {
            if (outgoing && EthernetFrame.TryCreate(frame.Data, out EthernetFrame eth) && Ipv4Packet.TryCreate(eth.Payload, out Ipv4Packet ip)
                && ip.Protocol == IpProtocol.Tcp && TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) && tcp.Has(TcpSegment.Syn))
            {
                serverIsn[tcp.DestinationPort] = tcp.SequenceNumber;
            }
        });

        foreach (Step step in steps)
        {
            clientIsn.TryGetValue(step.Port, out uint isn);
            serverIsn.TryGetValue(step.Port, out uint theirs);
            byte flags = step.Flags;
            uint seq = isn + 1 + (uint)step.SeqDelta;
            uint ack = theirs + 1 + (uint)step.AckDelta;
            byte[] options = step.Options;
            switch (step.Kind)
            {
                case Kind.Raw:
                    seq = (uint)step.SeqDelta;
                    ack = (uint)step.AckDelta;
                    break;
                case Kind.Syn:
                    flags = TcpSegment.Syn;
                    seq = (uint)step.SeqDelta * 2654435761u;
                    clientIsn[step.Port] = seq;
                    options = new byte[20];
                    TcpOptions.WriteSyn(options, 1460, true, true, 5, 0, true, 7);
                    break;
            }
            world.EnqueueReceive(serverEth, Build(world, step.Port, seq, ack, flags, step.Window, options, step.Payload, step.GoodChecksum));
            world.Advance(step.AdvanceMs * 1_000_000L);
        }

        world.Advance(3000 * World.NanosPerSecond);
        Assert.Equal(0, world.Pool.InUse);
        Assert.Equal(0, world.Events.Count);
        Assert.All(server.Sockets.Tcp.Connections, c => Assert.True(c.State is TcpState.Established or TcpState.CloseWait, c.ToString()));
    }

    private static Frame Build(World world, ushort port, uint seq, uint ack, byte flags, ushort window, byte[] options,
        byte[] payload, bool goodChecksum)
    {
        Frame frame = world.Pool.Rent();
        int tcpLength = TcpSegment.MinHeaderLength + options.Length + payload.Length;
        int length = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength + tcpLength;
        frame.Start = Frame.Headroom;
        frame.Length = length;
        Span<byte> bytes = frame.Data;
        EthernetFrame.WriteHeader(bytes, s_serverMac, s_peerMac, EtherType.Ipv4);
        Span<byte> ipBytes = bytes[EthernetFrame.HeaderLength..];
        Ipv4Packet.WriteHeader(ipBytes, s_peer, s_server, IpProtocol.Tcp, tcpLength, 64, 1, true);
        Span<byte> l4 = ipBytes[Ipv4Packet.MinHeaderLength..];
        TcpSegment.WriteHeader(l4, port, 80, seq, ack, flags, window, TcpSegment.MinHeaderLength + options.Length);
        options.CopyTo(l4[TcpSegment.MinHeaderLength..]);
        payload.CopyTo(l4[(TcpSegment.MinHeaderLength + options.Length)..]);
        var tcp = TcpSegment.CreateUnchecked(l4);
        tcp.FillChecksum(s_peer, s_server);
        if (!goodChecksum)
        {
            tcp.Checksum ^= 0x5555;
        }
        return frame;
    }
}
