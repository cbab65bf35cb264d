namespace VNetEmu.Engine.Devices;

/// <summary>Per-device counters as `ip -s link` prints them.</summary>
public sealed class DeviceCounters
{
    public long RxPackets;
    public long RxBytes;
    public long RxDropped;
    public long TxPackets;
    public long TxBytes;
    public long TxDropped;
}
