using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>A UDP socket: bound to an address and port, optionally connected. Received datagrams and ICMP errors
/// (IP_RECVERR) arrive as events on the virtual clock.</summary>
public sealed class UdpSocket
{
    private readonly SocketTable _table;

    internal UdpSocket(SocketTable table) => _table = table;

    public Ipv4Address LocalAddress { get; internal set; }
    public ushort LocalPort { get; internal set; }
    public Ipv4Address RemoteAddress { get; private set; }
    public ushort RemotePort { get; private set; }
    public bool IsClosed { get; private set; }

    /// <summary>Who holds the socket (a process and its fd, for `ss -p`); opaque to the engine.</summary>
    public object? Owner { get; set; }
    public byte Ttl { get; set; } = Ipv4Stack.DefaultTtl;

    public event Action<Ipv4Address, ushort, byte[]>? Received;
    public event Action<IcmpErrorInfo>? Error;

    /// <summary>bind(); false for EADDRINUSE. Port 0 picks an ephemeral port.</summary>
    public bool Bind(Ipv4Address address, ushort port) => _table.BindUdp(this, address, port);

    public void Connect(Ipv4Address address, ushort port)
    {
        RemoteAddress = address;
        RemotePort = port;
    }

    /// <summary>sendto(): routes, picks the source, writes UDP + IP, and sends.</summary>
    public SendResult SendTo(Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload)
    {
        Ipv4Stack stack = _table.Namespace.Ipv4;
        if (!stack.TryRoute(destination, out RouteDecision route))
        {
            return SendResult.NetworkUnreachable;
        }
        if (LocalPort == 0 && !Bind(default, 0))
        {
            return SendResult.InvalidArgument;
        }
        Ipv4Address source = LocalAddress.IsAny ? route.Source : LocalAddress;
        Frame frame = _table.Namespace.World.Pool.Rent();
        frame.NetworkOffset = Frame.Headroom;
        int length = UdpDatagram.HeaderLength + payload.Length;
        frame.EnsureCapacity(Frame.Headroom + Ipv4Packet.MinHeaderLength + length + 64);
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, length);
        var udp = UdpDatagram.CreateUnchecked(l4);
        udp.SourcePort = LocalPort;
        udp.DestinationPort = port;
        udp.Length = (ushort)length;
        payload.CopyTo(l4[UdpDatagram.HeaderLength..]);
        udp.FillChecksum(source, destination);
        return stack.SendDatagram(frame, route, source, destination, IpProtocol.Udp, Ttl, 0, PmtuMode.Want, length);
    }

    public SendResult Send(ReadOnlySpan<byte> payload) => SendTo(RemoteAddress, RemotePort, payload);

    public void Close()
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _table.Unbind(this);
        }
    }

    /// <summary>Queues the datagram for the application as an event at the current virtual time (like TCP's
    /// DataReceived), so a handler that answers at once does not re-enter the receive path. A socket closed before the
    /// event runs gets nothing.</summary>
    internal void OnReceive(Ipv4Address source, ushort port, byte[] payload) =>
        _table.Namespace.World.Schedule(0, () =>
        {
            if (!IsClosed)
            {
                Received?.Invoke(source, port, payload);
            }
        });

    internal void OnError(IcmpErrorInfo error) =>
        _table.Namespace.World.Schedule(0, () =>
        {
            if (!IsClosed)
            {
                Error?.Invoke(error);
            }
        });
}
