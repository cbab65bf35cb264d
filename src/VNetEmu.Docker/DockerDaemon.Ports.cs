using VNetEmu.Docker.Firewall;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    private readonly List<(string Protocol, Ipv4Address Ip, ushort Port, Container Owner)> _allocated = [];
    private readonly Dictionary<string, int> _lastEphemeral = new(StringComparer.Ordinal);
    private readonly Dictionary<Container, List<DockerProxy>> _proxies = [];

    /// <summary>Allocates host ports, writes the rules and starts docker-proxy for each published port of a
    /// starting container, in dockerd's order (container port, then host port, highest first).</summary>
    private void PublishPorts(Container container)
    {
        Endpoint? endpoint = GatewayEndpoint(container);
        if (endpoint is null || container.Ports.Count == 0)
        {
            return;
        }
        var done = new List<PortBinding>();
        try
        {
            foreach (PortBinding b in container.Ports)
            {
                b.HostPort = AllocateHostPort(container, endpoint, b);
                done.Add(b);
            }
        }
        catch
        {
            foreach (PortBinding b in done)
            {
                Release(container, b);
            }
            throw;
        }
        // dockerd's order (nat.SortPortMap): container port, then host port, highest first; ties as given
        IEnumerable<PortBinding> ordered = container.Ports.OrderByDescending(b => b.ContainerPort).ThenByDescending(b => b.HostPort);
        var proxies = new List<DockerProxy>();
        foreach (PortBinding b in ordered)
        {
            Firewall.AddPort(endpoint.Network.Rules, new PublishedPortRule(b.Protocol, b.HostIp, b.HostPort, endpoint.Address, b.ContainerPort));
            bool started = Options.UserlandProxy
                ? DockerProxy.TryStart(Emulator, Process.Pid, b.Protocol, b.HostIp, b.HostPort, !b.HostIpGiven, endpoint.Address, b.ContainerPort, out DockerProxy? proxy)
                : DockerProxy.TryHold(Emulator, Process, b.Protocol, b.HostIp, b.HostPort, out proxy);
            if (started && proxy is not null)
            {
                proxies.Add(proxy);
            }
        }
        _proxies[container] = proxies;
    }

    private ushort AllocateHostPort(Container container, Endpoint endpoint, PortBinding b)
    {
        bool Taken(ushort port) => _allocated.Exists(a => a.Protocol == b.Protocol && a.Port == port
            && (Version >= DockerVersion.V28 ? a.Ip.IsAny || b.HostIp.IsAny || a.Ip == b.HostIp : a.Ip == b.HostIp));
        ushort chosen;
        if (b.HostPortLow == 0)
        {
            int last = _lastEphemeral.GetValueOrDefault(b.Protocol, SocketLow - 1);
            chosen = 0;
            for (int i = 0; i <= SocketHigh - SocketLow; i++)
            {
                int p = last + 1 + i;
                if (p > SocketHigh)
                {
                    p = SocketLow + (p - SocketHigh - 1);
                }
                if (!Taken((ushort)p))
                {
                    chosen = (ushort)p;
                    break;
                }
            }
            if (chosen == 0)
            {
                throw DockerException.Daemon("all ports are allocated");
            }
            _lastEphemeral[b.Protocol] = chosen;
        }
        else if (b.HostPortHigh > b.HostPortLow)
        {
            chosen = 0;
            for (int p = b.HostPortLow; p <= b.HostPortHigh; p++)
            {
                if (!Taken((ushort)p))
                {
                    chosen = (ushort)p;
                    break;
                }
            }
            if (chosen == 0)
            {
                throw Failed(container, endpoint, $"Bind for {b.HostIp}:{b.HostPortHigh} failed: port is already allocated");
            }
        }
        else
        {
            chosen = b.HostPortLow;
            if (Taken(chosen))
            {
                throw Failed(container, endpoint, $"Bind for {b.HostIp}:{chosen} failed: port is already allocated");
            }
        }
        if (b.Protocol == "tcp" && BindConflict(b.HostIp, chosen))
        {
            string where = $"{b.HostIp}:{chosen}";
            throw Failed(container, endpoint, Version switch
            {
                >= DockerVersion.V28 => $"failed to bind host port for {where}:{endpoint.Address}:{b.ContainerPort}/tcp: address already in use",
                DockerVersion.V27 => $"failed to bind port {where}/tcp: {(Options.UserlandProxy ? "Error starting userland proxy: " : "")}listen tcp4 {where}: bind: address already in use",
                _ => $"{(Options.UserlandProxy ? "Error starting userland proxy: " : "")}listen tcp4 {where}: bind: address already in use",
            });
        }
        _allocated.Add((b.Protocol, b.HostIp, chosen, container));
        return chosen;
    }

    private const int SocketLow = 32768;
    private const int SocketHigh = 60999;

    /// <summary>Someone on the host already listens on an overlapping address and port (another docker-proxy, the
    /// port held for a proxy-less publish, or any other program).</summary>
    private bool BindConflict(Ipv4Address ip, ushort port)
    {
        foreach (Engine.Sockets.TcpListener l in Host.Sockets.Tcp.Listeners)
        {
            if (!l.IsClosed && l.LocalPort == port && (l.LocalAddress.IsAny || ip.IsAny || l.LocalAddress == ip))
            {
                return true;
            }
        }
        return !Options.UserlandProxy && _allocated.Exists(a => a.Protocol == "tcp" && a.Port == port && (a.Ip.IsAny || ip.IsAny || a.Ip == ip));
    }

    private static DockerException Failed(Container container, Endpoint endpoint, string why) =>
        DockerException.Daemon($"driver failed programming external connectivity on endpoint {container.Name} ({endpoint.Id}): {why}");

    private void Release(Container container, PortBinding b)
    {
        _allocated.RemoveAll(a => a.Owner == container && a.Protocol == b.Protocol && a.Port == b.HostPort && a.Ip == b.HostIp);
        b.HostPort = 0;
    }

    private void UnpublishPorts(Container container)
    {
        Endpoint? endpoint = GatewayEndpoint(container);
        if (_proxies.Remove(container, out List<DockerProxy>? proxies))
        {
            foreach (DockerProxy p in proxies)
            {
                p.Stop();
            }
        }
        foreach (PortBinding b in container.Ports)
        {
            if (b.HostPort != 0)
            {
                if (endpoint is not null)
                {
                    Firewall.RemovePort(endpoint.Network.Rules, new PublishedPortRule(b.Protocol, b.HostIp, b.HostPort, endpoint.Address, b.ContainerPort));
                }
                Release(container, b);
            }
        }
    }
}
