using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>TCP of one namespace: the connection table (four-tuple → <see cref="TcpSocket"/>, TIME_WAIT included),
/// the listeners, and tcp_v4_rcv's demultiplexing. A segment for no connection and no listener is answered with a
/// reset (tcp_v4_send_reset): RST with the segment's ACK as sequence, or RST|ACK acknowledging the segment; no
/// options, window 0, TTL 64, DF and IP ID 0 like the kernel's control socket.</summary>
public sealed class TcpLayer
{
    private readonly Dictionary<(Ipv4Address, ushort, Ipv4Address, ushort), TcpSocket> _connections = [];
    private readonly List<TcpListener> _listeners = [];

    internal TcpLayer(NetNamespace ns) => Namespace = ns;

    public NetNamespace Namespace { get; }

    /// <summary>Connections in any state but LISTEN and CLOSED (SYN_RECV and TIME_WAIT included), as <c>ss -ta</c>
    /// would count them.</summary>
    public int ConnectionCount => _connections.Count;
    public IEnumerable<TcpSocket> Connections => _connections.Values;
    public IReadOnlyList<TcpListener> Listeners => _listeners;

    /// <summary>listen(2) on <paramref name="address"/> (Any for every address) and <paramref name="port"/>
    /// (0 picks an ephemeral port). False for EADDRINUSE: another listener holds the port for an overlapping
    /// address.</summary>
    public bool TryListen(Ipv4Address address, ushort port, out TcpListener listener)
    {
        if (port == 0)
        {
            port = Namespace.Sockets.AllocatePort(IsPortInUse);
        }
        foreach (TcpListener other in _listeners)
        {
            if (other.LocalPort == port && (other.LocalAddress.IsAny || address.IsAny || other.LocalAddress == address))
            {
                port = 0;
            }
        }
        if (port == 0)
        {
            listener = null!;
            return false;
        }
        listener = new TcpListener(this, address, port);
        _listeners.Add(listener);
        return true;
    }

    /// <summary>connect(2): binds (an ephemeral port when <paramref name="sourcePort"/> is 0, the route's source
    /// address when <paramref name="source"/> is Any) and sends the SYN now. Failures known at once (no route,
    /// address not local or in use) leave the socket Closed with <see cref="TcpSocket.Error"/> set, and raise
    /// <see cref="TcpSocket.ConnectFailed"/> on the clock like the others.</summary>
    public TcpSocket Connect(Ipv4Address destination, ushort port, Ipv4Address source = default, ushort sourcePort = 0)
    {
        var socket = new TcpSocket(this);
        Ipv4Stack stack = Namespace.Ipv4;
        if (!stack.TryRoute(destination, out RouteDecision route) || destination.IsAny || destination.IsBroadcast || destination.IsMulticast)
        {
            socket.FailBeforeStart(RouteError(destination));
            return socket;
        }
        Ipv4Address local = source.IsAny ? route.Source : source;
        if (!source.IsAny && !stack.IsLocalAddress(source))
        {
            socket.FailBeforeStart(TcpError.AddressNotAvailable);
            return socket;
        }
        if (sourcePort == 0)
        {
            sourcePort = Namespace.Sockets.AllocatePort(IsPortInUse);
            if (sourcePort == 0)
            {
                socket.FailBeforeStart(TcpError.AddressNotAvailable);
                return socket;
            }
        }
        else if (FindListener(local, sourcePort) is not null)
        {
            socket.FailBeforeStart(TcpError.AddressInUse);
            return socket;
        }
        else if (_connections.ContainsKey((local, sourcePort, destination, port)))
        {
            socket.FailBeforeStart(TcpError.AddressNotAvailable); // __inet_check_established, TIME_WAIT included
            return socket;
        }
        socket.StartConnect(local, sourcePort, destination, port, route);
        return socket;
    }

    /// <summary>What connect() returns when the route lookup fails: the kind of the matching route decides.</summary>
    private TcpError RouteError(Ipv4Address destination)
    {
        if (Namespace.Ipv4.Routes.TryLookup(destination, out Route route))
        {
            switch (route.Kind)
            {
                case RouteKind.Unreachable:
                    return TcpError.HostUnreachable;
                case RouteKind.Prohibit:
                    return TcpError.AccessDenied;
                case RouteKind.Blackhole:
                    return TcpError.InvalidArgument;
            }
        }
        return TcpError.NetworkUnreachable;
    }

    private bool IsPortInUse(ushort port)
    {
        foreach (TcpListener l in _listeners)
        {
            if (l.LocalPort == port)
            {
                return true;
            }
        }
        foreach (var key in _connections.Keys)
        {
            if (key.Item2 == port)
            {
                return true;
            }
        }
        return false;
    }

    private TcpListener? FindListener(Ipv4Address address, ushort port)
    {
        TcpListener? wildcard = null;
        foreach (TcpListener l in _listeners)
        {
            if (l.LocalPort != port)
            {
                continue;
            }
            if (l.LocalAddress == address)
            {
                return l;
            }
            if (l.LocalAddress.IsAny)
            {
                wildcard = l;
            }
        }
        return wildcard;
    }

