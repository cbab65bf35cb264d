using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>docker-proxy for one published port (userland-proxy=true). TCP: listens on the host address and port,
/// and for each accepted connection dials the container from the host (so the container sees the bridge gateway
/// as the client), copying bytes both ways and passing half-closes on; a failed dial closes the accepted
/// connection, as the real proxy does. UDP: one upstream socket per client address and port, replies relayed back
/// from the published port, a flow forgotten after 90 s without traffic.</summary>
public sealed class DockerProxy
{
    private readonly NetNamespace _host;
    private readonly Ipv4Address _target;
    private readonly ushort _targetPort;
    private readonly TcpListener? _listener;
    private readonly UdpSocket? _udp;
    private readonly Dictionary<(Ipv4Address, ushort), UdpFlow> _flows = [];
    private readonly List<HostProcess> _processes = [];
    private readonly ProcessTable _table;

    private DockerProxy(ProcessTable table, NetNamespace host, TcpListener? listener, UdpSocket? udp, Ipv4Address target, ushort targetPort, bool relay = true)
    {
        _table = table;
        _host = host;
        _listener = listener;
        _udp = udp;
        _target = target;
        _targetPort = targetPort;
        if (_listener is not null)
        {
            _listener.Backlog = 4096; // Go's listen(2) backlog: net.core.somaxconn
        }
        if (!relay)
        {
            return;
        }
        if (_listener is not null)
        {
            _listener.Accepted += OnAccepted;
        }
        if (_udp is not null)
        {
            _udp.Received += OnDatagram;
        }
    }

    /// <summary>How long docker-proxy keeps a UDP client's flow without traffic (UDPConnTrackTimeout).</summary>
    public const long UdpFlowTimeoutNs = 90L * 1_000_000_000;

    /// <summary>The docker-proxy processes of this binding: one for the IPv4 address and, when the host address was
    /// not given, one for `::` (listed by ps and ss; IPv6 traffic is not emulated).</summary>
    public IReadOnlyList<HostProcess> Processes => _processes;

    /// <summary>Binds the published port for <paramref name="protocol"/>: false when it is taken; true with neither socket
    /// for a protocol that needs none (sctp: the DNAT rules carry the traffic).</summary>
    private static bool TryBind(NetNamespace host, string protocol, Ipv4Address hostIp, ushort hostPort, out TcpListener? listener, out UdpSocket? udp)
    {
        listener = null;
        udp = null;
        if (protocol == "tcp")
        {
            return host.Sockets.Tcp.TryListen(hostIp, hostPort, out listener);
        }
        if (protocol == "udp")
        {
            udp = host.Sockets.OpenUdp();
            if (udp.Bind(hostIp, hostPort))
            {
                return true;
            }
            udp.Close();
            return false;
        }
        return true;
    }

    private static void SetOwner(TcpListener? listener, UdpSocket? udp, object owner)
    {
        if (listener is not null)
        {
            listener.Owner = owner;
        }
        if (udp is not null)
        {
            udp.Owner = owner;
        }
    }

    /// <summary>Starts the proxy for <paramref name="protocol"/> (tcp or udp) as dockerd's child processes; false when
    /// the address and port are taken (bind: address already in use).</summary>
    public static bool TryStart(Emulator emulator, int parentPid, string protocol, Ipv4Address hostIp, ushort hostPort, bool ipv6Too,
        Ipv4Address target, ushort targetPort, out DockerProxy? proxy)
    {
        proxy = null;
        NetNamespace host = emulator.World.Root;
        if (!TryBind(host, protocol, hostIp, hostPort, out TcpListener? listener, out UdpSocket? udp))
        {
            return false;
        }
        if (listener is null && udp is null)
        {
            return true;
        }
        proxy = new DockerProxy(emulator.Processes, host, listener, udp, target, targetPort);
        string Args(string ip) => $"/usr/sbin/docker-proxy -proto {protocol} -host-ip {ip} -host-port {hostPort} -container-ip {target} -container-port {targetPort}";
        HostProcess v4 = emulator.Processes.Start(Args(hostIp.ToString()), host, parentPid, firstFd: 4);
        SetOwner(listener, udp, v4.Own(v4.NextFd()));
        proxy._processes.Add(v4);
        if (ipv6Too)
        {
            HostProcess v6 = emulator.Processes.Start(Args("::"), host, parentPid, firstFd: 4);
            v6.Ipv6Sockets.Add((protocol, hostPort, v6.NextFd()));
            proxy._processes.Add(v6);
        }
        return true;
    }

    /// <summary>userland-proxy=false: dockerd itself binds the published port (portmapper's dummy proxy) so that no
    /// one else takes it, and never accepts on it — the DNAT rules carry the traffic. False when it is taken.</summary>
    public static bool TryHold(Emulator emulator, HostProcess dockerd, string protocol, Ipv4Address hostIp, ushort hostPort, out DockerProxy? held)
    {
        held = null;
        NetNamespace host = emulator.World.Root;
        if (!TryBind(host, protocol, hostIp, hostPort, out TcpListener? listener, out UdpSocket? udp))
        {
            return false;
        }
        if (listener is null && udp is null)
        {
            return true;
        }
        SetOwner(listener, udp, dockerd.Own(dockerd.NextFd()));
        held = new DockerProxy(emulator.Processes, host, listener, udp, default, 0, relay: false);
        return true;
    }

    public void Stop()
    {
        _listener?.Close();
        _udp?.Close();
        foreach (UdpFlow f in _flows.Values)
        {
            f.Socket.Close();
        }
        _flows.Clear();
        foreach (HostProcess p in _processes)
        {
            _table.Exit(p);
        }
    }

    /// <summary>One UDP client of the proxy: its own socket towards the container, closed after 90 s of silence.</summary>
    private sealed class UdpFlow(UdpSocket socket)
    {
        public UdpSocket Socket { get; } = socket;
        public long LastSeen { get; set; }
    }

    private void OnDatagram(Ipv4Address from, ushort fromPort, byte[] data)
    {
        World world = _host.World;
        if (!_flows.TryGetValue((from, fromPort), out UdpFlow? flow))
        {
            UdpSocket upstream = _host.Sockets.OpenUdp();
            if (!upstream.Bind(default, 0))
            {
                return;
            }
            flow = new UdpFlow(upstream);
            _flows[(from, fromPort)] = flow;
            upstream.Received += (_, _, reply) =>
            {
                flow.LastSeen = world.Now;
                if (_udp is { IsClosed: false } listener)
                {
                    listener.SendTo(from, fromPort, reply);
                }
            };
            void Expire()
            {
                if (world.Now - flow.LastSeen >= UdpFlowTimeoutNs)
                {
                    upstream.Close();
                    _flows.Remove((from, fromPort));
                    return;
                }
                world.Schedule(flow.LastSeen + UdpFlowTimeoutNs - world.Now, Expire);
            }
            world.Schedule(UdpFlowTimeoutNs, Expire);
        }
        flow.LastSeen = world.Now;
        flow.Socket.SendTo(_target, _targetPort, data);
    }

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
