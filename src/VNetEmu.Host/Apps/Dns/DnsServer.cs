using System.Buffers.Binary;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>A DNS server socket pair: UDP and TCP (2-byte length framing, RFC 1035 §4.2.2) on one address and port of
/// a namespace, handing each well-formed query to a handler. UDP answers are cut to 512 bytes, or to the query's
/// EDNS0 size, with TC set (RFC 2181 §9); a client then retries over TCP. Datagrams that are not a query are ignored.</summary>
public sealed class DnsServer
{
    private readonly Action<DnsRequest> _handler;
    private readonly List<TcpSocket> _connections = [];
    private UdpSocket? _udp;
    private TcpListener? _tcp;

    public DnsServer(Action<DnsRequest> handler) => _handler = handler;

    public Ipv4Address Address { get; private set; }
    /// <summary>The UDP port (and the TCP one unless <see cref="TcpPort"/> differs).</summary>
    public ushort Port { get; private set; }
    public ushort TcpPort { get; private set; }
    public bool IsRunning => _udp is not null;

    /// <summary>Binds UDP and TCP; false when either is in use (nothing stays bound then).</summary>
    public bool Start(NetNamespace ns, Ipv4Address address, ushort port = 53) => Start(ns, address, port, port);

    /// <summary>Binds UDP at <paramref name="udpPort"/> and TCP at <paramref name="tcpPort"/> (Docker's embedded DNS
    /// listens on two random ports); false when either is in use (nothing stays bound then).</summary>
    public bool Start(NetNamespace ns, Ipv4Address address, ushort udpPort, ushort tcpPort)
    {
        var udp = ns.Sockets.OpenUdp();
        if (!udp.Bind(address, udpPort))
        {
            return false;
        }
        if (!ns.Sockets.Tcp.TryListen(address, tcpPort, out TcpListener listener))
        {
            udp.Close();
            return false;
        }
        Address = address;
        Port = udpPort;
        TcpPort = tcpPort;
        _udp = udp;
        _tcp = listener;
        udp.Received += (from, fromPort, data) => OnDatagram(udp, from, fromPort, data);
        listener.Accepted += OnAccepted;
        return true;
    }

    /// <summary>Names the process holding the two sockets (`ss -p`) and the TCP listen backlog.</summary>
    public void SetOwners(object? udpOwner, object? tcpOwner, int backlog)
    {
        if (_udp is not null)
        {
            _udp.Owner = udpOwner;
        }
        if (_tcp is not null)
        {
            _tcp.Owner = tcpOwner;
            _tcp.Backlog = backlog;
        }
    }

    public void Stop()
    {
        _udp?.Close();
        _udp = null;
        _tcp?.Close();
        _tcp = null;
        foreach (TcpSocket s in _connections.ToList())
        {
            s.Close();
        }
        _connections.Clear();
    }

    private void OnDatagram(UdpSocket udp, Ipv4Address from, ushort fromPort, byte[] data)
    {
        if (!DnsMessage.TryParse(data, out DnsMessage query) || query.IsResponse)
        {
            return;
        }
        int limit = query.EdnsUdpSize ?? DnsMessage.UdpLimit;
        _handler(new DnsRequest(query, DnsTransport.Udp, from, fromPort, Address, response =>
        {
            if (!udp.IsClosed)
            {
                udp.SendTo(from, fromPort, response.ToBytes(limit));
            }
        }));
    }

    private void OnAccepted(TcpSocket socket)
    {
        _connections.Add(socket);
        var buffer = new List<byte>();
        socket.DataReceived += data =>
        {
            buffer.AddRange(data);
            while (buffer.Count >= 2)
            {
                int length = buffer[0] << 8 | buffer[1];
                if (buffer.Count < 2 + length)
                {
                    break;
                }
                byte[] message = buffer.GetRange(2, length).ToArray();
                buffer.RemoveRange(0, 2 + length);
                if (DnsMessage.TryParse(message, out DnsMessage query) && !query.IsResponse)
                {
                    _handler(new DnsRequest(query, DnsTransport.Tcp, socket.RemoteAddress, socket.RemotePort, Address, response =>
                    {
                        byte[] body = response.ToBytes(ushort.MaxValue);
                        byte[] framed = new byte[body.Length + 2];
                        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)body.Length);
                        body.CopyTo(framed, 2);
                        if (socket.State is TcpState.Established or TcpState.CloseWait)
                        {
                            socket.Send(framed);
                        }
                    }));
                }
            }
        };
        socket.RemoteClosed += () => socket.Close();
        socket.Closed += () => _connections.Remove(socket);
        socket.Aborted += _ => _connections.Remove(socket);
    }
}
