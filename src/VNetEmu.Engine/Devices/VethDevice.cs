using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>One end of a veth pair: what it transmits its peer receives, in zero time. Like the kernel's
/// veth_xmit, the frame is dropped when the peer is down, and crossing namespaces scrubs mark and conntrack.</summary>
public sealed class VethDevice : NetDevice
{
    public VethDevice(NetNamespace ns, string name, int ifIndex, MacAddress mac) : base(ns, name, ifIndex, mac)
    {
    }

    public override DeviceKind Kind => DeviceKind.Veth;
    public VethDevice Peer { get; internal set; } = null!;
    public override bool Carrier => Peer.AdminUp;

    public override void SetAdminUp(bool up)
    {
        base.SetAdminUp(up);
        Peer.NoteLinkState();
        Peer.Namespace.Ipv4.OnLinkChange(Peer);
        Peer.Master?.OnPortChange();
    }

    public override void Transmit(Frame frame)
    {
        if (!IsOperUp)
        {
            Stats.TxDropped++;
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        CountTransmit(frame);
        if (Peer.Namespace != Namespace)
        {
            frame.Mark = 0;
        }
        frame.Conntrack = null;
        frame.ConntrackInfo = 0;
        frame.PhysIn = null;
        frame.PhysOut = null;
        frame.BridgePreroutingDone = false;
        World.EnqueueReceive(Peer, frame);
    }
}
