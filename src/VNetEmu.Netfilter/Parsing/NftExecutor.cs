using System.Text;
using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>Applies iptables commands to one table the way iptables-nft does: on a working copy (its batch), with the
/// same userspace checks in the same order (nft_prepare), the kernel's checks recorded as the errors the batch would
/// return, and the result installed only by <see cref="Commit"/> when all of it succeeded.</summary>
internal sealed class NftExecutor
{
    private readonly NetfilterState _state;
    private readonly TextWriter _stdout;
    private readonly bool _tableExisted;
    private Table? _working;
    private bool _dirty;

    public NftExecutor(NetfilterState state, string table, TextWriter stdout)
    {
        _state = state;
        _stdout = stdout;
        TableName = table;
        _working = state.GetTable(table)?.Fork();
        _tableExisted = _working is not null;
    }

    public string TableName { get; }

    /// <summary>The errno of the last failed operation and the operation (nft_fn) it failed in.</summary>
    public Errno Errno { get; private set; }

    public NftOperation Operation { get; private set; }

    /// <summary>The input line the next operations come from (iptables-restore), for kernel error messages.</summary>
    public int Line { get; set; }

    public List<KernelError> KernelErrors { get; } = [];

    public Table? Table => _working;

    /// <summary>Installs the working table if anything changed. Call only when no operation and no kernel check failed.</summary>
    public void Commit()
    {
        if (_dirty)
        {
            _state.SetTable(TableName, _working);
        }
    }

    private bool Failed(Errno errno)
    {
        Errno = errno;
        return false;
    }

    private Table EnsureTable()
    {
        if (_working is null)
        {
            _working = new Table(TableName);
            _dirty = true;
        }
        return _working;
    }

    /// <summary>nft_xt_builtin_init(): creates the table and the built-in chain (or all of them for a null chain).</summary>
    private void BuiltinInit(string? chain)
    {
        Table table = EnsureTable();
        if (chain is null)
        {
            foreach (NetfilterHook hook in table.BuiltinHooks)
            {
                if (table.GetBuiltin(hook) is null)
                {
                    table.EnsureBuiltin(hook);
                    _dirty = true;
                }
            }
        }
        else if (table.TryGetBuiltinHook(chain, out NetfilterHook hook) && table.GetBuiltin(hook) is null)
        {
            table.EnsureBuiltin(hook);
            _dirty = true;
        }
    }

    private Chain? Find(string chain) => _working?.GetChain(chain);

    private void PrintVerbose(Rule rule)
    {
        var text = new StringBuilder();
        RuleFormatter.AppendListRule(text, rule, 0, ListFormat.PrintRule);
        _stdout.Write(text.ToString());
    }

    public bool Append(string chain, Rule rule, bool verbose)
    {
        BuiltinInit(chain);
        Operation = NftOperation.RuleAppend;
        if (verbose)
        {
            PrintVerbose(rule);
        }
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        AddRule(c, c.Rules.Count, rule, "RULE_APPEND");
        return true;
    }

    public bool Insert(string chain, int index, Rule rule, bool verbose)
    {
        BuiltinInit(chain);
        Operation = NftOperation.RuleInsert;
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (index > 0 && index >= c.Rules.Count)
        {
            if (index == c.Rules.Count)
            {
                return Append(chain, rule, verbose);
            }
            return Failed(Errno.E2BIG);
        }
        if (verbose)
        {
            PrintVerbose(rule);
        }
        AddRule(c, index, rule, "RULE_INSERT");
        return true;
    }

    public bool Replace(string chain, int index, Rule rule, bool verbose)
    {
        Operation = NftOperation.RuleReplace;
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (index >= c.Rules.Count)
        {
            return Failed(Errno.E2BIG);
        }
        Operation = NftOperation.RuleAppend;
        if (verbose)
        {
            PrintVerbose(rule);
        }
        Rule old = c.RuleList[index];
        c.RuleList.RemoveAt(index);
        if (!AddRule(c, index, rule, "RULE_REPLACE"))
        {
            c.RuleList.Insert(index, old);
        }
        return true;
    }

    /// <summary>Adds the rule and runs the kernel's checks; a refused rule is recorded and left out.</summary>
    private bool AddRule(Chain chain, int index, Rule rule, string operation)
    {
        _dirty = true;
        Errno e = KernelValidator.CheckRule(_working!, chain, rule, _state);
        if (e == Errno.None)
        {
            chain.RuleList.Insert(index, rule);
            if (KernelValidator.NeedsTableValidation(rule))
            {
                e = KernelValidator.ValidateTable(_working!);
                if (e != Errno.None)
                {
                    chain.RuleList.RemoveAt(index);
                }
            }
        }
        if (e != Errno.None)
        {
            KernelErrors.Add(new KernelError(operation, e, $"rule in chain {chain.Name}", Line));
            return false;
        }
        return true;
    }

