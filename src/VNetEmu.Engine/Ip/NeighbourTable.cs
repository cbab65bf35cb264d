using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>The ARP table of one namespace with the kernel's state machine (net/core/neighbour.c):
/// INCOMPLETE sends 3 broadcast requests 1 s apart and then FAILs (queued packets get ICMP host unreachable);
/// REACHABLE lasts a random 15–45 s; a used STALE entry goes to DELAY, and 5 s later, unless confirmed, to
/// PROBE with up to 3 unicast requests. Read net/core/neighbour.c (neigh_timer_handler) before changing this.</summary>
public sealed class NeighbourTable(Ipv4Stack stack)
{
    public const long RetransNs = 1 * World.NanosPerSecond;
    public const long DelayProbeNs = 5 * World.NanosPerSecond;
    public const long BaseReachableNs = 30 * World.NanosPerSecond;
    private const int UcastProbes = 3;
    private const int McastProbes = 3;
    private const int MaxPending = 101; // unres_qlen_bytes / truesize of a small packet, roughly
    private readonly Dictionary<(NetDevice, Ipv4Address), NeighbourEntry> _entries = [];
    private long _reachableNs = -1;

    private World World => stack.Namespace.World;

    public IEnumerable<NeighbourEntry> Entries => _entries.Values;

    /// <summary>reachable_time: re-drawn from [base/2, 3·base/2) like neigh_rand_reach_time.</summary>
    private long ReachableNs
    {
        get
        {
            if (_reachableNs < 0)
            {
                _reachableNs = BaseReachableNs / 2 + (long)(World.Random.NextDouble() * BaseReachableNs);
            }
            return _reachableNs;
        }
    }

    public bool TryGet(NetDevice device, Ipv4Address address, out NeighbourEntry entry) =>
        _entries.TryGetValue((device, address), out entry!);

    public bool TryGetResolved(NetDevice device, Ipv4Address address, out MacAddress mac)
    {
        if (_entries.TryGetValue((device, address), out NeighbourEntry? e) && e.IsValid)
        {
            mac = e.Mac;
            return true;
        }
        mac = default;
        return false;
    }

    /// <summary>Sends <paramref name="frame"/> (an Ethernet frame whose destination is still to be filled) to
    /// <paramref name="nextHop"/> on <paramref name="device"/>, resolving it first if needed (neigh_resolve_output).</summary>
    public void Output(NetDevice device, Ipv4Address nextHop, Frame frame)
    {
        if (!_entries.TryGetValue((device, nextHop), out NeighbourEntry? e))
        {
            e = New(device, nextHop);
        }
        long now = World.Now;
        e.UsedNs = now;
        switch (e.State)
        {
            case NeighbourState.Reachable or NeighbourState.Delay or NeighbourState.Probe or NeighbourState.Permanent or NeighbourState.NoArp:
                Send(e, frame);
                return;
            case NeighbourState.Stale:
                SetState(e, NeighbourState.Delay);
                Arm(e, now + DelayProbeNs);
                Send(e, frame);
                return;
            case NeighbourState.Incomplete:
                Enqueue(e, frame);
                return;
            default: // None or Failed: start resolving
                e.Probes = UcastProbes;
                SetState(e, NeighbourState.Incomplete);
                Enqueue(e, frame);
                Arm(e, now + RetransNs);
                Solicit(e);
                return;
        }
    }

    /// <summary>neigh_event_send without a packet, for a gateway an ICMP redirect names: true if the entry is valid;
    /// otherwise an entry neither valid nor resolving starts resolving (INCOMPLETE, a broadcast request).</summary>
    public bool Resolve(NetDevice device, Ipv4Address address)
    {
        if (!_entries.TryGetValue((device, address), out NeighbourEntry? e))
        {
            e = New(device, address);
        }
        e.UsedNs = World.Now;
        if (e.IsValid)
        {
            return true;
        }
        if (e.State is NeighbourState.None or NeighbourState.Failed)
        {
            e.Probes = UcastProbes;
            SetState(e, NeighbourState.Incomplete);
            Arm(e, World.Now + RetransNs);
            Solicit(e);
        }
        return false;
    }

