using VNetEmu.Engine;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Stack;

/// <summary>ARP and IPv4 through two namespaces joined by a veth pair.</summary>
public class NeighbourTests
{
    private sealed class Pair
    {
        public readonly World World = new(9);
        public readonly NetNamespace A;
        public readonly NetNamespace B;
        public readonly VethDevice EthA;
        public readonly VethDevice EthB;
        public readonly List<(long Time, byte[] Frame)> WireA = [];

        public Pair()
        {
            A = World.AddNamespace("a");
            B = World.AddNamespace("b");
            (EthA, EthB) = A.AddVethPair("eth0", MacAddress.Parse("02:00:00:00:00:0a"), "eth0", MacAddress.Parse("02:00:00:00:00:0b"), B);
            foreach (NetDevice d in new NetDevice[] { EthA, EthB, A.Loopback, B.Loopback })
            {
                d.SetAdminUp(true);
            }
            A.Ipv4.AddAddress(EthA, Ipv4Prefix.Parse("10.0.0.1/24"), default);
            B.Ipv4.AddAddress(EthB, Ipv4Prefix.Parse("10.0.0.2/24"), default);
            EthA.AddTap((d, t, f, outgoing) => WireA.Add((t, f.Data.ToArray())));
        }
    }

    [Fact]
    public void UnresolvedNeighbour_ThreeBroadcastsOneSecondApart_ThenFailedAndHostUnreachable()
    {
        var p = new Pair();
        PingSocket ping = p.A.Sockets.OpenPing();
        var errors = new List<IcmpErrorInfo>();
        ping.Error += errors.Add;
        Assert.Equal(SendResult.Sent, ping.Send(Ipv4Address.Parse("10.0.0.9"), 1, 56));
        p.World.Advance(10 * World.NanosPerSecond);
        var requests = p.WireA.Where(w => EthernetFrame.CreateUnchecked(w.Frame).EtherType == EtherType.Arp).ToList();
        Assert.Equal([0L, 1L, 2L], requests.Select(r => r.Time / World.NanosPerSecond));
        Assert.All(requests, r => Assert.Equal(MacAddress.Broadcast, EthernetFrame.CreateUnchecked(r.Frame).Destination));
        Assert.True(p.A.Ipv4.Neighbours.TryGet(p.EthA, Ipv4Address.Parse("10.0.0.9"), out NeighbourEntry e));
        Assert.Equal(NeighbourState.Failed, e.State);
        IcmpErrorInfo error = Assert.Single(errors);
        Assert.Equal((IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeHostUnreachable), (error.Type, error.Code));
        Assert.Equal(Ipv4Address.Parse("10.0.0.1"), error.From);
        Assert.Equal(0, p.World.Pool.InUse);
    }

    [Fact]
    public void AnsweredRequest_LeavesStaleThenDelay_ThenUnicastProbe_ThenReachable()
    {
        var p = new Pair();
        PingSocket ping = p.A.Sockets.OpenPing();
        int replies = 0;
        ping.EchoReply += (_, _, _, _) => replies++;
        ping.Send(Ipv4Address.Parse("10.0.0.2"), 1, 56);
        Assert.Equal(1, replies);
        Assert.True(p.B.Ipv4.Neighbours.TryGet(p.EthB, Ipv4Address.Parse("10.0.0.1"), out NeighbourEntry b));
        Assert.Equal(NeighbourState.Delay, b.State); // created STALE by the request, used by the reply
        p.World.Advance(5 * World.NanosPerSecond - 1);
        Assert.Equal(NeighbourState.Delay, b.State);
        p.World.Advance(2); // DELAY expires: PROBE sends a unicast request, answered at once (zero-delay link)
        Assert.Equal(NeighbourState.Reachable, b.State);
        byte[] probe = p.WireA.Select(w => w.Frame).Last(f => EthernetFrame.CreateUnchecked(f).EtherType == EtherType.Arp
            && ArpPacket.CreateUnchecked(f.AsSpan(14)).Operation == ArpPacket.OpRequest);
        Assert.Equal(p.EthA.Mac, EthernetFrame.CreateUnchecked(probe).Destination); // unicast re-probe
        Assert.Equal(MacAddress.Zero, ArpPacket.CreateUnchecked(probe.AsSpan(14)).TargetHardware);
    }

    [Fact]
    public void LargeDatagram_IsFragmentedAt1480_AndReassembled()
    {
        var p = new Pair();
        UdpSocket server = p.B.Sockets.OpenUdp();
        Assert.True(server.Bind(default, 7000));
        byte[]? got = null;
        server.Received += (_, _, data) => got = data;
        UdpSocket client = p.A.Sockets.OpenUdp();
        byte[] payload = Enumerable.Range(0, 4000).Select(i => (byte)i).ToArray();
        Assert.Equal(SendResult.Sent, client.SendTo(Ipv4Address.Parse("10.0.0.2"), 7000, payload));
        Assert.Null(got); // delivered as an event at the current virtual time, not inside the receive path
        p.World.Advance(0);
        Assert.Equal(payload, got);
        Assert.Equal(0, p.World.Now);
        var fragments = p.WireA.Where(w => EthernetFrame.CreateUnchecked(w.Frame).EtherType == EtherType.Ipv4)
            .Select(w => Fields(w.Frame)).ToList();
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 20 + 4008 - 2960)], fragments);
        Assert.Equal(0, p.World.Pool.InUse);
    }

    private static (int Offset, bool More, int Length) Fields(byte[] frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.AsSpan(14));
        return (ip.FragmentOffset, ip.MoreFragments, ip.TotalLength);
    }

    [Fact]
    public void UdpToAClosedPort_GetsPortUnreachable_QuotingTheDatagram()
    {
        var p = new Pair();
        UdpSocket client = p.A.Sockets.OpenUdp();
        var errors = new List<IcmpErrorInfo>();
        client.Error += errors.Add;
        Assert.True(client.Bind(default, 5001));
        client.Connect(Ipv4Address.Parse("10.0.0.2"), 9999);
        client.Send("hello"u8);
        Assert.Empty(errors);
        p.World.Advance(0);
        IcmpErrorInfo e = Assert.Single(errors);
        Assert.Equal((3, 3, 5001, 9999), (e.Type, e.Code, (int)e.QuotedSourcePort, (int)e.QuotedDestinationPort));
        byte[] icmp = p.WireA.Select(w => w.Frame).Last();
        var ip = Ipv4Packet.CreateUnchecked(icmp.AsSpan(14));
        Assert.Equal((byte)0xC0, ip.Tos);
        Assert.Equal((byte)64, ip.Ttl);
    }
}
