using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>docker-proxy for one published TCP port (userland-proxy=true): listens on the host address and port,
/// and for each accepted connection dials the container from the host (so the container sees the bridge gateway
/// as the client), copying bytes both ways and passing half-closes on. A failed dial closes the accepted
/// connection, as the real proxy does.</summary>
public sealed class DockerProxy
{
    private readonly NetNamespace _host;
    private readonly Ipv4Address _target;
    private readonly ushort _targetPort;
    private readonly TcpListener _listener;

    private DockerProxy(NetNamespace host, TcpListener listener, Ipv4Address target, ushort targetPort)
    {
        _host = host;
        _listener = listener;
        _target = target;
        _targetPort = targetPort;
        _listener.Accepted += OnAccepted;
    }

    /// <summary>Starts the proxy; false when the address and port are taken (bind: address already in use).</summary>
    public static bool TryStart(NetNamespace host, Ipv4Address hostIp, ushort hostPort, Ipv4Address target, ushort targetPort, out DockerProxy? proxy)
    {
        proxy = null;
        if (!host.Sockets.Tcp.TryListen(hostIp, hostPort, out TcpListener listener))
        {
            return false;
        }
        proxy = new DockerProxy(host, listener, target, targetPort);
        return true;
    }

    public void Stop() => _listener.Close();

    private void OnAccepted(TcpSocket client)
    {
        TcpSocket upstream = _host.Sockets.Tcp.Connect(_target, _targetPort);
        var toUpstream = new LinkedList<ReadOnlyMemory<byte>>();
        var toClient = new LinkedList<ReadOnlyMemory<byte>>();
        bool clientEof = false, upstreamEof = false, connected = false;
        static void Pump(TcpSocket to, LinkedList<ReadOnlyMemory<byte>> pending, bool eof)
        {
            while (pending.First is { } head)
            {
                int n = to.Send(head.Value.Span);
                if (n < head.Value.Length)
                {
                    head.Value = head.Value[n..];
                    return;
                }
                pending.RemoveFirst();
            }
            if (eof)
            {
                to.Shutdown();
            }
        }
        upstream.Connected += () =>
        {
            connected = true;
            Pump(upstream, toUpstream, clientEof);
        };
        upstream.ConnectFailed += _ => client.Close();
        upstream.Aborted += _ => client.Abort();
        client.Aborted += _ => upstream.Abort();
        client.DataReceived += data =>
        {
            toUpstream.AddLast(data);
            if (connected)
            {
                Pump(upstream, toUpstream, clientEof);
            }
        };
        upstream.DataReceived += data =>
        {
            toClient.AddLast(data);
            Pump(client, toClient, upstreamEof);
        };
        client.RemoteClosed += () =>
        {
            clientEof = true;
            if (connected)
            {
                Pump(upstream, toUpstream, true);
            }
        };
        upstream.RemoteClosed += () =>
        {
            upstreamEof = true;
            Pump(client, toClient, true);
        };
        upstream.Writable += () => Pump(upstream, toUpstream, clientEof);
        client.Writable += () => Pump(client, toClient, upstreamEof);
        upstream.Closed += () => client.Close();
    }
}
