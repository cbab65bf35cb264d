using VNetEmu.Engine;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Benchmarks.Engine;

/// <summary>h1 —veth— [p1 br0 p2] —veth— h2 (and a direct pair a—b), learned FDB, built through the public API.</summary>
internal sealed class L2Topology
{
    public static readonly MacAddress H1Mac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress H2Mac = MacAddress.Parse("02:00:00:00:00:02");

    public L2Topology()
    {
        World = new World(1);
        NetNamespace sw = World.AddNamespace("sw");
        NetNamespace h1 = World.AddNamespace("h1");
        NetNamespace h2 = World.AddNamespace("h2");
        BridgeDevice br = sw.AddBridge("br0", MacAddress.Parse("02:00:00:00:00:f0"));
        var (p1, e1) = sw.AddVethPair("p1", null, "eth0", H1Mac, h1);
        var (p2, e2) = sw.AddVethPair("p2", null, "eth0", H2Mac, h2);
        br.AddPort(p1);
        br.AddPort(p2);
        foreach (NetDevice d in new NetDevice[] { br, p1, p2, e1, e2, h1.Loopback, h2.Loopback })
        {
            d.SetAdminUp(true);
        }
        h1.Ipv4.AddAddress(e1, Ipv4Prefix.Parse("10.0.0.1/24"), default);
        h2.Ipv4.AddAddress(e2, Ipv4Prefix.Parse("10.0.0.2/24"), default);
        br.Fdb.Learn(H1Mac, p1, 0);
        br.Fdb.Learn(H2Mac, p2, 0);
        H1 = e1;
        H2 = e2;
        H1Ns = h1;
        H2Ns = h2;
        NetNamespace a = World.AddNamespace("a");
        NetNamespace b = World.AddNamespace("b");
        var (va, vb) = a.AddVethPair("veth0", H1Mac, "veth0", H2Mac, b);
        va.SetAdminUp(true);
        vb.SetAdminUp(true);
        DirectA = va;
        DirectB = vb;
    }

    public World World { get; }
    public VethDevice H1 { get; }
    public VethDevice H2 { get; }
    public NetNamespace H1Ns { get; }
    public NetNamespace H2Ns { get; }
    public VethDevice DirectA { get; }
    public VethDevice DirectB { get; }

    /// <summary>A 64-byte frame h1 → h2 with a local experimental EtherType: the receiving stack drops it
    /// (UnhandledProtocol) and returns the buffer, so the whole L2 path runs and nothing piles up.</summary>
    public static byte[] L2Frame()
    {
        byte[] frame = new byte[64];
        EthernetFrame.WriteHeader(frame, H2Mac, H1Mac, 0x88B5);
        return frame;
    }

    public Frame Rent(byte[] template)
    {
        Frame f = World.Pool.Rent();
        f.Length = template.Length;
        template.CopyTo(f.Buffer.AsSpan(f.Start));
        return f;
    }
}
