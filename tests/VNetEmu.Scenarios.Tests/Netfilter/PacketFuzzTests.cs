using CsCheck;
using VNetEmu.Engine;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Netfilter;

/// <summary>Random and mutated frames through a Docker-like host (bridge, br_netfilter, conntrack, NAT, REJECT):
/// the frame path never throws, and once the timers have run every frame is delivered or dropped — the pool is
/// empty.</summary>
public class PacketFuzzTests
{
    private const string Topology = """
        ip netns add host
        ip netns add c1
        ip netns add ext
        ip -n host link set lo up
        ip -n host link add eth0 address 02:00:00:10:00:02 type veth peer name eth0 address 02:00:00:10:00:01 netns ext
        ip -n host addr add 203.0.113.2/24 dev eth0
        ip -n ext addr add 203.0.113.1/24 dev eth0
        ip -n host link set eth0 up
        ip -n ext link set eth0 up
        ip -n host link add docker0 address 02:42:8c:3e:5a:01 type bridge
        ip -n host addr add 172.17.0.1/16 dev docker0
        ip -n host link set docker0 up
        ip -n host link add veth1 address 02:5e:11:00:00:01 type veth peer name eth0 address 02:42:ac:11:00:02 netns c1
        ip -n host link set veth1 master docker0
        ip -n host link set veth1 up
        ip -n c1 addr add 172.17.0.2/16 dev eth0
        ip -n c1 link set eth0 up
        ip -n c1 route add default via 172.17.0.1
        ip -n ext route add 172.17.0.0/16 via 203.0.113.2
        ip netns exec host sysctl -qw net.ipv4.ip_forward=1
        ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
        ip netns exec host iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
        ip netns exec host iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        ip netns exec host iptables -A FORWARD -p udp --dport 9 -j REJECT
        ip netns exec host iptables -A FORWARD -p tcp --dport 7 -j REJECT --reject-with tcp-reset
        ip netns exec host iptables -A FORWARD -j ACCEPT
        vnet trace on
        """;

    private static readonly byte[][] s_seeds = BuildSeeds();

    private static byte[][] BuildSeeds()
    {
        var seeds = new List<byte[]>();
        foreach (byte protocol in new byte[] { IpProtocol.Icmp, IpProtocol.Udp, IpProtocol.Tcp })
        {
            foreach (bool fragment in new[] { false, true })
            {
                byte[] f = new byte[14 + 20 + 40];
                EthernetFrame.WriteHeader(f, MacAddress.Parse("02:42:8c:3e:5a:01"), MacAddress.Parse("02:42:ac:11:00:02"), EtherType.Ipv4);
                Ipv4Packet.WriteHeader(f.AsSpan(14), Ipv4Address.Parse("172.17.0.2"), Ipv4Address.Parse("203.0.113.1"), protocol, 40, 64, 7, false);
                var ip = Ipv4Packet.CreateUnchecked(f.AsSpan(14));
                if (fragment)
                {
                    ip.FlagsAndOffset = Ipv4Packet.FlagMoreFragments;
                    ip.FillChecksum();
                }
                Span<byte> l4 = f.AsSpan(34);
                l4[0] = protocol == IpProtocol.Icmp ? (byte)8 : (byte)0x13;
                l4[1] = 0;
                l4[2] = 0;
                l4[3] = protocol == IpProtocol.Udp ? (byte)9 : (byte)7;
                if (protocol == IpProtocol.Udp)
                {
                    l4[4] = 0;
                    l4[5] = 40;
                }
                if (protocol == IpProtocol.Tcp)
                {
                    l4[12] = 0x50;
                    l4[13] = TcpSegment.Syn;
                }
                seeds.Add(f);
            }
        }
        return [.. seeds];
    }

    [Fact]
    public void RandomFrames_NeverThrow_AndLeaveNoFrameBehind()
    {
        using var dir = new TempDirectory();
        using var emulator = new Emulator(4, dir.Path);
        RunResult setup = new ScenarioRunner(emulator).Run(ScriptParser.Parse(Topology, "fuzz.vnet"));
        Assert.True(setup.Success, setup.Error);
        World world = emulator.World;
        world.TryGetNamespace("c1", out NetNamespace c1);
        world.TryGetNamespace("ext", out NetNamespace ext);
        c1.TryGetDevice("eth0", out NetDevice fromContainer);
        ext.TryGetDevice("eth0", out NetDevice fromOutside);
        var mutation = Gen.Select(Gen.Int[0, s_seeds.Length - 1], Gen.Int[0, 73].Array[0, 6], Gen.Byte.Array[6], Gen.Int[14, 74], Gen.Bool);
        mutation.Sample((seed, positions, values, length, outside) =>
        {
            byte[] bytes = (byte[])s_seeds[seed].Clone();
            for (int i = 0; i < positions.Length; i++)
            {
                bytes[positions[i]] = values[i];
            }
            if (outside)
            {
                MacAddress.Parse("02:00:00:10:00:02").Write(bytes);
                MacAddress.Parse("02:00:00:10:00:01").Write(bytes.AsSpan(6));
            }
            Frame frame = world.Pool.Rent();
            frame.Length = Math.Min(length, bytes.Length);
            bytes.AsSpan(0, frame.Length).CopyTo(frame.Data);
            (outside ? fromOutside : fromContainer).Transmit(frame);
            world.Advance(World.NanosPerSecond / 10);
        }, iter: 3000, threads: 1);
        world.Advance(600 * World.NanosPerSecond); // ARP, reassembly and TCP timers run out
        Assert.Equal(0, world.Pool.InUse);
    }
}
