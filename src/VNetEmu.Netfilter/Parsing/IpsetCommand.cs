using System.Text;
using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Parsing;

/// <summary><c>ipset</c> (v7.17) for the set types this emulator has (hash:ip, hash:net): create, add, del, test,
/// list, save, flush, destroy, rename, swap. The kernel's per-set random initval and memory size are shown as
/// deterministic stand-ins, and members are listed in the order they were added (the kernel lists hash order).</summary>
public static class IpsetCommand
{
    public static int Run(NetfilterState state, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var words = args.Where(a => a is not "-exist" and not "-!").ToList();
        bool exist = words.Count != args.Count;
        if (words.Count == 0)
        {
            stderr.Write($"ipset v{Versions.Ipset}: No command specified.\nTry `ipset help' for more information.\n");
            return 2;
        }
        try
        {
            string command = words[0];
            List<string> rest = words.Skip(1).ToList();
            return command switch
            {
                "create" or "n" or "-N" => Create(state, rest, exist),
                "add" or "-A" => Add(state, rest, exist),
                "del" or "-D" => Delete(state, rest, exist),
                "test" or "-T" => Test(state, rest, stderr),
                "list" or "-L" => List(state, rest, stdout, save: false),
                "save" or "-S" => List(state, rest, stdout, save: true),
                "flush" or "-F" => Flush(state, rest),
                "destroy" or "x" or "-X" => Destroy(state, rest),
                "rename" or "e" or "-E" => Rename(state, rest),
                "swap" or "w" or "-W" => Swap(state, rest),
                "version" or "-v" or "-V" => Version(stdout),
                _ => Unknown(command),
            };
        }
        catch (IptablesException e)
        {
            stderr.Write($"ipset v{Versions.Ipset}: {e.Message}\n");
            if (e.Status == XtablesStatus.ParameterProblem)
            {
                stderr.Write("Try `ipset help' for more information.\n");
            }
            return (int)e.Status;
        }
    }

    private static int Version(TextWriter stdout)
    {
        stdout.Write($"ipset v{Versions.Ipset}, protocol version: 7\n");
        return 0;
    }

    private static int Unknown(string command)
    {
        Fail.Parameter($"No command specified: unknown argument {command}");
        return 2;
    }

    private static Ipset Find(NetfilterState state, string name)
    {
        if (!state.Ipsets.TryGet(name, out Ipset set))
        {
            Fail.Other("The set with the given name does not exist");
        }
        return set;
    }

