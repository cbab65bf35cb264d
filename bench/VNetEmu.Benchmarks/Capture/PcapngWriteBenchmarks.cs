using BenchmarkDotNet.Attributes;
using VNetEmu.Capture;

namespace VNetEmu.Benchmarks.Capture;

/// <summary>Cost of capturing one 64-byte frame into pcapng, against copying the frame alone.
/// The writer's stream is <see cref="Stream.Null"/>, so only the block encoding and buffering are measured.</summary>
[MemoryDiagnoser, BenchmarkCategory("Capture")]
public class PcapngWriteBenchmarks
{
    private const int FramesPerInvoke = 256;
    private readonly byte[] _frame = new byte[64];
    private readonly byte[] _copy = new byte[64 * 1024];
    private PcapngWriter _writer = null!;
    private int _interfaceId;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _frame.Length; i++)
        {
            _frame[i] = (byte)i;
        }
        _writer = new PcapngWriter(Stream.Null);
        _interfaceId = _writer.AddInterface("veth0");
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>The floor: copy each frame into a buffer, as the writer must.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvoke)]
    public byte CopyFrame64B()
    {
        Span<byte> copy = _copy;
        for (int i = 0; i < FramesPerInvoke; i++)
        {
            _frame.CopyTo(copy[(i * 64)..]);
        }
        return copy[^1];
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int WritePacket64B()
    {
        for (int i = 0; i < FramesPerInvoke; i++)
        {
            _writer.WritePacket(_interfaceId, i, _frame);
        }
        return _interfaceId;
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int WritePacket64BWithComment()
    {
        for (int i = 0; i < FramesPerInvoke; i++)
        {
            _writer.WritePacket(_interfaceId, i, _frame, "dropped: FORWARD policy DROP");
        }
        return _interfaceId;
    }
}
