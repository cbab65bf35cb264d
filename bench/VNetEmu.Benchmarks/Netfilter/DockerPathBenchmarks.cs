using System.Text;
using BenchmarkDotNet.Attributes;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Benchmarks.Netfilter;

/// <summary>Docker's default path per 64-byte UDP frame, steady state: container veth → docker0 (br_netfilter
/// PREROUTING, conntrack hit) → routed → FORWARD (dockerd's chains, DOCKER-USER with N rules that do not match)
/// → POSTROUTING (MASQUERADE from the conntrack entry) → uplink veth → the outside host (which drops it, the frame
/// being addressed to another MAC, so the buffer returns to the pool). Built with the same commands as the
/// conformance case 10; baseline = renting and filling a frame.</summary>
[MemoryDiagnoser, BenchmarkCategory("Netfilter")]
public class DockerPathBenchmarks
{
    private const int Batch = 256;
    private Emulator _emulator = null!;
    private NetDevice _c1 = null!;
    private byte[] _frame = null!;

    [Params(0, 100, 1000, 10000)]
    public int DockerUserRules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _emulator = new Emulator(1, Path.GetTempPath());
        var script = new StringBuilder("""
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
            ip netns exec host sysctl -qw net.ipv4.ip_forward=1
            ip -n host neigh replace 203.0.113.1 lladdr 02:00:00:00:00:99 dev eth0 nud permanent
            ip netns exec host iptables-restore <<EOF
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :DOCKER - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            -A DOCKER -i docker0 -j RETURN
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER - [0:0]
            :DOCKER-ISOLATION-STAGE-1 - [0:0]
            :DOCKER-ISOLATION-STAGE-2 - [0:0]
            :DOCKER-USER - [0:0]
            -A FORWARD -j DOCKER-USER
            -A FORWARD -j DOCKER-ISOLATION-STAGE-1
            -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD -o docker0 -j DOCKER
            -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
            -A FORWARD -i docker0 -o docker0 -j ACCEPT
            -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
            -A DOCKER-ISOLATION-STAGE-1 -j RETURN
            -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
            -A DOCKER-ISOLATION-STAGE-2 -j RETURN

            """);
        for (int i = 0; i < DockerUserRules; i++)
        {
            script.Append($"-A DOCKER-USER -s 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}/32 -p tcp -m tcp --dport 22 -j DROP\n");
        }
        script.Append("-A DOCKER-USER -j RETURN\nCOMMIT\nEOF\n");
        var result = new ScenarioRunner(_emulator).Run(ScriptParser.Parse(script.ToString(), "bench.vnet"));
        if (!result.Success)
        {
            throw new InvalidOperationException(result.Error);
        }
        _emulator.World.TryGetNamespace("c1", out NetNamespace c1);
        c1.TryGetDevice("eth0", out _c1);
        _frame = UdpFrame();
        for (int i = 0; i < 1000; i++)
        {
            Forward();
        }
        if (_emulator.World.Pool.InUse != 0)
        {
            throw new InvalidOperationException("frames leaked in setup");
        }
    }

    /// <summary>172.17.0.2:5000 → 203.0.113.1:53, 22 bytes of payload, to docker0's MAC.</summary>
    private static byte[] UdpFrame()
    {
        byte[] f = new byte[64];
        EthernetFrame.WriteHeader(f, MacAddress.Parse("02:42:8c:3e:5a:01"), MacAddress.Parse("02:42:ac:11:00:02"), EtherType.Ipv4);
        Span<byte> ip = f.AsSpan(14);
        Ipv4Packet.WriteHeader(ip, Ipv4Address.Parse("172.17.0.2"), Ipv4Address.Parse("203.0.113.1"), IpProtocol.Udp, 30, 64, 1, false);
        var udp = UdpDatagram.CreateUnchecked(ip[20..50]);
        udp.SourcePort = 5000;
        udp.DestinationPort = 53;
        udp.Length = 30;
        udp.FillChecksum(Ipv4Address.Parse("172.17.0.2"), Ipv4Address.Parse("203.0.113.1"));
        return f;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int RentFillReturn()
    {
        var pool = _emulator.World.Pool;
        for (int i = 0; i < Batch; i++)
        {
            Frame f = pool.Rent();
            f.Length = _frame.Length;
            _frame.CopyTo(f.Buffer.AsSpan(f.Start));
            pool.Return(f);
        }
        return pool.InUse;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Forward()
    {
        var pool = _emulator.World.Pool;
        for (int i = 0; i < Batch; i++)
        {
            Frame f = pool.Rent();
            f.Length = _frame.Length;
            _frame.CopyTo(f.Buffer.AsSpan(f.Start));
            _c1.Transmit(f);
        }
        return _c1.Stats.TxPackets;
    }
}
