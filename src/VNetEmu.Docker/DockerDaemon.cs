using VNetEmu.Docker.Firewall;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Host;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>The emulated dockerd of one host: started by the first docker command, it owns the networks (with
/// their bridges and IPAM), the containers (with their namespaces, veths, files and main processes), the port
/// allocator and the iptables program of its version — all built from the same primitives a real dockerd drives.</summary>
public sealed partial class DockerDaemon
{
    /// <summary>Starts a container's main process (its command inside its namespace and userspace). Supplied by
    /// the layer that knows the commands (Scripting).</summary>
    public delegate ContainerProcess ProcessLauncher(Container container, IReadOnlyList<string> argv);

    private readonly ProcessLauncher _launcher;

    public DockerDaemon(Emulator emulator, DockerOptions options, ProcessLauncher launcher)
    {
        Emulator = emulator;
        Options = options;
        _launcher = launcher;
        Ids = new DockerIds(emulator.World.Seed);
        Pools = new PoolSelector(options.Version);
        Start();
    }

    public Emulator Emulator { get; }
    public DockerOptions Options { get; }
    public DockerIds Ids { get; }
    public ImageCatalog Images { get; } = new();
    public PoolSelector Pools { get; }
    public List<DockerNetwork> Networks { get; } = [];
    public List<Container> Containers { get; } = [];
    public DockerFirewall Firewall { get; private set; } = null!;
    public NetNamespace Host => Emulator.World.Root;
    public DockerNetwork DefaultBridge => Networks.Find(n => n.IsDefaultBridge)!;
    public DockerVersion Version => Options.Version;

    /// <summary>dockerd itself on the host (`pidof dockerd`; it holds the embedded DNS sockets).</summary>
    public HostProcess Process { get; private set; } = null!;

    /// <summary>containerd, which dockerd talks to; each container's shim is its child.</summary>
    public HostProcess Containerd { get; private set; } = null!;

    private void Start()
    {
        Lan.Ensure(Emulator);
        Containerd = Emulator.Processes.Start("/usr/bin/containerd", Host);
        Process = Emulator.Processes.Start($"/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock --userland-proxy={(Options.UserlandProxy ? "true" : "false")}", Host);
        bool forwardWasOff = !Host.Ipv4.IpForward;
        Emulator.Sysctls.Set(Host, "net.ipv4.ip_forward", "1");
        Emulator.Sysctls.Set(Host, "net.bridge.bridge-nf-call-iptables", "1");
        Emulator.Sysctls.Set(Host, "net.bridge.bridge-nf-call-ip6tables", "1");
        Firewall = new DockerFirewall(Options.Version, Options.UserlandProxy, Emulator.Netfilter(Host).Config);
        Firewall.DaemonStart(forwardWasOff);
        Ipv4Prefix subnet = Pools.Next(TakenSubnets(), ReservedNetworks()) ?? throw new InvalidOperationException("no pool for docker0");
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["com.docker.network.bridge.default_bridge"] = "true",
            ["com.docker.network.bridge.enable_icc"] = "true",
            ["com.docker.network.bridge.enable_ip_masquerade"] = "true",
            ["com.docker.network.bridge.host_binding_ipv4"] = "0.0.0.0",
            ["com.docker.network.bridge.name"] = "docker0",
            ["com.docker.network.driver.mtu"] = "1500",
        };
        var bridge = new DockerNetwork
        {
            Id = Ids.NewId(),
            Name = "bridge",
            Driver = "bridge",
            Created = Emulator.Clock,
            IsDefaultBridge = true,
            Pool = new AddressPool(subnet, null),
            Gateway = new Ipv4Address(subnet.Network.Value + 1),
            BridgeName = "docker0",
            Options = options,
        };
        bridge.Pool!.Claim(bridge.Gateway);
        Networks.Add(bridge);
        Networks.Add(new DockerNetwork { Id = Ids.NewId(), Name = "host", Driver = "host", Created = Emulator.Clock });
        Networks.Add(new DockerNetwork { Id = Ids.NewId(), Name = "none", Driver = "null", Created = Emulator.Clock });
        BringUpBridge(bridge);
    }

    /// <summary>Subnets of existing networks.</summary>
    private List<Ipv4Prefix> TakenSubnets()
    {
        var taken = new List<Ipv4Prefix>();
        foreach (DockerNetwork n in Networks)
        {
            if (n.Pool is { } p)
            {
                taken.Add(p.Subnet);
            }
        }
        return taken;
    }

    /// <summary>What the pools must not overlap: the host's nameservers and on-link routes (InferReservedNetworks).</summary>
    private List<Ipv4Prefix> ReservedNetworks()
    {
        var reserved = new List<Ipv4Prefix>();
        foreach (Engine.Ip.Route r in Host.Ipv4.Routes.Routes)
        {
            if (r.Gateway.IsAny && r.Destination.Length > 0 && !r.Destination.Address.IsLoopback && r.Device?.Master is null
                && !Networks.Exists(n => n.BridgeName is not null && n.BridgeName == r.Device?.Name))
            {
                reserved.Add(r.Destination);
            }
        }
        foreach (Ipv4Address ns in HostNameservers())
        {
            reserved.Add(new Ipv4Prefix(ns, 32));
        }
        return reserved;
    }

    /// <summary>The nameservers of the host's /etc/resolv.conf.</summary>
    public List<Ipv4Address> HostNameservers()
    {
        var list = new List<Ipv4Address>();
        string text = Emulator.HostUserspace.Read("/etc/resolv.conf") ?? "";
        foreach (string line in text.Split('\n'))
        {
            string[] w = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (w.Length >= 2 && w[0] == "nameserver" && Ipv4Address.TryParse(w[1], out Ipv4Address a))
            {
                list.Add(a);
            }
        }
        return list;
    }

    /// <summary>A container by full name, `/name`, full id or unique id prefix.</summary>
    public Container? FindContainer(string reference)
    {
        string name = reference.TrimStart('/');
        foreach (Container c in Containers)
        {
            if (c.Name == name || c.Id == reference)
            {
                return c;
            }
        }
        Container? found = null;
        foreach (Container c in Containers)
        {
            if (reference.Length > 0 && c.Id.StartsWith(reference, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /// <summary>A container the command names, or Docker's "No such container" error.</summary>
    public Container GetContainer(string reference) =>
        FindContainer(reference) ?? throw new DockerException(Version >= DockerVersion.V27
            ? $"Error response from daemon: No such container: {reference}"
            : $"Error: No such container: {reference}");

    /// <summary>A network by name, full id, or unique id prefix.</summary>
    public DockerNetwork? FindNetwork(string reference)
    {
        DockerNetwork? byName = Networks.Find(n => n.Name == reference);
        if (byName is not null)
        {
            return byName;
        }
        DockerNetwork? byId = Networks.Find(n => n.Id == reference);
        if (byId is not null)
        {
            return byId;
        }
        List<DockerNetwork> prefix = Networks.FindAll(n => reference.Length > 0 && n.Id.StartsWith(reference, StringComparison.Ordinal));
        return prefix.Count == 1 ? prefix[0] : null;
    }

    public DockerNetwork GetNetwork(string reference) =>
        FindNetwork(reference) ?? throw DockerException.Daemon($"network {reference} not found");

    public string FormatTime(DateTimeOffset t) => GoTime.Rfc3339Nano(t);
}
