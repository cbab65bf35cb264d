using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>`lo`: what is transmitted is received again, once (tcpdump on lo sees each packet once).</summary>
public sealed class LoopbackDevice : NetDevice
{
    public LoopbackDevice(NetNamespace ns) : base(ns, "lo", 1, MacAddress.Zero) => Mtu = 65536;

    public override DeviceKind Kind => DeviceKind.Loopback;
    public override bool Carrier => true;

    public override void Transmit(Frame frame)
    {
        if (!AdminUp)
        {
            Stats.TxDropped++;
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        Stats.TxPackets++;
        Stats.TxBytes += frame.Length;
        World.EnqueueReceive(this, frame);
    }
}
