using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>ARP for one namespace (net/ipv4/arp.c, arp_process): answers requests for any local address
/// (arp_ignore 0), learns the sender of a request for us as STALE, and updates an existing entry from a reply —
/// REACHABLE when the reply was unicast to us. Frames are 42 bytes: a veth does not pad.</summary>
public sealed class Arp(Ipv4Stack stack)
{
    public const int FrameLength = EthernetFrame.HeaderLength + ArpPacket.Length;

    internal void Receive(NetDevice device, Frame frame)
    {
        var eth = EthernetFrame.CreateUnchecked(frame.Data);
        if (!ArpPacket.TryCreate(eth.Payload, out ArpPacket arp))
        {
            stack.Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        ushort op = arp.Operation;
        MacAddress sha = arp.SenderHardware;
        Ipv4Address sip = arp.SenderProtocol;
        Ipv4Address tip = arp.TargetProtocol;
        bool toUs = eth.Destination == device.Mac;
        stack.Namespace.World.Pool.Return(frame);
        if (sha.IsMulticast || sip.IsMulticast)
        {
            return;
        }
        if (op == ArpPacket.OpRequest && stack.IsLocalAddress(tip) && !sip.IsAny)
        {
            stack.Neighbours.Update(device, sip, sha, NeighbourState.Stale, create: true);
            SendReply(device, tip, sha, sip);
            return;
        }
        if (op == ArpPacket.OpRequest && sip.IsAny)
        {
            if (stack.IsLocalAddress(tip))
            {
                SendReply(device, tip, sha, sip); // duplicate address detection probe
            }
            return;
        }
        NeighbourState state = op == ArpPacket.OpReply && toUs ? NeighbourState.Reachable : NeighbourState.Stale;
        stack.Neighbours.Update(device, sip, sha, state, create: false);
    }

    public void SendRequest(NetDevice device, Ipv4Address senderIp, Ipv4Address targetIp, MacAddress destination)
    {
        Frame frame = stack.Namespace.World.Pool.Rent();
        frame.Length = FrameLength;
        Span<byte> data = frame.Data;
        EthernetFrame.WriteHeader(data, destination, device.Mac, EtherType.Arp);
        ArpPacket.Write(data[EthernetFrame.HeaderLength..], ArpPacket.OpRequest, device.Mac, senderIp, MacAddress.Zero, targetIp);
        device.Transmit(frame);
    }

    private void SendReply(NetDevice device, Ipv4Address ourIp, MacAddress theirMac, Ipv4Address theirIp)
    {
        Frame frame = stack.Namespace.World.Pool.Rent();
        frame.Length = FrameLength;
        Span<byte> data = frame.Data;
        EthernetFrame.WriteHeader(data, theirMac, device.Mac, EtherType.Arp);
        ArpPacket.Write(data[EthernetFrame.HeaderLength..], ArpPacket.OpReply, device.Mac, ourIp, theirMac, theirIp);
        device.Transmit(frame);
    }
}
