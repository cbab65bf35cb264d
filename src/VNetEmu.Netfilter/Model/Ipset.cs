using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Model;

/// <summary>One ipset (<c>ipset create NAME hash:ip|hash:net</c>) and its members in the order they were added.</summary>
public sealed class Ipset
{
    private readonly List<Ipv4Prefix> _members = [];
    private readonly HashSet<Ipv4Prefix> _index = [];

    public Ipset(string name, IpsetType type, int hashSize = 1024, int maxElements = 65536)
    {
        Name = name;
        Type = type;
        HashSize = hashSize;
        MaxElements = maxElements;
    }

    public string Name { get; internal set; }

    public IpsetType Type { get; }

    public string TypeName => Type == IpsetType.HashIp ? "hash:ip" : "hash:net";

    public int HashSize { get; }

    public int MaxElements { get; }

    /// <summary>Members as prefixes with their host bits cleared (hash:ip members are /32).</summary>
    public IReadOnlyList<Ipv4Prefix> Members => _members;

    public bool Contains(Ipv4Address address)
    {
        foreach (Ipv4Prefix member in _members)
        {
            if (member.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    internal bool Add(Ipv4Prefix member)
    {
        if (!_index.Add(member))
        {
            return false;
        }
        _members.Add(member);
        return true;
    }

    internal bool Remove(Ipv4Prefix member)
    {
        if (!_index.Remove(member))
        {
            return false;
        }
        _members.Remove(member);
        return true;
    }

    internal bool HasMember(Ipv4Prefix member) => _index.Contains(member);

    internal void Clear()
    {
        _members.Clear();
        _index.Clear();
    }
}
