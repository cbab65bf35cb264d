using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Model;

/// <summary>One of the five iptables tables of a namespace, as iptables-nft keeps it in the kernel: the built-in
/// chains that exist so far (a built-in chain is created by the first command that needs it) and the user chains.</summary>
/// <remarks>Listings show chains in the kernel's hook order for built-ins, then user chains sorted by name with
/// <c>strcmp</c>, which is what <see cref="Chains"/> yields.</remarks>
public sealed class Table
{
    /// <summary>Table names in the order iptables-save prints them.</summary>
    public static readonly IReadOnlyList<string> Names = ["mangle", "security", "raw", "filter", "nat"];

    private static readonly NetfilterHook[] s_allHooks =
        [NetfilterHook.PreRouting, NetfilterHook.Input, NetfilterHook.Forward, NetfilterHook.Output, NetfilterHook.PostRouting];

    private static readonly Dictionary<string, NetfilterHook[]> s_builtins = new(StringComparer.Ordinal)
    {
        ["raw"] = [NetfilterHook.PreRouting, NetfilterHook.Output],
        ["mangle"] = s_allHooks,
        ["filter"] = [NetfilterHook.Input, NetfilterHook.Forward, NetfilterHook.Output],
        ["security"] = [NetfilterHook.Input, NetfilterHook.Forward, NetfilterHook.Output],
        ["nat"] = [NetfilterHook.PreRouting, NetfilterHook.Input, NetfilterHook.Output, NetfilterHook.PostRouting],
    };

    private readonly Chain?[] _builtins = new Chain?[5];
    private readonly SortedDictionary<string, Chain> _userChains = new(StringComparer.Ordinal);
    private long _nextChain;

    public Table(string name)
    {
        if (!s_builtins.TryGetValue(name, out NetfilterHook[]? hooks))
        {
            throw new ArgumentException($"no table named {name}", nameof(name));
        }
        Name = name;
        BuiltinHooks = hooks;
    }

    public string Name { get; }

    /// <summary>The hooks this table has built-in chains for, in hook order.</summary>
    public IReadOnlyList<NetfilterHook> BuiltinHooks { get; }

    /// <summary>The built-in chains that exist, in hook order, then the user chains by name.</summary>
    public IEnumerable<Chain> Chains
    {
        get
        {
            foreach (Chain? chain in _builtins)
            {
                if (chain is not null)
                {
                    yield return chain;
                }
            }
            foreach (Chain chain in _userChains.Values)
            {
                yield return chain;
            }
        }
    }

    public IEnumerable<Chain> UserChains => _userChains.Values;

    /// <summary>Built-in chains in hook order, then user chains in the order they were created (the kernel's order).</summary>
    internal IEnumerable<Chain> ChainsInKernelOrder =>
        Chains.Where(c => c.IsBuiltin).Concat(_userChains.Values.OrderBy(c => c.CreationOrder));

    public static bool IsKnown(string name) => s_builtins.ContainsKey(name);

    public static string ChainName(NetfilterHook hook) => hook switch
    {
        NetfilterHook.PreRouting => "PREROUTING",
        NetfilterHook.Input => "INPUT",
        NetfilterHook.Forward => "FORWARD",
        NetfilterHook.Output => "OUTPUT",
        _ => "POSTROUTING",
    };

    /// <summary>True when <paramref name="chain"/> names a built-in chain of this table (existing or not).</summary>
    public bool TryGetBuiltinHook(string chain, out NetfilterHook hook)
    {
        foreach (NetfilterHook candidate in BuiltinHooks)
        {
            if (ChainName(candidate) == chain)
            {
                hook = candidate;
                return true;
            }
        }
        hook = default;
        return false;
    }

    public Chain? GetBuiltin(NetfilterHook hook) => _builtins[(int)hook];

    /// <summary>An existing chain by name.</summary>
    public Chain? GetChain(string name)
    {
        if (TryGetBuiltinHook(name, out NetfilterHook hook))
        {
            return _builtins[(int)hook];
        }
        return _userChains.GetValueOrDefault(name);
    }

    /// <summary>Counts rules of this table that jump or go to <paramref name="chain"/>.</summary>
    public int CountReferences(string chain)
    {
        int count = 0;
        foreach (Chain c in Chains)
        {
            foreach (Rule rule in c.Rules)
            {
                if (rule.Target is JumpTarget jump && jump.Chain == chain)
                {
                    count++;
                }
            }
        }
        return count;
    }

    internal Chain EnsureBuiltin(NetfilterHook hook)
    {
        return _builtins[(int)hook] ??= new Chain(this, ChainName(hook), hook);
    }

    internal Chain AddUserChain(string name)
    {
        var chain = new Chain(this, name, null) { CreationOrder = _nextChain++ };
        _userChains.Add(name, chain);
        return chain;
    }

    internal void RemoveChain(Chain chain)
    {
        if (chain.Hook is NetfilterHook hook)
        {
            _builtins[(int)hook] = null;
        }
        else
        {
            _userChains.Remove(chain.Name);
        }
    }

    /// <summary>Renames a user chain and every jump to it (the kernel's jumps point at the chain, not its name).</summary>
    internal void RenameUserChain(Chain chain, string newName)
    {
        string oldName = chain.Name;
        _userChains.Remove(oldName);
        chain.Name = newName;
        _userChains.Add(newName, chain);
        foreach (Chain c in Chains)
        {
            List<Rule> rules = c.RuleList;
            for (int i = 0; i < rules.Count; i++)
            {
                if (rules[i].Target is JumpTarget jump && jump.Chain == oldName)
                {
                    rules[i] = rules[i].With(jump with { Chain = newName });
                }
            }
        }
    }

    /// <summary>A deep copy: chains, rules and counters (extension matches and targets are immutable and shared).</summary>
    public Table Clone() => Copy(shareRules: false);

    /// <summary>A copy whose chains are new but whose rules are the same objects: what an iptables command works on.
    /// A rule the command does not change stays the same object, as it stays the same rule in the kernel (per-rule
    /// state such as a limit bucket lives on); a changed rule is replaced, never modified in place.</summary>
    internal Table Fork() => Copy(shareRules: true);

    private Table Copy(bool shareRules)
    {
        var copy = new Table(Name) { _nextChain = _nextChain };
        for (int i = 0; i < _builtins.Length; i++)
        {
            copy._builtins[i] = _builtins[i]?.CopyInto(copy, shareRules);
        }
        foreach (Chain chain in _userChains.Values)
        {
            copy._userChains.Add(chain.Name, chain.CopyInto(copy, shareRules));
        }
        return copy;
    }
}
