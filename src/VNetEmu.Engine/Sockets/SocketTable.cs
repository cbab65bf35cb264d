using System.Buffers.Binary;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>The sockets of one namespace: UDP bindings, ICMP echo sockets, and the TCP layer. Ephemeral ports come
/// from the seeded random source within net.ipv4.ip_local_port_range (32768–60999).</summary>
public sealed class SocketTable
{
    public const int EphemeralLow = 32768;
    public const int EphemeralHigh = 60999;
    private readonly Dictionary<ushort, List<UdpSocket>> _udp = [];
    private readonly Dictionary<ushort, PingSocket> _ping = [];

    internal SocketTable(NetNamespace ns)
    {
        Namespace = ns;
        Tcp = new TcpLayer(ns);
    }

    public NetNamespace Namespace { get; }
    public TcpLayer Tcp { get; }

    public UdpSocket OpenUdp() => new(this);

    /// <summary>The bound UDP sockets (for `ss -u`), in port order.</summary>
    public List<UdpSocket> BoundUdp()
    {
        var all = new List<UdpSocket>();
        foreach (List<UdpSocket> list in _udp.Values)
        {
            all.AddRange(list);
        }
        all.Sort((a, b) => a.LocalPort != b.LocalPort ? a.LocalPort.CompareTo(b.LocalPort) : a.LocalAddress.Value.CompareTo(b.LocalAddress.Value));
        return all;
    }

    public PingSocket OpenPing()
    {
        ushort id;
        do
        {
            id = (ushort)Namespace.World.Random.Next(1, 65536);
        }
        while (_ping.ContainsKey(id));
        var socket = new PingSocket(this, id);
        _ping.Add(id, socket);
        return socket;
    }

    internal void ClosePing(PingSocket socket) => _ping.Remove(socket.Identifier);

    /// <summary>A free port from the ephemeral range, chosen at random like the kernel does for connect()/bind(0).</summary>
    public ushort AllocatePort(Func<ushort, bool> inUse)
    {
        int range = EphemeralHigh - EphemeralLow + 1;
        int start = Namespace.World.Random.Next(range);
        for (int i = 0; i < range; i++)
        {
            ushort port = (ushort)(EphemeralLow + (start + i) % range);
            if (!inUse(port))
            {
                return port;
            }
        }
        return 0;
    }

    internal bool BindUdp(UdpSocket socket, Ipv4Address address, ushort port)
    {
        if (port == 0)
        {
            port = AllocatePort(p => _udp.ContainsKey(p));
            if (port == 0)
            {
                return false;
            }
        }
        if (_udp.TryGetValue(port, out List<UdpSocket>? list))
        {
            foreach (UdpSocket s in list)
            {
                if (s.LocalAddress.IsAny || address.IsAny || s.LocalAddress == address)
                {
                    return false;
                }
            }
        }
        else
        {
            _udp[port] = list = [];
        }
        socket.LocalAddress = address;
        socket.LocalPort = port;
        list.Add(socket);
        return true;
    }

    internal void Unbind(UdpSocket socket)
    {
        if (_udp.TryGetValue(socket.LocalPort, out List<UdpSocket>? list))
        {
            list.Remove(socket);
            if (list.Count == 0)
            {
                _udp.Remove(socket.LocalPort);
            }
        }
    }

    private UdpSocket? FindUdp(Ipv4Address local, ushort port, Ipv4Address remote, ushort remotePort)
    {
        if (!_udp.TryGetValue(port, out List<UdpSocket>? list))
        {
            return null;
        }
        UdpSocket? wildcard = null;
        foreach (UdpSocket s in list)
        {
            if (!s.RemoteAddress.IsAny && (s.RemoteAddress != remote || s.RemotePort != remotePort))
            {
                continue;
            }
            if (s.LocalAddress == local)
            {
                return s;
            }
            if (s.LocalAddress.IsAny)
            {
                wildcard = s;
            }
        }
        return wildcard;
    }

    /// <summary>udp_rcv: to the bound socket, else ICMP port unreachable (only for unicast to us).</summary>
    internal void ReceiveUdp(NetDevice device, Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (!UdpDatagram.TryCreate(ip.Payload, out UdpDatagram udp) || !udp.IsChecksumValid(ip.Source, ip.Destination))
        {
            Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        UdpSocket? socket = FindUdp(ip.Destination, udp.DestinationPort, ip.Source, udp.SourcePort);
        if (socket is null)
        {
            if (Namespace.Ipv4.IsLocalAddress(ip.Destination))
            {
                Namespace.Ipv4.Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodePortUnreachable, 0);
            }
            Namespace.Drop(frame, DropReason.NoSocket);
            return;
        }
        byte[] payload = udp.Payload.ToArray();
        Ipv4Address source = ip.Source;
        ushort port = udp.SourcePort;
        Namespace.World.Pool.Return(frame);
        socket.OnReceive(source, port, payload);
    }

    internal void DeliverEchoReply(Ipv4Address from, ushort identifier, ushort sequence, byte ttl, int length, Span<byte> data)
    {
        if (_ping.TryGetValue(identifier, out PingSocket? socket))
        {
            socket.OnEchoReply(from, sequence, ttl, length);
        }
    }

    /// <summary>An ICMP redirect quoting an echo request of one of our ping sockets.</summary>
    internal void DeliverRedirect(Ipv4Address from, byte code, Ipv4Address gateway, Ipv4Address quotedDestination, ushort identifier, ushort sequence)
    {
        if (_ping.TryGetValue(identifier, out PingSocket? socket))
        {
            socket.OnRedirect(from, code, gateway, quotedDestination, sequence);
        }
    }

    /// <summary>An ICMP error to the socket that sent the quoted packet.</summary>
    internal void DeliverError(IcmpErrorInfo error)
    {
        switch (error.QuotedProtocol)
        {
            case IpProtocol.Icmp:
                if (_ping.TryGetValue(error.QuotedSourcePort, out PingSocket? ping))
                {
                    ping.OnError(error);
                }
                return;
            case IpProtocol.Udp:
                FindUdp(error.QuotedSource, error.QuotedSourcePort, error.QuotedDestination, error.QuotedDestinationPort)?.OnError(error);
                return;
            case IpProtocol.Tcp:
                Tcp.OnIcmpError(error);
                return;
        }
    }

    internal void CloseAll()
    {
        foreach (List<UdpSocket> list in _udp.Values.ToList())
        {
            foreach (UdpSocket s in list.ToList())
            {
                s.Close();
            }
        }
        _ping.Clear();
        Tcp.CloseAll();
    }

    internal static ushort ReadPort(ReadOnlySpan<byte> l4, int offset) => BinaryPrimitives.ReadUInt16BigEndian(l4[offset..]);
}