    public bool Delete(string chain, Rule rule, bool verbose)
    {
        Operation = NftOperation.RuleDelete;
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        int i = c.RuleList.FindIndex(r => r.SameSpecAs(rule));
        if (i < 0)
        {
            return Failed(Errno.ENOENT);
        }
        Rule found = c.RuleList[i];
        c.RuleList.RemoveAt(i);
        _dirty = true;
        if (verbose)
        {
            PrintVerbose(found);
        }
        return true;
    }

    public bool DeleteNumber(string chain, int index)
    {
        Operation = NftOperation.RuleDeleteNumber;
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (index >= c.Rules.Count)
        {
            return Failed(Errno.E2BIG);
        }
        c.RuleList.RemoveAt(index);
        _dirty = true;
        return true;
    }

    public bool Check(string chain, Rule rule, bool verbose)
    {
        Operation = NftOperation.RuleCheck;
        Chain? c = Find(chain);
        Rule? found = c?.RuleList.Find(r => r.SameSpecAs(rule));
        if (found is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (verbose)
        {
            PrintVerbose(found);
        }
        return true;
    }

    public bool Flush(string? chain, bool verbose)
    {
        Operation = NftOperation.RuleFlush;
        if (chain is not null || verbose)
        {
            BuiltinInit(chain);
        }
        else if (_working is null)
        {
            return true;
        }
        if (chain is not null)
        {
            Chain? c = Find(chain);
            if (c is null)
            {
                return Failed(Errno.ENOENT);
            }
            if (verbose)
            {
                _stdout.Write($"Flushing chain `{chain}'\n");
            }
            c.RuleList.Clear();
            _dirty = true;
            return true;
        }
        foreach (Chain c in _working!.Chains)
        {
            if (verbose)
            {
                _stdout.Write($"Flushing chain `{c.Name}'\n");
            }
            c.RuleList.Clear();
        }
        _dirty = true;
        return true;
    }

    public bool Zero(string? chain, bool verbose)
    {
        if (chain is not null)
        {
            Chain? c = Find(chain);
            if (c is null)
            {
                return Failed(Errno.ENOENT);
            }
            ZeroChain(c, verbose);
            return true;
        }
        if (_working is not null)
        {
            foreach (Chain c in _working.Chains)
            {
                ZeroChain(c, verbose);
            }
        }
        return true;
    }

    /// <summary>Zeroing a base chain sends its counters (0, 0) to the kernel, which from then on keeps them.</summary>
    private void ZeroChain(Chain chain, bool verbose)
    {
        if (verbose)
        {
            _stdout.Write($"Zeroing chain `{chain.Name}'\n");
        }
        if (chain.IsBuiltin)
        {
            chain.PolicyPackets = 0;
            chain.PolicyBytes = 0;
            chain.PolicyCountersEnabled = true;
        }
        List<Rule> rules = chain.RuleList;
        for (int i = 0; i < rules.Count; i++)
        {
            rules[i] = Zeroed(rules[i]);
        }
        _dirty = true;
    }

    /// <summary>Zeroing replaces a rule that counted something with a new one (iptables-nft sends RULE_REPLACE); a rule
    /// at zero is left alone.</summary>
    private static Rule Zeroed(Rule rule)
    {
        if (rule.Packets == 0 && rule.Bytes == 0)
        {
            return rule;
        }
        Rule copy = rule.Copy();
        copy.Packets = 0;
        copy.Bytes = 0;
        return copy;
    }

    public bool ZeroNumber(string chain, int index)
    {
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (index < c.Rules.Count)
        {
            c.RuleList[index] = Zeroed(c.RuleList[index]);
            _dirty = true;
        }
        return true;
    }

    public bool NewChain(string chain)
    {
        Operation = NftOperation.ChainUserAdd;
        Table table = EnsureTable();
        if (table.TryGetBuiltinHook(chain, out _) || table.GetChain(chain) is not null)
        {
            return Failed(Errno.EEXIST);
        }
        table.AddUserChain(chain);
        _dirty = true;
        return true;
    }

    public bool DeleteChain(string? chain, bool verbose)
    {
        Operation = NftOperation.ChainDelete;
        if (chain is not null)
        {
            Chain? c = Find(chain);
            if (c is null)
            {
                return Failed(Errno.ENOENT);
            }
            return DeleteOne(c, verbose, explicitly: true);
        }
        if (_working is null)
        {
            return true;
        }
        foreach (Chain c in (verbose ? _working.Chains : _working.ChainsInKernelOrder).ToList())
        {
            if (!DeleteOne(c, verbose, explicitly: false))
            {
                return false;
            }
        }
        return true;
    }

    private bool DeleteOne(Chain chain, bool verbose, bool explicitly)
    {
        if (verbose && !chain.IsBuiltin)
        {
            _stdout.Write($"Deleting chain `{chain.Name}'\n");
        }
        if (chain.IsBuiltin)
        {
            bool deletable = chain.Policy == ChainPolicy.Accept && chain.Rules.Count == 0;
            if (!deletable)
            {
                return !explicitly || Failed(Errno.EBUSY);
            }
        }
        else if (chain.Rules.Count > 0 || chain.References > 0)
        {
            KernelErrors.Add(new KernelError("CHAIN_DEL", Errno.EBUSY, $"chain {chain.Name}", Line));
            return true;
        }
        _working!.RemoveChain(chain);
        _dirty = true;
        return true;
    }

    public bool Rename(string chain, string newName)
    {
        Operation = NftOperation.ChainUserRename;
        Table? table = _working;
        if (table is not null && (table.TryGetBuiltinHook(newName, out _) || table.GetChain(newName) is not null))
        {
            return Failed(Errno.EEXIST);
        }
        if (table is null && ChainExists(newName))
        {
            return Failed(Errno.EEXIST);
        }
        Chain? c = Find(chain);
        if (c is null)
        {
            return Failed(Errno.ENOENT);
        }
        if (c.IsBuiltin)
        {
            KernelErrors.Add(new KernelError("CHAIN_RENAME", Errno.EOPNOTSUPP, $"chain {newName}", Line));
            return true;
        }
        table!.RenameUserChain(c, newName);
        _dirty = true;
        return true;
    }

    /// <summary>nft_chain_set(): -P, and the ":CHAIN POLICY [p:b]" lines of iptables-restore.</summary>
    public bool SetPolicy(string chain, string policy, long packets, long bytes)
    {
        Operation = NftOperation.ChainSet;
        if (policy is not ("DROP" or "ACCEPT" or "-"))
        {
            return Failed(Errno.EINVAL);
        }
        BuiltinInit(chain);
        Table table = _working!;
        if (!table.TryGetBuiltinHook(chain, out NetfilterHook hook))
        {
            return Failed(Errno.ENOENT);
        }
        Chain c = table.EnsureBuiltin(hook);
        if (policy != "-")
        {
            c.Policy = policy == "DROP" ? ChainPolicy.Drop : ChainPolicy.Accept;
        }
        c.PolicyCountersEnabled = true;
        c.PolicyPackets = packets;
        c.PolicyBytes = bytes;
        _dirty = true;
        return true;
    }

    /// <summary>The table flush at a "*table" line of iptables-restore: the table is deleted and rebuilt.</summary>
    public void FlushTable()
    {
        if (_working is not null || _tableExisted)
        {
            _dirty = true;
        }
        _working = null;
    }

    /// <summary>":CHAIN - [0:0]" for a user chain in iptables-restore: created, or flushed when it exists.</summary>
    public bool RestoreChain(string chain)
    {
        Table table = EnsureTable();
        Chain? c = table.GetChain(chain);
        if (c is null)
        {
            table.AddUserChain(chain);
        }
        else
        {
            c.RuleList.Clear();
        }
        _dirty = true;
        return true;
    }

    /// <summary>The chains a listing shows: existing ones plus the built-ins that do not exist yet, shown empty with
    /// policy ACCEPT (nft_xt_fake_builtin_chains).</summary>
    public IEnumerable<Chain> ListedChains()
    {
        Table view = ListedTable();
        return view.Chains;
    }

    public Chain? ListedChain(string chain) => ListedTable().GetChain(chain);

    private Table? _fakeView;

    private Table ListedTable()
    {
        if (_fakeView is not null)
        {
            return _fakeView;
        }
        Table source = _working ?? new Table(TableName);
        bool missing = source.BuiltinHooks.Any(h => source.GetBuiltin(h) is null);
        if (!missing)
        {
            return source;
        }
        Table view = source.Fork();
        foreach (NetfilterHook hook in view.BuiltinHooks)
        {
            view.EnsureBuiltin(hook);
        }
        _fakeView = view;
        return view;
    }

    /// <summary>Forgets the listing view (after a change).</summary>
    public void InvalidateView() => _fakeView = null;

    /// <summary>nft_chain_exists(): a built-in chain name of the table, or an existing chain.</summary>
    public bool ChainExists(string chain) =>
        new Table(TableName).TryGetBuiltinHook(chain, out _) || _working?.GetChain(chain) is not null;
}
