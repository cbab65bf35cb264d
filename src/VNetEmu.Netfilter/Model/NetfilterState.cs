namespace VNetEmu.Netfilter.Model;

/// <summary>The netfilter configuration of one network namespace: the iptables tables that exist (a table exists only
/// after a command that changed it), the ipsets, and the nfacct objects rules may name.</summary>
public sealed class NetfilterState
{
    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);

    public IpsetRegistry Ipsets { get; } = new();

    /// <summary>Names of the nfacct accounting objects (<c>-m nfacct --nfacct-name</c> must name one).</summary>
    public ISet<string> NfacctObjects { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Bumped by every committed change of a table, so that compiled rule sets know they are stale.</summary>
    public long Generation { get; private set; }

    /// <summary>The tables that exist, in iptables-save order (mangle, security, raw, filter, nat).</summary>
    public IEnumerable<Table> Tables
    {
        get
        {
            foreach (string name in Table.Names)
            {
                if (_tables.TryGetValue(name, out Table? table))
                {
                    yield return table;
                }
            }
        }
    }

    public Table? GetTable(string name) => _tables.GetValueOrDefault(name);

    /// <summary>Installs a committed table (or removes it when <paramref name="table"/> is null).</summary>
    internal void SetTable(string name, Table? table)
    {
        if (table is null)
        {
            _tables.Remove(name);
        }
        else
        {
            _tables[name] = table;
        }
        Generation++;
    }
}
