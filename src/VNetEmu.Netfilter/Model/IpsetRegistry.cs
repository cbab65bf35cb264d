namespace VNetEmu.Netfilter.Model;

/// <summary>The ipsets of a namespace by name (<c>-m set --match-set NAME</c> must name one of them).</summary>
public sealed class IpsetRegistry
{
    private readonly List<Ipset> _sets = [];

    /// <summary>Sets in creation order (the order <c>ipset list</c> prints them).</summary>
    public IReadOnlyList<Ipset> Sets => _sets;

    public bool TryGet(string name, out Ipset set)
    {
        foreach (Ipset candidate in _sets)
        {
            if (candidate.Name == name)
            {
                set = candidate;
                return true;
            }
        }
        set = null!;
        return false;
    }

    internal void Add(Ipset set) => _sets.Add(set);

    internal void Remove(Ipset set) => _sets.Remove(set);

    /// <summary>ipset swap: the two sets trade places (and so names); rules follow the name.</summary>
    internal void Swap(Ipset a, Ipset b)
    {
        int i = _sets.IndexOf(a), j = _sets.IndexOf(b);
        (_sets[i], _sets[j]) = (b, a);
        (a.Name, b.Name) = (b.Name, a.Name);
    }
}
