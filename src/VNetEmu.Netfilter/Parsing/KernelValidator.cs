using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>What the kernel refuses when iptables-nft hands it a rule: the xtables checkentry of each match and target
/// (table, hook and protocol restrictions), jumps to base chains, and — for the whole table — targets reached from a
/// base chain whose hook they do not allow, and jumps nested 16 deep (which is also how a loop ends). Chains that no
/// base chain reaches are not checked at all.</summary>
internal static class KernelValidator
{
    private const int JumpStackSize = 16;

    /// <summary>The checks done when the rule is added to <paramref name="chain"/>.</summary>
    public static Errno CheckRule(Table table, Chain chain, Rule rule, NetfilterState state)
    {
        if (IsEmptyInvertedAddress(rule.Source) || IsEmptyInvertedAddress(rule.Destination))
        {
            // "! -s 0.0.0.0/0" becomes a zero-length payload compare, which nftables refuses.
            return Errno.EINVAL;
        }
        uint hookMask = chain.Hook is NetfilterHook hook ? 1u << (int)hook : 0;
        var context = new KernelContext(table.Name, hookMask, rule.Protocol, rule.ProtocolInverted, state);
        foreach (Match match in rule.Matches)
        {
            Errno e = match.Check(context);
            if (e != Errno.None)
            {
                return e;
            }
        }
        switch (rule.Target)
        {
            case JumpTarget jump:
                // A verdict may not name a base chain; one not created yet is not found at all.
                if (table.TryGetBuiltinHook(jump.Chain, out _))
                {
                    return table.GetChain(jump.Chain) is null ? Errno.ENOENT : Errno.EOPNOTSUPP;
                }
                return Errno.None;
            case Target target and not VerdictTarget:
                if (target.TableName is string only && only != table.Name)
                {
                    return Errno.EINVAL;
                }
                if (hookMask != 0 && target.HookMask != 0 && (target.HookMask & hookMask) == 0)
                {
                    return Errno.EINVAL;
                }
                if (target.RequiredProtocol != 0 && (rule.Protocol != target.RequiredProtocol || rule.ProtocolInverted))
                {
                    return Errno.EINVAL;
                }
                return target.Check(context);
        }
        return Errno.None;
    }

    private static bool IsEmptyInvertedAddress(AddressMatch address) => address.Inverted && address.Mask == 0;

    /// <summary>Whether adding <paramref name="rule"/> can make the table invalid as a whole.</summary>
    public static bool NeedsTableValidation(Rule rule) =>
        rule.Target is JumpTarget || (rule.Target is { } target && target.HookMask != 0);

    /// <summary>nft_table_validate(): walks every base chain and the user chains it reaches.</summary>
    public static Errno ValidateTable(Table table)
    {
        foreach (Chain chain in table.Chains)
        {
            if (chain.Hook is NetfilterHook hook)
            {
                Errno e = ValidateChain(table, chain, 1u << (int)hook, 0, []);
                if (e != Errno.None)
                {
                    return e;
                }
            }
        }
        return Errno.None;
    }

    private static Errno ValidateChain(Table table, Chain chain, uint hookMask, int level, List<Chain> path)
    {
        if (level == JumpStackSize)
        {
            return Errno.EMLINK;
        }
        if (path.Contains(chain))
        {
            // The kernel has no loop check of its own: it recurses until the jump stack is full.
            return Errno.EMLINK;
        }
        path.Add(chain);
        try
        {
            foreach (Rule rule in chain.Rules)
            {
                if (rule.Target is JumpTarget jump)
                {
                    Chain? next = table.GetChain(jump.Chain);
                    if (next is not null && !next.IsBuiltin)
                    {
                        Errno e = ValidateChain(table, next, hookMask, level + 1, path);
                        if (e != Errno.None)
                        {
                            return e;
                        }
                    }
                }
                else if (rule.Target is { HookMask: not 0 } target && (target.HookMask & hookMask) == 0)
                {
                    return Errno.EINVAL;
                }
            }
            return Errno.None;
        }
        finally
        {
            path.RemoveAt(path.Count - 1);
        }
    }
}
