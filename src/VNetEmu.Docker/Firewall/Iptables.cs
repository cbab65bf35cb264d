using System.Diagnostics.CodeAnalysis;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Docker.Firewall;

/// <summary>libnetwork's <c>iptables</c> package (<c>libnetwork/iptables/iptables.go</c>) over one namespace's
/// netfilter state: every operation is an <c>iptables</c> argument vector run through the emulated iptables, with the
/// same existence checks (<c>-C</c>, <c>-n -L</c>) dockerd makes before it inserts, appends or deletes.</summary>
/// <remarks>dockerd also issues unchecked deletes whose failure it ignores (cleanup of chains left by an earlier run);
/// here those are guarded by the same check instead, so that every command that runs must succeed.</remarks>
internal sealed class Iptables(NetfilterState state)
{
    /// <summary>Every command run, in order, as the argument vector (for tests and traces).</summary>
    public List<string[]> Log { get; } = [];

    /// <summary><c>iptables -t TABLE -C CHAIN ARGS</c>: present only on exit 0. As in libnetwork's <c>exists</c>,
    /// any failure means absent (iptables exits 2 when the rule jumps to a chain that does not exist yet); a
    /// malformed rule still surfaces, at the <c>-I</c>/<c>-A</c> that follows.</summary>
    public bool Exists(string table, string chain, params string[] args)
    {
        string[] argv = ["-t", table, "-C", chain, .. args];
        return IptablesCommand.Run(state, argv, TextWriter.Null, TextWriter.Null) == 0;
    }

    /// <summary>True when TABLE has chain NAME (dockerd asks with <c>iptables -t TABLE -n -L NAME</c>).</summary>
    public bool ChainExists(string table, string name)
    {
        string[] argv = ["-t", table, "-n", "-L", name];
        return IptablesCommand.Run(state, argv, TextWriter.Null, TextWriter.Null) == 0;
    }

    /// <summary>Runs one command that must succeed (libnetwork's <c>RawCombinedOutput</c>).</summary>
    public void Raw(params string[] argv)
    {
        var stderr = new StringWriter();
        int rc = IptablesCommand.Run(state, argv, TextWriter.Null, stderr);
        Log.Add(argv);
        if (rc != 0)
        {
            ThrowFailed(argv, rc, stderr.ToString());
        }
    }

    /// <summary><c>NewChain</c>: <c>-N</c> unless the chain exists.</summary>
    public void NewChain(string table, string name)
    {
        if (!ChainExists(table, name))
        {
            Raw("-t", table, "-N", name);
        }
    }

    /// <summary><c>ChainInfo.Remove</c>: for nat, the jumps from PREROUTING and OUTPUT (all shapes dockerd ever
    /// created), then flush and delete the chain; each only if present.</summary>
    public void RemoveChain(string table, string name)
    {
        if (!ChainExists(table, name))
        {
            return;
        }
        if (table == "nat")
        {
            DeleteIfExists("nat", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", name);
            DeleteIfExists("nat", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "!", "--dst", "127.0.0.0/8", "-j", name);
            DeleteIfExists("nat", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", name);
            DeleteIfExists("nat", "PREROUTING", "-j", name);
            DeleteIfExists("nat", "OUTPUT", "-j", name);
        }
        Raw("-t", table, "-F", name);
        if (CountReferences(table, name) == 0)
        {
            Raw("-t", table, "-X", name);
        }
    }

    /// <summary><c>Rule.Append</c> (28+) and the classic <c>ProgramRule(Append)</c>: <c>-A</c> unless present.</summary>
    public void Append(string table, string chain, params string[] args)
    {
        if (!Exists(table, chain, args))
        {
            Raw(["-t", table, "-A", chain, .. args]);
        }
    }

    /// <summary><c>Rule.Insert</c>, <c>programChainRule(insert)</c>, <c>ProgramRule(Insert)</c>: <c>-I</c> (at the
    /// top) unless present.</summary>
    public void Insert(string table, string chain, params string[] args)
    {
        if (!Exists(table, chain, args))
        {
            Raw(["-t", table, "-I", chain, .. args]);
        }
    }

    /// <summary><c>Rule.Delete</c>, <c>ProgramRule(Delete)</c>: <c>-D</c> if present.</summary>
    public void DeleteIfExists(string table, string chain, params string[] args)
    {
        if (Exists(table, chain, args))
        {
            Raw(["-t", table, "-D", chain, .. args]);
        }
    }

    /// <summary><c>EnsureJumpRule</c>: delete the jump if present, then insert it at the top of FROM (filter).</summary>
    public void EnsureJumpRule(string from, string to)
    {
        DeleteIfExists("filter", from, "-j", to);
        Raw("-t", "filter", "-I", from, "-j", to);
    }

    /// <summary><c>AddReturnRule</c>: <c>-A CHAIN -j RETURN</c> (filter) unless present.</summary>
    public void AddReturnRule(string chain) => Append("filter", chain, "-j", "RETURN");

    private int CountReferences(string table, string name) => state.GetTable(table)?.CountReferences(name) ?? 0;

    [DoesNotReturn]
    private static void ThrowFailed(string[] argv, int rc, string stderr) =>
        throw new InvalidOperationException($"iptables {string.Join(' ', argv)} failed ({rc}): {stderr.TrimEnd()}");
}
