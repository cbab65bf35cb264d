using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Runtime;

namespace VNetEmu.Scripting.Runtime;

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
    }

    public World World { get; }
    public string WorkingDirectory { get; }

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

    public NetNamespace? FindNamespace(string name) => World.TryGetNamespace(name, out NetNamespace ns) ? ns : null;

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
