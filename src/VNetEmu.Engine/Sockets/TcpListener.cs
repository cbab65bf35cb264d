using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>A listening TCP socket (listen(2)). A SYN to its address and port creates a connection in SYN_RECV,
/// answered with a SYN-ACK; once the handshake completes the connection is handed out by <see cref="Accepted"/>
/// (on the virtual clock, after the segment that completed it).</summary>
public sealed class TcpListener
{
    private readonly TcpLayer _layer;

    internal TcpListener(TcpLayer layer, Ipv4Address address, ushort port)
    {
        _layer = layer;
        LocalAddress = address;
        LocalPort = port;
    }

    /// <summary>The bound address; Any (0.0.0.0) accepts connections to every local address.</summary>
    public Ipv4Address LocalAddress { get; }
    public ushort LocalPort { get; }
    public bool IsClosed { get; private set; }

    /// <summary>listen(2)'s backlog as the kernel keeps it (`ss` shows it as Send-Q).</summary>
    public int Backlog { get; set; } = 128;

    /// <summary>Who holds the socket (a process and its fd, for `ss -p`); opaque to the engine.</summary>
    public object? Owner { get; set; }

    /// <summary>A connection completed its handshake. Attach the socket's handlers here: data that arrived with or
    /// right after the handshake is delivered after this event.</summary>
    public event Action<TcpSocket>? Accepted;

    /// <summary>Stops listening (close(2) on the listening socket). Connections still in the handshake are
    /// forgotten; completed ones not yet handed out are reset, as inet_csk_listen_stop does.</summary>
    public void Close()
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _layer.RemoveListener(this);
        }
    }

    internal bool Matches(Ipv4Address destination) => LocalAddress.IsAny || LocalAddress == destination;

    internal void OnEstablished(TcpSocket socket) =>
        _layer.Namespace.World.Schedule(0, () =>
        {
            if (IsClosed)
            {
                socket.Abort();
                return;
            }
            Accepted?.Invoke(socket);
        });
}