    internal void Register(TcpSocket socket) =>
        _connections[(socket.LocalAddress, socket.LocalPort, socket.RemoteAddress, socket.RemotePort)] = socket;

    internal void Unregister(TcpSocket socket)
    {
        var key = (socket.LocalAddress, socket.LocalPort, socket.RemoteAddress, socket.RemotePort);
        if (_connections.TryGetValue(key, out TcpSocket? found) && found == socket)
        {
            _connections.Remove(key);
        }
    }

    internal void RemoveListener(TcpListener listener)
    {
        _listeners.Remove(listener);
        foreach (TcpSocket socket in _connections.Values.ToList())
        {
            if (socket.Listener == listener && socket.State == TcpState.SynReceived)
            {
                socket.Destroy(TcpError.None);
            }
        }
    }

    // ---- input ------------------------------------------------------------------------------------------------

    /// <summary>tcp_v4_rcv: checksum, then the connection, else a listener, else a reset. Consumes the frame.</summary>
    internal void Receive(NetDevice device, Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (!TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) || !tcp.IsChecksumValid(ip.Source, ip.Destination))
        {
            Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        Ipv4Address local = ip.Destination;
        Ipv4Address remote = ip.Source;
        if (!Namespace.Ipv4.IsLocalAddress(local) || remote.IsBroadcast || remote.IsMulticast || remote.IsAny)
        {
            Namespace.Drop(frame, DropReason.OtherHost); // not PACKET_HOST
            return;
        }
        uint isn = 0;
        if (_connections.TryGetValue((local, tcp.DestinationPort, remote, tcp.SourcePort), out TcpSocket? socket)
            && socket.Input(frame, tcp, out isn))
        {
            Namespace.World.Pool.Return(frame);
            return;
        }
        if (FindListener(local, tcp.DestinationPort) is { } listener)
        {
            ListenInput(listener, frame, tcp, isn);
            return;
        }
        SendReset(frame);
        Namespace.Drop(frame, DropReason.NoSocket);
    }

    /// <summary>tcp_rcv_state_process in LISTEN: an ACK is reset, a RST ignored, a SYN (without FIN) starts a
    /// connection, anything else is dropped.</summary>
    private void ListenInput(TcpListener listener, Frame frame, TcpSegment tcp, uint isn)
    {
        if (tcp.Has(TcpSegment.Ack))
        {
            SendReset(frame);
            Namespace.World.Pool.Return(frame);
            return;
        }
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (tcp.Has(TcpSegment.Rst) || !tcp.Has(TcpSegment.Syn) || tcp.Has(TcpSegment.Fin)
            || !Namespace.Ipv4.TryRoute(ip.Source, out RouteDecision route))
        {
            Namespace.World.Pool.Return(frame);
            return;
        }
        TcpOptions options = TcpOptions.Parse(tcp.Options, syn: true);
        var socket = new TcpSocket(this);
        socket.StartPassive(listener, ip.Destination, tcp.DestinationPort, ip.Source, tcp.SourcePort,
            tcp.SequenceNumber, tcp.Window, options, route, isn);
        Namespace.World.Pool.Return(frame);
    }

    /// <summary>tcp_v4_err: an ICMP error quoting one of our segments.</summary>
    internal void OnIcmpError(IcmpErrorInfo error)
    {
        if (_connections.TryGetValue((error.QuotedSource, error.QuotedSourcePort, error.QuotedDestination, error.QuotedDestinationPort),
            out TcpSocket? socket))
        {
            socket.OnIcmpError(error);
        }
    }

    // ---- output -----------------------------------------------------------------------------------------------

    /// <summary>Writes the IPv4 header (TTL 64, DF, the given ID) in front of the segment at
    /// <c>Headroom + 20</c> and sends it through OUTPUT and POSTROUTING.</summary>
    internal void Transmit(Frame frame, in RouteDecision route, Ipv4Address source, Ipv4Address destination, int segmentLength, ushort id)
    {
        frame.NetworkOffset = Frame.Headroom;
        frame.Start = Frame.Headroom;
        frame.Length = Ipv4Packet.MinHeaderLength + segmentLength;
        Ipv4Packet.WriteHeader(frame.Data, source, destination, IpProtocol.Tcp, segmentLength, Ipv4Stack.DefaultTtl, id, dontFragment: true);
        Namespace.Ipv4.LocalOut(frame, route);
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
        if (!Namespace.Ipv4.TryRoute(destination, out RouteDecision route))
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
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, TcpSegment.MinHeaderLength);
        TcpSegment.WriteHeader(l4, tcp.DestinationPort, tcp.SourcePort, seq, ack, flags, 0);
        TcpSegment.CreateUnchecked(l4).FillChecksum(source, destination);
        Transmit(frame, route, source, destination, l4.Length, 0);
    }

    /// <summary>The namespace is deleted: every connection and listener goes, without a packet.</summary>
    internal void CloseAll()
    {
        foreach (TcpSocket socket in _connections.Values.ToList())
        {
            socket.Destroy(TcpError.None);
        }
        foreach (TcpListener listener in _listeners.ToList())
        {
            listener.Close();
        }
    }
}
