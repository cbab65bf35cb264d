using VNetEmu.Engine;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.L2;

/// <summary>The learning bridge through the public API: frames in at one host, frames out where Linux sends them.</summary>
public class BridgeTests
{
    private sealed class Lan
    {
        public readonly World World = new(3);
        public readonly BridgeDevice Bridge;
        public readonly VethDevice[] Hosts = new VethDevice[3];
        public readonly VethDevice[] Ports = new VethDevice[3];
        public readonly List<(string Device, MacAddress Destination)> Received = [];

        public Lan()
        {
            NetNamespace sw = World.AddNamespace("sw");
            Bridge = sw.AddBridge("br0", MacAddress.Parse("02:00:00:00:00:f0"));
            Bridge.SetAdminUp(true);
            for (int i = 0; i < 3; i++)
            {
                NetNamespace h = World.AddNamespace("h" + i);
                var (port, host) = sw.AddVethPair("p" + i, null, "eth0", Mac(i), h);
                Bridge.AddPort(port);
                port.SetAdminUp(true);
                host.SetAdminUp(true);
                Hosts[i] = host;
                Ports[i] = port;
                int n = i;
                host.AddTap((d, t, f, outgoing) =>
                {
                    if (!outgoing)
                    {
                        Received.Add(("h" + n, EthernetFrame.CreateUnchecked(f.Data).Destination));
                    }
                });
            }
        }

        public static MacAddress Mac(int i) => new(0x0200_0000_0001UL + (ulong)i);

        public void Send(int from, MacAddress to)
        {
            Frame f = World.Pool.Rent();
            f.Length = 60;
            EthernetFrame.WriteHeader(f.Data, to, Mac(from), 0x88B5);
            Hosts[from].Transmit(f);
        }
    }

    [Fact]
    public void UnknownUnicast_FloodsToEveryOtherPort_ThenLearntGoesToOnePort()
    {
        var lan = new Lan();
        lan.Send(0, Lan.Mac(1)); // nobody learnt h1 yet: flooded to h1 and h2
        Assert.Equal(["h1", "h2"], lan.Received.Select(r => r.Device).Order());
        lan.Received.Clear();
        lan.Send(1, Lan.Mac(0)); // h0 was learnt on p0: only h0
        Assert.Equal(["h0"], lan.Received.Select(r => r.Device));
        lan.Received.Clear();
        lan.Send(0, Lan.Mac(1)); // and now h1 is learnt on p1
        Assert.Equal(["h1"], lan.Received.Select(r => r.Device));
        Assert.Equal(0, lan.World.Pool.InUse);
    }

    [Fact]
    public void Broadcast_ReachesEveryOtherPortAndTheBridgeDevice()
    {
        var lan = new Lan();
        long before = lan.Bridge.Stats.RxPackets;
        lan.Send(2, MacAddress.Broadcast);
        Assert.Equal(["h0", "h1"], lan.Received.Select(r => r.Device).Order());
        Assert.Equal(before + 1, lan.Bridge.Stats.RxPackets);
        Assert.Equal(0, lan.World.Pool.InUse);
    }

    [Fact]
    public void FrameToTheIngressPort_IsDroppedUnlessHairpin()
    {
        var lan = new Lan();
        lan.Send(0, MacAddress.Broadcast); // learn h0 on p0
        lan.Received.Clear();
        long drops = lan.Bridge.Namespace.Drops[(int)DropReason.BridgeReflection];
        lan.Send(0, Lan.Mac(0));
        Assert.Empty(lan.Received);
        Assert.Equal(drops + 1, lan.Bridge.Namespace.Drops[(int)DropReason.BridgeReflection]);
        lan.Ports[0].Hairpin = true;
        lan.Send(0, Lan.Mac(0));
        Assert.Equal(["h0"], lan.Received.Select(r => r.Device));
        Assert.Equal(0, lan.World.Pool.InUse);
    }

    [Fact]
    public void LearntEntries_AgeOutAfter300Seconds()
    {
        var lan = new Lan();
        lan.Send(0, MacAddress.Broadcast);
        Assert.True(lan.Bridge.Fdb.TryLookup(Lan.Mac(0), lan.World.Now, out FdbEntry entry));
        Assert.Equal(lan.Ports[0], entry.Port);
        lan.World.Advance(299 * World.NanosPerSecond);
        Assert.True(lan.Bridge.Fdb.TryLookup(Lan.Mac(0), lan.World.Now, out _));
        lan.World.Advance(2 * World.NanosPerSecond);
        Assert.False(lan.Bridge.Fdb.TryLookup(Lan.Mac(0), lan.World.Now, out _));
        Assert.True(lan.Bridge.Fdb.TryLookup(lan.Ports[0].Mac, lan.World.Now, out FdbEntry local) && local.IsLocal);
    }

    [Fact]
    public void PortDown_NoForwarding_AndCarrierFollows()
    {
        var lan = new Lan();
        Assert.True(lan.Bridge.Carrier);
        foreach (VethDevice p in lan.Ports)
        {
            p.SetAdminUp(false);
        }
        Assert.False(lan.Bridge.Carrier);
        lan.Ports[1].SetAdminUp(true);
        Assert.True(lan.Bridge.Carrier);
    }

    [Fact]
    public void EveryFrameIsDeliveredOrCountedAsDropped()
    {
        var lan = new Lan();
        var rnd = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            int from = rnd.Next(3);
            lan.Send(from, rnd.Next(4) == 0 ? MacAddress.Broadcast : Lan.Mac(rnd.Next(3)));
        }
        Assert.Equal(0, lan.World.Pool.InUse);
        long delivered = lan.Hosts.Sum(h => h.Stats.RxPackets);
        Assert.Equal(lan.Received.Count, delivered);
    }
}