    private static int Create(NetfilterState state, List<string> args, bool exist)
    {
        if (args.Count < 2)
        {
            Fail.Parameter("Syntax error: command requires setname and typename");
        }
        IpsetType type = args[1] switch
        {
            "hash:ip" => IpsetType.HashIp,
            "hash:net" => IpsetType.HashNet,
            _ => throw new IptablesException(XtablesStatus.OtherProblem, $"Syntax error: typename '{args[1]}' is unknown", IptablesErrorStyle.Plain),
        };
        int hashSize = 1024, maxElements = 65536;
        for (int i = 2; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "family" when i + 1 < args.Count:
                    if (args[++i] is not ("inet" or "ipv4"))
                    {
                        Fail.Other($"Syntax error: unknown family {args[i]}");
                    }
                    break;
                case "hashsize" when i + 1 < args.Count:
                    hashSize = ParseNumber(args[++i]);
                    break;
                case "maxelem" when i + 1 < args.Count:
                    maxElements = ParseNumber(args[++i]);
                    break;
                default:
                    Fail.Parameter($"Unknown argument: `{args[i]}'");
                    break;
            }
        }
        if (state.Ipsets.TryGet(args[0], out Ipset existing))
        {
            if (exist && existing.Type == type)
            {
                return 0;
            }
            Fail.Other("Set cannot be created: set with the same name already exists");
        }
        state.Ipsets.Add(new Ipset(args[0], type, RoundHashSize(hashSize), maxElements));
        return 0;
    }

    private static int RoundHashSize(int size)
    {
        int rounded = 64;
        while (rounded < size)
        {
            rounded <<= 1;
        }
        return rounded;
    }

    private static int ParseNumber(string text)
    {
        if (!CText.TryParseUInt(text, 0, int.MaxValue, out ulong value))
        {
            Fail.Other($"Syntax error: '{text}' is invalid as number");
        }
        return (int)value;
    }

    private static int Add(NetfilterState state, List<string> args, bool exist)
    {
        (Ipset set, List<Ipv4Prefix> members) = Members(state, args);
        bool added = false;
        foreach (Ipv4Prefix member in members)
        {
            added |= set.Add(member);
        }
        if (!added && !exist)
        {
            Fail.Other("Element cannot be added to the set: it's already added");
        }
        return 0;
    }

    private static int Delete(NetfilterState state, List<string> args, bool exist)
    {
        (Ipset set, List<Ipv4Prefix> members) = Members(state, args);
        bool removed = false;
        foreach (Ipv4Prefix member in members)
        {
            removed |= set.Remove(member);
        }
        if (!removed && !exist)
        {
            Fail.Other("Element cannot be deleted from the set: it's not added");
        }
        return 0;
    }

    private static int Test(NetfilterState state, List<string> args, TextWriter stderr)
    {
        (Ipset set, List<Ipv4Prefix> members) = Members(state, args);
        bool present = members.All(m => set.Type == IpsetType.HashIp ? set.HasMember(m) : set.HasMember(m) || (m.Length == 32 && set.Contains(m.Address)));
        stderr.Write(present ? $"Warning: {args[1]} is in set {set.Name}.\n" : $"{args[1]} is NOT in set {set.Name}.\n");
        return present ? 0 : 1;
    }

    private static (Ipset, List<Ipv4Prefix>) Members(NetfilterState state, List<string> args)
    {
        if (args.Count < 2)
        {
            Fail.Parameter("Syntax error: command requires setname and element");
        }
        Ipset set = Find(state, args[0]);
        string entry = args[1];
        var result = new List<Ipv4Prefix>();
        int dash = entry.IndexOf('-');
        if (dash >= 0)
        {
            uint first = ParseAddress(entry[..dash]).Value, last = ParseAddress(entry[(dash + 1)..]).Value;
            if (set.Type == IpsetType.HashIp)
            {
                for (ulong a = first; a <= last; a++)
                {
                    result.Add(new Ipv4Prefix(new Ipv4Address((uint)a), 32));
                }
            }
            else
            {
                result.AddRange(RangeToPrefixes(first, last));
            }
            return (set, result);
        }
        int slash = entry.IndexOf('/');
        Ipv4Address address = ParseAddress(slash < 0 ? entry : entry[..slash]);
        int length = 32;
        if (slash >= 0)
        {
            if (!int.TryParse(entry[(slash + 1)..], out length) || length < 0 || length > 32)
            {
                Fail.Other($"Syntax error: '{entry[(slash + 1)..]}' is out of range 0-32");
            }
        }
        var prefix = new Ipv4Prefix(address, length);
        if (set.Type == IpsetType.HashIp)
        {
            for (ulong a = prefix.Network.Value; a <= prefix.BroadcastAddress.Value; a++)
            {
                result.Add(new Ipv4Prefix(new Ipv4Address((uint)a), 32));
            }
        }
        else
        {
            result.Add(new Ipv4Prefix(prefix.Network, length));
        }
        return (set, result);
    }

    private static List<Ipv4Prefix> RangeToPrefixes(uint first, uint last)
    {
        var result = new List<Ipv4Prefix>();
        ulong start = first;
        while (start <= last)
        {
            int length = 32;
            while (length > 0)
            {
                uint size = 1u << (32 - (length - 1));
                if ((start & (size - 1)) != 0 || start + size - 1 > last)
                {
                    break;
                }
                length--;
            }
            result.Add(new Ipv4Prefix(new Ipv4Address((uint)start), length));
            start += 1UL << (32 - length);
        }
        return result;
    }

    private static Ipv4Address ParseAddress(string text)
    {
        if (!AddressParsing.TryParseNumericHost(text, out uint address))
        {
            Fail.Other($"Syntax error: cannot parse {text}: resolving to IPv4 address failed");
        }
        return new Ipv4Address(address);
    }

    private static int List(NetfilterState state, List<string> args, TextWriter stdout, bool save)
    {
        bool namesOnly = args.Remove("-n") | args.Remove("-name");
        bool terse = args.Remove("-t") | args.Remove("-terse");
        IEnumerable<Ipset> sets = args.Count > 0 ? [Find(state, args[0])] : state.Ipsets.Sets;
        var text = new StringBuilder();
        bool first = true;
        foreach (Ipset set in sets)
        {
            if (namesOnly)
            {
                text.Append(set.Name).Append('\n');
                continue;
            }
            string header = $"family inet hashsize {set.HashSize} maxelem {set.MaxElements} bucketsize 12 initval 0x{InitVal(set.Name):x8}";
            if (save)
            {
                text.Append($"create {set.Name} {set.TypeName} {header}\n");
                foreach (Ipv4Prefix member in set.Members)
                {
                    text.Append($"add {set.Name} {MemberText(member)}\n");
                }
                continue;
            }
            if (!first)
            {
                text.Append('\n');
            }
            first = false;
            int revision = set.Type == IpsetType.HashIp ? 6 : 7;
            int size = set.Type == IpsetType.HashIp ? 216 + 40 * set.Members.Count : 456 + 48 * set.Members.Count;
            text.Append($"Name: {set.Name}\nType: {set.TypeName}\nRevision: {revision}\nHeader: {header}\n");
            text.Append($"Size in memory: {size}\nReferences: {References(state, set.Name)}\nNumber of entries: {set.Members.Count}\n");
            if (!terse)
            {
                text.Append("Members:\n");
                foreach (Ipv4Prefix member in set.Members)
                {
                    text.Append(MemberText(member)).Append('\n');
                }
            }
        }
        stdout.Write(text.ToString());
        return 0;
    }

    private static string MemberText(Ipv4Prefix member) =>
        member.Length == 32 ? member.Address.ToString() : member.ToString();

    /// <summary>A stand-in for the kernel's random initval (FNV-1a of the name).</summary>
    private static uint InitVal(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }
        return hash;
    }

    /// <summary>How many rules name the set.</summary>
    public static int References(NetfilterState state, string name)
    {
        int count = 0;
        foreach (Table table in state.Tables)
        {
            foreach (Chain chain in table.Chains)
            {
                foreach (Rule rule in chain.Rules)
                {
                    count += rule.Matches.Count(m => m is SetMatch s && s.SetName == name);
                }
            }
        }
        return count;
    }

    private static int Flush(NetfilterState state, List<string> args)
    {
        foreach (Ipset set in args.Count > 0 ? [Find(state, args[0])] : state.Ipsets.Sets)
        {
            set.Clear();
        }
        return 0;
    }

    private static int Destroy(NetfilterState state, List<string> args)
    {
        if (args.Count > 0)
        {
            Ipset set = Find(state, args[0]);
            if (References(state, set.Name) > 0)
            {
                Fail.Other("Set cannot be destroyed: it is in use by a kernel component");
            }
            state.Ipsets.Remove(set);
            return 0;
        }
        if (state.Ipsets.Sets.Any(s => References(state, s.Name) > 0))
        {
            Fail.Other("Set cannot be destroyed: it is in use by a kernel component");
        }
        foreach (Ipset set in state.Ipsets.Sets.ToList())
        {
            state.Ipsets.Remove(set);
        }
        return 0;
    }

    private static int Rename(NetfilterState state, List<string> args)
    {
        if (args.Count < 2)
        {
            Fail.Parameter("Syntax error: command requires two setnames");
        }
        Ipset set = Find(state, args[0]);
        if (References(state, set.Name) > 0)
        {
            Fail.Other("Set cannot be renamed: it is in use by another system");
        }
        if (state.Ipsets.TryGet(args[1], out _))
        {
            Fail.Other("Set cannot be created: set with the same name already exists");
        }
        set.Name = args[1];
        return 0;
    }

    private static int Swap(NetfilterState state, List<string> args)
    {
        if (args.Count < 2)
        {
            Fail.Parameter("Syntax error: command requires two setnames");
        }
        Ipset a = Find(state, args[0]);
        Ipset b = Find(state, args[1]);
        if (a.Type != b.Type)
        {
            Fail.Other("The sets cannot be swapped: their type does not match");
        }
        state.Ipsets.Swap(a, b);
        return 0;
    }
}
