using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>TCP of one namespace. A segment for no socket is answered with a reset (tcp_v4_send_reset):
/// RST with the segment's ACK as sequence, or RST|ACK acknowledging the segment; TTL 64 and DF like the kernel's
/// control socket.</summary>
public sealed class TcpLayer
{
    internal TcpLayer(NetNamespace ns) => Namespace = ns;

    public NetNamespace Namespace { get; }

    internal void Receive(NetDevice device, Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (!TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) || !tcp.IsChecksumValid(ip.Source, ip.Destination))
        {
            Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        SendReset(frame);
        Namespace.Drop(frame, DropReason.NoSocket);
    }

    /// <summary>Answers <paramref name="offending"/> (NetworkOffset = its IP header) with a reset, addresses and ports
    /// swapped. Never answers a reset. The caller keeps the offending frame.</summary>
    public void SendReset(Frame offending)
    {
        var ip = Ipv4Packet.CreateUnchecked(offending.Network);
        if (!TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) || tcp.Has(TcpSegment.Rst))
        {
            return;
        }
        Ipv4Address source = ip.Destination;
        Ipv4Address destination = ip.Source;
        if (destination.IsMulticast || destination.IsBroadcast || destination.IsAny)
        {
            return;
        }
        Ipv4Stack stack = Namespace.Ipv4;
        if (!stack.TryRoute(destination, out RouteDecision route))
        {
            return;
        }
        uint seq;
        uint ack = 0;
        byte flags;
        if (tcp.Has(TcpSegment.Ack))
        {
            seq = tcp.AcknowledgmentNumber;
            flags = TcpSegment.Rst;
        }
        else
        {
            seq = 0;
            int length = tcp.Payload.Length + (tcp.Has(TcpSegment.Syn) ? 1 : 0) + (tcp.Has(TcpSegment.Fin) ? 1 : 0);
            ack = tcp.SequenceNumber + (uint)length;
            flags = TcpSegment.Rst | TcpSegment.Ack;
        }
        Frame frame = Namespace.World.Pool.Rent();
        frame.NetworkOffset = Frame.Headroom;
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, TcpSegment.MinHeaderLength);
        TcpSegment.WriteHeader(l4, tcp.DestinationPort, tcp.SourcePort, seq, ack, flags, 0);
        TcpSegment.CreateUnchecked(l4).FillChecksum(source, destination);
        stack.SendDatagram(frame, route, source, destination, IpProtocol.Tcp, Ipv4Stack.DefaultTtl, 0, PmtuMode.Do, l4.Length);
    }

    internal void OnIcmpError(IcmpErrorInfo error)
    {
    }

    internal void CloseAll()
    {
    }
}