    /// <summary>neigh_alloc: a new entry counts as last confirmed long ago (jiffies - 2 * base_reachable_time).</summary>
    private NeighbourEntry New(NetDevice device, Ipv4Address address)
    {
        var e = new NeighbourEntry(device, address) { UpdatedNs = World.Now, ConfirmedNs = World.Now - 2 * BaseReachableNs };
        _entries.Add((device, address), e);
        return e;
    }

    private void Enqueue(NeighbourEntry e, Frame frame)
    {
        if (e.Pending.Count >= MaxPending)
        {
            stack.Namespace.Drop(e.Pending.Dequeue(), DropReason.NeighQueueFull);
        }
        e.Pending.Enqueue(frame);
    }

    private void Send(NeighbourEntry e, Frame frame)
    {
        EthernetFrame.CreateUnchecked(frame.Data).Destination = e.Mac;
        e.Device.Transmit(frame);
    }

    private void SetState(NeighbourEntry e, NeighbourState state)
    {
        e.State = state;
        e.UpdatedNs = World.Now;
    }

    private void Arm(NeighbourEntry e, long due)
    {
        e.Timer?.Cancel();
        e.Timer = World.ScheduleAt(due, () => OnTimer(e));
    }

    /// <summary>neigh_timer_handler.</summary>
    private void OnTimer(NeighbourEntry e)
    {
        e.Timer = null;
        long now = World.Now;
        long next = 0;
        switch (e.State)
        {
            case NeighbourState.Reachable:
                if (now < e.ConfirmedNs + ReachableNs)
                {
                    next = e.ConfirmedNs + ReachableNs;
                }
                else if (now <= e.UsedNs + DelayProbeNs)
                {
                    SetState(e, NeighbourState.Delay);
                    next = now + DelayProbeNs;
                }
                else
                {
                    SetState(e, NeighbourState.Stale);
                }
                break;
            case NeighbourState.Delay:
                if (now <= e.ConfirmedNs + DelayProbeNs)
                {
                    SetState(e, NeighbourState.Reachable);
                    next = e.ConfirmedNs + ReachableNs;
                }
                else
                {
                    SetState(e, NeighbourState.Probe);
                    e.Probes = 0;
                    next = now + RetransNs;
                }
                break;
            case NeighbourState.Incomplete or NeighbourState.Probe:
                next = now + RetransNs;
                break;
            default:
                return;
        }
        if (e.State is NeighbourState.Incomplete or NeighbourState.Probe && e.Probes >= MaxProbes(e))
        {
            SetState(e, NeighbourState.Failed);
            FailPending(e);
            return;
        }
        if (next != 0)
        {
            Arm(e, next);
        }
        if (e.State is NeighbourState.Incomplete or NeighbourState.Probe)
        {
            Solicit(e);
        }
    }

    private static int MaxProbes(NeighbourEntry e) => UcastProbes + (e.State == NeighbourState.Probe ? 0 : McastProbes);

    /// <summary>arp_solicit: unicast to the known MAC while probes &lt; ucast_probes and the entry has one, else broadcast.
    /// The sender address is the source of the packet that triggered it when that is ours (arp_announce 0).</summary>
    private void Solicit(NeighbourEntry e)
    {
        int probes = e.Probes++;
        bool unicast = probes < UcastProbes && e.HasMac;
        Ipv4Address source = default;
        Frame? last = null;
        foreach (Frame pending in e.Pending)
        {
            last = pending; // skb_peek_tail: the newest queued packet
        }
        if (last is not null)
        {
            Ipv4Address candidate = Ipv4Packet.CreateUnchecked(last.Network).Source;
            if (stack.IsLocalAddress(candidate))
            {
                source = candidate;
            }
        }
        if (source.IsAny)
        {
            source = stack.SelectSourceAddress(e.Device, e.Address);
        }
        stack.Arp.SendRequest(e.Device, source, e.Address, unicast ? e.Mac : MacAddress.Broadcast);
    }

