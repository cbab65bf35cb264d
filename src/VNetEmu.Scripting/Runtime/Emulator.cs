using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Scripting.Runtime;

/// <summary>One emulated Linux host: the engine world plus what the command-line tools keep (files written,
/// capture writers, the trace switch, per-namespace sysctls).</summary>
public sealed class Emulator : IDisposable
{
    /// <summary>Virtual time zero, as a wall-clock date: capture timestamps and "Generated on" lines derive from it,
    /// so the same script gives the same bytes.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _resources = [];

    public Emulator(int seed, string workingDirectory)
    {
        World = new World(seed);
        WorkingDirectory = workingDirectory;
        World.Root.Loopback.SetAdminUp(true);
        World.Root.Ipv4.AddAddress(World.Root.Loopback, new Wire.Ipv4Prefix(Wire.Ipv4Address.Loopback, 8), default);
    }

    public World World { get; }
    public string WorkingDirectory { get; }

    /// <summary>`vnet trace on`: netfilter writes each frame's path into its capture comment.</summary>
    public bool Trace { get; set; }
    public Sysctls Sysctls { get; } = new();

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
