using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Time;

namespace VNetEmu.Engine;

/// <summary>Everything one emulation holds: the virtual clock, the timers, the frame pool, the namespaces and the
/// work queue that carries frames between devices. Single-threaded and deterministic: the same calls with the
/// same seed give the same frames at the same virtual times.</summary>
public sealed class World
{
    public const long NanosPerSecond = 1_000_000_000;
    private readonly Queue<(NetDevice Device, Frame Frame)> _work = new();
    private readonly Dictionary<string, NetNamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly List<FrameTap> _taps = [];
    private bool _draining;

    public World(int seed = 0)
    {
        Seed = seed;
        Random = new Random(seed);
        Root = new NetNamespace(this, RootName);
    }

    /// <summary>The name the root namespace has in captures (`host:docker0`).</summary>
    public const string RootName = "host";

    /// <summary>The host's own (root) namespace; not listed by `ip netns`.</summary>
    public NetNamespace Root { get; }

    public int Seed { get; }

    /// <summary>Virtual time in nanoseconds since the start of the world.</summary>
    public long Now { get; private set; }
    public EventQueue Events { get; } = new();
    public FramePool Pool { get; } = new();

    /// <summary>The one source of randomness (MACs, ports, ICMP ids, REACHABLE times). Seeded.</summary>
    public Random Random { get; }
    public IReadOnlyDictionary<string, NetNamespace> Namespaces => _namespaces;

    /// <summary>Frames queued between devices, not yet received.</summary>
    public int Queued => _work.Count;

    /// <summary>Taps see every frame every device transmits or receives (the `vnet capture` view).</summary>
    public IReadOnlyList<FrameTap> Taps => _taps;

    public void AddTap(FrameTap tap) => _taps.Add(tap);

    /// <summary>Every frame dropped in any namespace, with the reason, just before its buffer goes back to the pool
    /// (the verdict trace writes netfilter drops into captures).</summary>
    public event Action<NetNamespace, Frame, DropReason>? Dropped;

    internal void OnDropped(NetNamespace ns, Frame frame, DropReason reason) => Dropped?.Invoke(ns, frame, reason);

    public void RemoveTap(FrameTap tap) => _taps.Remove(tap);

    public NetNamespace AddNamespace(string name) => AddNamespace(name, hidden: false);

    /// <summary>Adds a namespace; a <paramref name="hidden"/> one (a container's, kept by Docker under
    /// /var/run/docker/netns) is not listed by `ip netns` but is captured like any other.</summary>
    public NetNamespace AddNamespace(string name, bool hidden)
    {
        var ns = new NetNamespace(this, name) { Hidden = hidden };
        _namespaces.Add(name, ns);
        return ns;
    }

    public bool TryGetNamespace(string name, out NetNamespace ns) => _namespaces.TryGetValue(name, out ns!);

    public void RemoveNamespace(NetNamespace ns)
    {
        ns.Destroy();
        _namespaces.Remove(ns.Name);
    }

    public TimerEntry Schedule(long delayNs, Action action) => Events.Schedule(Now + delayNs, action);

    public TimerEntry ScheduleAt(long dueNs, Action action) => Events.Schedule(Math.Max(dueNs, Now), action);

    /// <summary>Hands a frame to <paramref name="device"/>'s receive path. Zero-delay hops run to completion from
    /// a queue (like the kernel's softirq backlog), never by recursion.</summary>
    public void EnqueueReceive(NetDevice device, Frame frame)
    {
        if (_draining)
        {
            _work.Enqueue((device, frame));
            return;
        }
        // Nothing in flight: receive at once, then drain what that receive queued.
        _draining = true;
        try
        {
            device.Receive(frame);
            DrainQueued();
        }
        finally
        {
            _draining = false;
        }
    }

    private void Drain()
    {
        _draining = true;
        try
        {
            DrainQueued();
        }
        finally
        {
            _draining = false;
        }
    }

    private void DrainQueued()
    {
        while (_work.TryDequeue(out var item))
        {
            item.Device.Receive(item.Frame);
        }
    }

    /// <summary>Runs timers in time order until <paramref name="untilNs"/> (inclusive), then sets the clock there.</summary>
    public void RunUntil(long untilNs)
    {
        while (Events.TryPeekDue(out long due) && due <= untilNs)
        {
            RunNext();
        }
        if (untilNs > Now)
        {
            Now = untilNs;
        }
    }

    /// <summary>Runs timers until <paramref name="done"/> holds, or until <paramref name="limitNs"/> of virtual
    /// time; false if it gave up (nothing left to run, or the limit).</summary>
    public bool RunUntil(Func<bool> done, long limitNs)
    {
        long limit = Now + limitNs;
        while (!done())
        {
            if (!Events.TryPeekDue(out long due) || due > limit)
            {
                return false;
            }
            RunNext();
        }
        return true;
    }

    public void Advance(long durationNs) => RunUntil(Now + durationNs);

    private void RunNext()
    {
        TimerEntry? entry = Events.Dequeue();
        if (entry is null || entry.Cancelled)
        {
            return;
        }
        if (entry.Due > Now)
        {
            Now = entry.Due;
        }
        entry.Action();
        if (_work.Count > 0 && !_draining)
        {
            Drain();
        }
    }

    internal void Tap(NetDevice device, Frame frame, bool outgoing)
    {
        for (int i = 0; i < _taps.Count; i++)
        {
            _taps[i](device, Now, frame, outgoing);
        }
    }
}

/// <summary>Sees a frame at a device: <paramref name="outgoing"/> for transmit, else receive.</summary>
public delegate void FrameTap(NetDevice device, long timeNs, Frame frame, bool outgoing);