    private void FailPending(NeighbourEntry e)
    {
        while (e.Pending.TryDequeue(out Frame? frame))
        {
            stack.OnNeighbourFailed(frame);
        }
    }

    /// <summary>neigh_update from ARP: <paramref name="state"/> is Reachable for a unicast reply to us, Stale otherwise.
    /// A valid entry with the same MAC keeps its state when the update is only Stale.</summary>
    public void Update(NetDevice device, Ipv4Address address, MacAddress mac, NeighbourState state, bool create)
    {
        if (!_entries.TryGetValue((device, address), out NeighbourEntry? e))
        {
            if (!create)
            {
                return;
            }
            e = New(device, address);
        }
        if (e.State is NeighbourState.Permanent or NeighbourState.NoArp)
        {
            return;
        }
        long now = World.Now;
        if (state == NeighbourState.Reachable)
        {
            e.ConfirmedNs = now;
        }
        bool sameMac = e.HasMac && e.Mac == mac;
        if (e.IsValid && sameMac && state == NeighbourState.Stale)
        {
            return;
        }
        e.Mac = mac;
        e.HasMac = true;
        SetState(e, state);
        e.Timer?.Cancel();
        e.Timer = null;
        if (state == NeighbourState.Reachable)
        {
            Arm(e, now + ReachableNs);
        }
        while (e.Pending.TryDequeue(out Frame? frame))
        {
            Send(e, frame);
        }
    }

    /// <summary>Reachability confirmed by an upper layer (TCP acked new data: dst_confirm).</summary>
    public void Confirm(NetDevice device, Ipv4Address address)
    {
        if (_entries.TryGetValue((device, address), out NeighbourEntry? e))
        {
            e.ConfirmedNs = World.Now;
        }
    }

    /// <summary>`ip neigh replace|add IP lladdr MAC dev DEV nud permanent|reachable|stale|noarp`.</summary>
    public void SetStatic(NetDevice device, Ipv4Address address, MacAddress mac, NeighbourState state)
    {
        if (!_entries.TryGetValue((device, address), out NeighbourEntry? e))
        {
            e = New(device, address);
        }
        e.Timer?.Cancel();
        e.Timer = null;
        e.Mac = mac;
        e.HasMac = true;
        SetState(e, state);
        if (state == NeighbourState.Reachable)
        {
            e.ConfirmedNs = World.Now;
            Arm(e, World.Now + ReachableNs);
        }
        while (e.Pending.TryDequeue(out Frame? frame))
        {
            Send(e, frame);
        }
    }

    public bool Remove(NetDevice device, Ipv4Address address)
    {
        if (_entries.Remove((device, address), out NeighbourEntry? e))
        {
            Discard(e);
            return true;
        }
        return false;
    }

    /// <summary>`ip neigh flush`: drops every non-permanent entry matching.</summary>
    public int Flush(Func<NeighbourEntry, bool> match)
    {
        int n = 0;
        foreach (NeighbourEntry e in _entries.Values.ToList())
        {
            if (e.State != NeighbourState.Permanent && match(e))
            {
                _entries.Remove((e.Device, e.Address));
                Discard(e);
                n++;
            }
        }
        return n;
    }

    public void RemoveDevice(NetDevice device)
    {
        foreach (NeighbourEntry e in _entries.Values.ToList())
        {
            if (e.Device == device)
            {
                _entries.Remove((e.Device, e.Address));
                Discard(e);
            }
        }
    }

    private void Discard(NeighbourEntry e)
    {
        e.Timer?.Cancel();
        while (e.Pending.TryDequeue(out Frame? f))
        {
            stack.Namespace.Drop(f, DropReason.NeighFailed);
        }
    }

    /// <summary>Entries in the order `ip neigh show` lists them (creation order; tools sort).</summary>
    public List<NeighbourEntry> Snapshot() => [.. _entries.Values];
}
