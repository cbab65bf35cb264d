using BenchmarkDotNet.Attributes;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Benchmarks.Engine;

/// <summary>An ICMP echo round trip h1 → bridge → h2 → bridge → h1 through both IPv4 stacks (ARP resolved),
/// measured per round trip; the reply reaches h1's ping socket synchronously (zero-delay links).</summary>
[MemoryDiagnoser, BenchmarkCategory("L3")]
public class PingBenchmarks
{
    private L2Topology _topology = null!;
    private PingSocket _socket = null!;
    private int _replies;
    private ushort _seq;
    private static readonly Ipv4Address s_h2 = Ipv4Address.Parse("10.0.0.2");

    [GlobalSetup]
    public void Setup()
    {
        _topology = new L2Topology();
        _socket = _topology.H1Ns.Sockets.OpenPing();
        _socket.EchoReply += (_, _, _, _) => _replies++;
        for (int i = 0; i < 1000; i++)
        {
            RoundTrip();
        }
        _topology.World.Advance(1_000_000_000); // resolve and settle ARP
        if (_replies == 0)
        {
            throw new InvalidOperationException("no echo reply in setup");
        }
    }

    [Benchmark]
    public int RoundTrip()
    {
        _socket.Send(s_h2, ++_seq, 56);
        return _replies;
    }
}
