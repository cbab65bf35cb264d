using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Runtime;

namespace VNetEmu.Host;

/// <summary>One emulated Linux host: the engine world plus what the command-line tools keep (files written,
/// capture writers, the trace switch, per-namespace sysctls).</summary>
public sealed class Emulator : IDisposable
{
    /// <summary>Virtual time zero, as a wall-clock date: capture timestamps and "Generated on" lines derive from it,
    /// so the same script gives the same bytes.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _resources = [];
    private readonly Dictionary<NetNamespace, NetfilterRuntime> _netfilter = [];
    private bool _trace;

    public Emulator(int seed, string workingDirectory)
    {
        World = new World(seed);
        WorkingDirectory = workingDirectory;
        Sysctls = new Sysctls(this);
        World.Root.Loopback.SetAdminUp(true);
        World.Root.Ipv4.AddAddress(World.Root.Loopback, new Wire.Ipv4Prefix(Wire.Ipv4Address.Loopback, 8), default);
        HostUserspace = new Userspace(HostName, ToolFamily.Gnu) { Network = World.Root };
        Processes = new ProcessTable(World.Root, () => Clock);
        HostUserspace.Write("/etc/hostname", HostName + "\n");
        HostUserspace.Write("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + HostName + "\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n");
        HostUserspace.Write("/etc/resolv.conf", "nameserver " + LanResolver + "\n");
    }

    /// <summary>The emulated host's name (`hostname`, /etc/hostname).</summary>
    public const string HostName = "vnetemu";

    /// <summary>The LAN's DNS resolver, the host's /etc/resolv.conf nameserver (see <see cref="Lan"/>).</summary>
    public static readonly Wire.Ipv4Address LanResolver = new(192, 0, 2, 53);

    /// <summary>What the host is cabled to (`vnetemu run --uplink lan|none`); read when the LAN is built.</summary>
    public Uplink Uplink { get; set; } = Uplink.Lan;

    /// <summary>The host's processes (`ps`, `pidof`, `ss -p`).</summary>
    public ProcessTable Processes { get; }

    /// <summary>The host's own files, hostname and tools.</summary>
    public Userspace HostUserspace { get; }

    private readonly Dictionary<Type, object> _services = [];

    /// <summary>A per-host service (the Docker daemon, the LAN), created on first use.</summary>
    public T Service<T>(Func<Emulator, T> create) where T : class
    {
        if (!_services.TryGetValue(typeof(T), out object? service))
        {
            service = create(this);
            _services.Add(typeof(T), service);
        }
        return (T)service;
    }

    /// <summary>The service of type <typeparamref name="T"/> if it has been created.</summary>
    public T? ExistingService<T>() where T : class => _services.TryGetValue(typeof(T), out object? s) ? (T)s : null;

    /// <summary>Reads a file as a process in <paramref name="ns"/> with <paramref name="userspace"/> sees it: the
    /// sysctls under /proc/sys, devices under /sys/class/net, else the userspace's own files. Null: no such file.</summary>
    public string? ReadFile(Userspace userspace, NetNamespace ns, string path)
    {
        if (path.StartsWith("/proc/sys/", StringComparison.Ordinal))
        {
            string? v = Sysctls.Get(ns, path["/proc/sys/".Length..].Replace('/', '.'));
            return v is null ? null : v + "\n";
        }
        if (path.StartsWith("/sys/class/net/", StringComparison.Ordinal))
        {
            string[] p = path["/sys/class/net/".Length..].Split('/');
            if (p.Length == 2 && ns.TryGetDevice(p[0], out Engine.Devices.NetDevice dev))
            {
                return p[1] switch
                {
                    "mtu" => dev.Mtu.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n",
                    "address" => dev.Mac + "\n",
                    "ifindex" => dev.IfIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n",
                    "iflink" => (dev is Engine.Devices.VethDevice v ? v.Peer.IfIndex : dev.IfIndex).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n",
                    "operstate" => (dev.IsOperUp ? "up" : "down") + "\n",
                    "carrier" when dev.AdminUp => (dev.Carrier ? "1" : "0") + "\n",
                    "tx_queue_len" => dev.TxQueueLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n",
                    _ => null,
                };
            }
            if (p.Length == 3 && p[1] == "bridge" && ns.TryGetDevice(p[0], out Engine.Devices.NetDevice d) && d is Engine.Devices.BridgeDevice br)
            {
                // The kernel's defaults (STP is not emulated, so it stays off); times in centiseconds.
                string? value = p[2] switch
                {
                    "stp_state" or "vlan_filtering" or "group_fwd_mask" or "root_port" or "root_path_cost" or "topology_change" => "0",
                    "ageing_time" => (br.Fdb.AgeingTimeNs / 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "forward_delay" => "1500",
                    "hello_time" => "200",
                    "max_age" => "2000",
                    "priority" => "32768",
                    "multicast_snooping" => "1",
                    "bridge_id" or "root_id" => "8000." + br.Mac.ToString().Replace(":", "", StringComparison.Ordinal),
                    _ => null,
                };
                return value is null ? null : value + "\n";
            }
            return null;
        }
        return userspace.Read(path);
    }

    public World World { get; }

    /// <summary>The folder relative paths in the scenario are resolved against (the script's own folder).</summary>
    public string WorkingDirectory { get; }

    /// <summary>The latest virtual time a started `sleep` ends at: a foreground command may run that long, even past
    /// the runner's usual bound on one command.</summary>
    public long SleepingUntilNs { get; set; }

    /// <summary>`vnet trace on`: netfilter writes each frame's path into its capture comment.</summary>
    public bool Trace
    {
        get => _trace;
        set
        {
            _trace = value;
            foreach (NetfilterRuntime r in _netfilter.Values)
            {
                r.Tracing = value;
            }
        }
    }

    /// <summary>The netfilter of a namespace, created the first time a netfilter tool runs there.</summary>
    public NetfilterRuntime Netfilter(NetNamespace ns)
    {
        if (!_netfilter.TryGetValue(ns, out NetfilterRuntime? runtime))
        {
            runtime = new NetfilterRuntime(ns, new NetfilterState()) { Tracing = _trace };
            _netfilter.Add(ns, runtime);
        }
        return runtime;
    }

    /// <summary>The netfilter of a namespace if a tool has created it.</summary>
    public NetfilterRuntime? ExistingNetfilter(NetNamespace ns) => _netfilter.GetValueOrDefault(ns);

    /// <summary>"Tue Dec  1 00:00:00 2026": the C asctime form iptables-save prints, from the virtual clock.</summary>
    public string AscTime()
    {
        DateTimeOffset t = Clock;
        return $"{t:ddd MMM} {t.Day,2} {t:HH:mm:ss yyyy}";
    }
    public Sysctls Sysctls { get; }

    public DateTimeOffset Clock => Epoch.AddTicks(World.Now / 100);

    public long EpochNs => Epoch.ToUnixTimeMilliseconds() * 1_000_000L;

    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));

