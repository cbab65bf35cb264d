using BenchmarkDotNet.Attributes;
using VNetEmu.Engine.Buffers;

namespace VNetEmu.Benchmarks.Engine;

/// <summary>The L2 frame path per 64-byte frame: rent + fill (baseline), one veth hop, and veth → bridge (learned)
/// → veth. Each frame ends in the receiving namespace's stack (dropped as an unknown EtherType, buffer returned).</summary>
[MemoryDiagnoser, BenchmarkCategory("L2")]
public class L2Benchmarks
{
    private const int Batch = 256;
    private L2Topology _topology = null!;
    private byte[] _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        _topology = new L2Topology();
        _frame = L2Topology.L2Frame();
        for (int i = 0; i < 1000; i++)
        {
            VethHop();
            BridgeForward();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int RentFillReturn()
    {
        var pool = _topology.World.Pool;
        for (int i = 0; i < Batch; i++)
        {
            Frame f = _topology.Rent(_frame);
            pool.Return(f);
        }
        return pool.InUse;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long VethHop()
    {
        for (int i = 0; i < Batch; i++)
        {
            _topology.DirectA.Transmit(_topology.Rent(_frame));
        }
        return _topology.DirectB.Stats.RxPackets;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long BridgeForward()
    {
        for (int i = 0; i < Batch; i++)
        {
            _topology.H1.Transmit(_topology.Rent(_frame));
        }
        return _topology.H2.Stats.RxPackets;
    }
}
