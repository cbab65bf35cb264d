using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>The bridge's MAC table. Learnt entries age out after <see cref="AgeingTimeNs"/> (300 s by default) of
/// virtual time; expiry is checked when an entry is looked at, so there is no timer per entry.</summary>
public sealed class ForwardingDatabase
{
    private readonly Dictionary<MacAddress, FdbEntry> _entries = [];

    public long AgeingTimeNs { get; set; } = 300 * World.NanosPerSecond;

    public bool TryLookup(MacAddress mac, long now, out FdbEntry entry)
    {
        if (_entries.TryGetValue(mac, out entry!))
        {
            if (entry.IsLocal || entry.IsStatic || now - entry.UpdatedNs < AgeingTimeNs)
            {
                return true;
            }
            _entries.Remove(mac);
        }
        return false;
    }

    /// <summary>Learns <paramref name="mac"/> on <paramref name="port"/>; local entries are never moved.</summary>
    public void Learn(MacAddress mac, NetDevice port, long now)
    {
        if (_entries.TryGetValue(mac, out FdbEntry? entry))
        {
            if (entry.IsLocal || entry.IsStatic)
            {
                return;
            }
            entry.Port = port;
            entry.UpdatedNs = now;
            return;
        }
        _entries.Add(mac, new FdbEntry(mac, port, isLocal: false, isStatic: false, now));
    }

    public void AddLocal(MacAddress mac, NetDevice port, long now) => _entries[mac] = new FdbEntry(mac, port, isLocal: true, isStatic: false, now);

    /// <summary>fdb_add_local: a local entry for <paramref name="mac"/> unless one exists ("it is okay to have multiple
    /// ports with same address, just use the first one"); a learnt or static entry is replaced. An invalid address
    /// (zero or multicast) gets none.</summary>
    public void InsertLocal(MacAddress mac, NetDevice port, long now)
    {
        if (mac.IsZero || mac.IsMulticast || (_entries.TryGetValue(mac, out FdbEntry? entry) && entry.IsLocal))
        {
            return;
        }
        AddLocal(mac, port, now);
    }

    /// <summary>The local entry of <paramref name="mac"/>, if there is one.</summary>
    public FdbEntry? FindLocal(MacAddress mac) => _entries.TryGetValue(mac, out FdbEntry? entry) && entry.IsLocal ? entry : null;

    public void AddStatic(MacAddress mac, NetDevice port, long now) => _entries[mac] = new FdbEntry(mac, port, isLocal: false, isStatic: true, now);

    public bool Remove(MacAddress mac) => _entries.Remove(mac);

    /// <summary>Removes every entry on <paramref name="port"/> (the port left the bridge).</summary>
    public void RemovePort(NetDevice port)
    {
        foreach (var pair in _entries.Where(p => p.Value.Port == port).ToList())
        {
            _entries.Remove(pair.Key);
        }
    }

    /// <summary>Live entries in MAC order (`bridge fdb show` order is the kernel's hash order; tools sort).</summary>
    public List<FdbEntry> Snapshot(long now)
    {
        var list = new List<FdbEntry>();
        foreach (FdbEntry e in _entries.Values)
        {
            if (e.IsLocal || e.IsStatic || now - e.UpdatedNs < AgeingTimeNs)
            {
                list.Add(e);
            }
        }
        list.Sort((a, b) => a.Mac.Value.CompareTo(b.Mac.Value));
        return list;
    }
}