    /// <summary>A namespace `ip netns` knows by name (not a container's hidden one).</summary>
    public NetNamespace? FindNamespace(string name) =>
        World.TryGetNamespace(name, out NetNamespace ns) && !ns.Hidden ? ns : _attached.GetValueOrDefault(name);

    private readonly Dictionary<string, NetNamespace> _attached = new(StringComparer.Ordinal);

    /// <summary>Names attached with `ip netns attach`, newest last.</summary>
    public IReadOnlyDictionary<string, NetNamespace> AttachedNamespaces => _attached;

    /// <summary>`ip netns attach NAME PID`: <paramref name="ns"/> becomes reachable as NAME (false: the name is taken).</summary>
    public bool AttachNamespace(string name, NetNamespace ns)
    {
        if (FindNamespace(name) is not null)
        {
            return false;
        }
        _attached[name] = ns;
        ns.AttachedName ??= name;
        return true;
    }

    /// <summary>`ip netns del NAME` of an attached name: the name goes, the namespace stays.</summary>
    public bool DetachNamespace(string name)
    {
        if (!_attached.Remove(name, out NetNamespace? ns))
        {
            return false;
        }
        if (ns.AttachedName == name)
        {
            ns.AttachedName = null;
            foreach (var (other, n) in _attached)
            {
                if (n == ns)
                {
                    ns.AttachedName = other;
                    break;
                }
            }
        }
        return true;
    }

    public void Own(IDisposable resource) => _resources.Add(resource);

    public void Dispose()
    {
        foreach (IDisposable r in _resources)
        {
            r.Dispose();
        }
        _resources.Clear();
    }
}
