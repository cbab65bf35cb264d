using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Model;

/// <summary>A chain of a table: built-in (attached to a hook, with a policy) or user-defined (reached by jumps).</summary>
/// <remarks>The policy counters only count when <see cref="PolicyCountersEnabled"/>: iptables-nft asks the kernel for
/// them when the policy is set explicitly (<c>-P</c>, a <c>:CHAIN POLICY</c> line of iptables-restore, or <c>-Z</c>);
/// a built-in chain created implicitly by <c>-A</c> prints <c>[0:0]</c> however many packets it dropped.</remarks>
public sealed class Chain
{
    private readonly List<Rule> _rules = [];

    internal Chain(Table table, string name, NetfilterHook? hook)
    {
        Table = table;
        Name = name;
        Hook = hook;
    }

    public Table Table { get; }

    /// <summary>Position of the chain in the kernel's list of the table's chains (creation order), which is the order
    /// iptables walks them in when it does not sort them by name.</summary>
    internal long CreationOrder { get; init; }

    public string Name { get; internal set; }

    /// <summary>The hook of a built-in chain; null for a user-defined chain.</summary>
    public NetfilterHook? Hook { get; }

    public bool IsBuiltin => Hook.HasValue;

    public ChainPolicy Policy { get; internal set; }

    public bool PolicyCountersEnabled { get; internal set; }

    public long PolicyPackets { get; set; }

    public long PolicyBytes { get; set; }

    public IReadOnlyList<Rule> Rules => _rules;

    internal List<Rule> RuleList => _rules;

    /// <summary>How many rules of the table jump or go to this chain (what <c>iptables -L</c> prints).</summary>
    public int References
    {
        get
        {
            int count = 0;
            foreach (Chain chain in Table.Chains)
            {
                foreach (Rule rule in chain._rules)
                {
                    if (rule.Target is JumpTarget jump && jump.Chain == Name)
                    {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    internal Chain CopyInto(Table table, bool shareRules)
    {
        var copy = new Chain(table, Name, Hook)
        {
            CreationOrder = CreationOrder,
            Policy = Policy,
            PolicyCountersEnabled = PolicyCountersEnabled,
            PolicyPackets = PolicyPackets,
            PolicyBytes = PolicyBytes,
        };
        foreach (Rule rule in _rules)
        {
            copy._rules.Add(shareRules ? rule : rule.Copy());
        }
        return copy;
    }
}
