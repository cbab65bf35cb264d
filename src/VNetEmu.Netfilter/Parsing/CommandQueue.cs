using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>do_commandx(): turns a parsed command into the nft commands it queues. Rules are built here, so errors of
/// rule building come out while the line is read; the commands themselves run later.</summary>
internal static class CommandQueue
{
    public static List<NftCommand> Build(ParsedCommand p, int line, TextWriter stdout)
    {
        var commands = new List<NftCommand>();
        bool verbose = (p.Options & OptionBits.Verbose) != 0;
        string chain = p.Chain ?? "";
        int index = (int)p.RuleNumber - 1;
        void Add(Func<NftExecutor, bool> run) => commands.Add(new NftCommand(line, run));
        switch (p.Command)
        {
            case CommandKind.Append:
                foreach (Rule rule in RuleBuilder.Build(p))
                {
                    Add(e => AssertJump(e, rule) && e.Append(chain, rule, verbose));
                }
                break;
            case CommandKind.Insert:
                foreach (Rule rule in RuleBuilder.Build(p))
                {
                    Add(e => AssertJump(e, rule) && e.Insert(chain, index, rule, verbose));
                }
                break;
            case CommandKind.Delete:
                foreach (Rule rule in RuleBuilder.Build(p))
                {
                    Add(e => AssertJump(e, rule) && e.Delete(chain, rule, verbose));
                }
                break;
            case CommandKind.Check:
                foreach (Rule rule in RuleBuilder.Build(p))
                {
                    Add(e => AssertJump(e, rule) && e.Check(chain, rule, verbose));
                }
                break;
            case CommandKind.Replace:
                Rule replacement = RuleBuilder.Build(p)[0];
                Add(e => AssertJump(e, replacement) && e.Replace(chain, index, replacement, verbose));
                break;
            case CommandKind.DeleteNumber:
                Add(e => e.DeleteNumber(chain, index));
                break;
            case CommandKind.Flush:
                Add(e => e.Flush(p.Chain, verbose));
                break;
            case CommandKind.Zero:
                Add(e => e.Zero(p.Chain, verbose));
                break;
            case CommandKind.ZeroNumber:
                Add(e => e.ZeroNumber(chain, index));
                break;
            case CommandKind.List:
            case CommandKind.List | CommandKind.Zero:
            case CommandKind.List | CommandKind.ZeroNumber:
            case CommandKind.ListRules:
            case CommandKind.ListRules | CommandKind.Zero:
            case CommandKind.ListRules | CommandKind.ZeroNumber:
                Add(e => List(e, p, stdout) && ZeroAfterList(e, p, verbose));
                break;
            case CommandKind.NewChain:
                Add(e => e.NewChain(chain));
                break;
            case CommandKind.DeleteChain:
                Add(e => e.DeleteChain(p.Chain, verbose));
                break;
            case CommandKind.RenameChain:
                Add(e => e.Rename(chain, p.NewName!));
                break;
            case CommandKind.SetPolicy:
                Add(e => e.SetPolicy(chain, p.Policy!, 0, 0));
                break;
        }
        return commands;
    }

    /// <summary>assert_chain_exists() for the chain a rule jumps to.</summary>
    private static bool AssertJump(NftExecutor executor, Rule rule)
    {
        if (rule.Target is JumpTarget jump && !executor.ChainExists(jump.Chain))
        {
            Fail.Parameter($"Chain '{jump.Chain}' does not exist");
        }
        return true;
    }

    private static bool ZeroAfterList(NftExecutor executor, ParsedCommand p, bool verbose)
    {
        if ((p.Command & CommandKind.Zero) != 0)
        {
            return executor.Zero(p.Chain, verbose);
        }
        if ((p.Command & CommandKind.ZeroNumber) != 0)
        {
            return executor.ZeroNumber(p.Chain ?? "", (int)p.RuleNumber - 1);
        }
        return true;
    }

    private static bool List(NftExecutor executor, ParsedCommand p, TextWriter stdout)
    {
        var text = new StringBuilder();
        bool ok = (p.Command & CommandKind.List) != 0 ? ListEntries(executor, p, text) : ListRules(executor, p, text);
        stdout.Write(text.ToString());
        return ok;
    }

    /// <summary>nft_rule_list(): <c>iptables -L</c>.</summary>
    private static bool ListEntries(NftExecutor executor, ParsedCommand p, StringBuilder text)
    {
        ListFormat format = ListFormat.Options;
        format |= (p.Options & OptionBits.Verbose) == 0 ? ListFormat.NoCounts : ListFormat.Via;
        if ((p.Options & OptionBits.Numeric) != 0)
        {
            format |= ListFormat.Numeric;
        }
        if ((p.Options & OptionBits.Expanded) == 0)
        {
            format |= ListFormat.KiloMegaGiga;
        }
        if ((p.Options & OptionBits.LineNumbers) != 0)
        {
            format |= ListFormat.LineNumbers;
        }
        int number = (int)p.RuleNumber;
        if (p.Chain is not null)
        {
            Chain chain = ListedChainOrFail(executor, p.Chain);
            if (number > 0)
            {
                if (number <= chain.Rules.Count)
                {
                    RuleFormatter.AppendListRule(text, chain.Rules[number - 1], number, format);
                }
                return true;
            }
            ListChain(text, chain, format);
            return true;
        }
        bool first = true;
        foreach (Chain chain in executor.ListedChains())
        {
            if (!first)
            {
                text.Append('\n');
            }
            first = false;
            ListChain(text, chain, format);
        }
        return true;
    }

    /// <summary>nft_assert_table_compatible(): listing a chain that does not exist is refused this way.</summary>
    private static Chain ListedChainOrFail(NftExecutor executor, string name)
    {
        Chain? chain = executor.ListedChain(name);
        if (chain is null)
        {
            Fail.Other($"chain `{name}' in table `{executor.TableName}' is incompatible, use 'nft' tool.");
        }
        return chain;
    }

    private static void ListChain(StringBuilder text, Chain chain, ListFormat format)
    {
        RuleFormatter.AppendHeader(text, chain, format);
        for (int i = 0; i < chain.Rules.Count; i++)
        {
            RuleFormatter.AppendListRule(text, chain.Rules[i], i + 1, format);
        }
    }

    /// <summary>nft_rule_list_save(): <c>iptables -S</c>.</summary>
    private static bool ListRules(NftExecutor executor, ParsedCommand p, StringBuilder text)
    {
        bool counters = (p.Options & OptionBits.Verbose) != 0;
        RuleFormatter.Counters mode = counters ? RuleFormatter.Counters.Inline : RuleFormatter.Counters.None;
        int number = (int)p.RuleNumber;
        if (p.Chain is not null)
        {
            Chain chain = ListedChainOrFail(executor, p.Chain);
            if (number == 0)
            {
                AppendChainLine(text, chain, counters);
                foreach (Rule rule in chain.Rules)
                {
                    RuleFormatter.AppendSave(text, rule, chain.Name, mode);
                }
            }
            else if (number <= chain.Rules.Count)
            {
                RuleFormatter.AppendSave(text, chain.Rules[number - 1], chain.Name, mode);
            }
            return true;
        }
        List<Chain> chains = executor.ListedChains().ToList();
        foreach (Chain chain in chains)
        {
            AppendChainLine(text, chain, counters);
        }
        foreach (Chain chain in chains)
        {
            foreach (Rule rule in chain.Rules)
            {
                RuleFormatter.AppendSave(text, rule, chain.Name, mode);
            }
        }
        return true;
    }

    private static void AppendChainLine(StringBuilder text, Chain chain, bool counters)
    {
        if (!chain.IsBuiltin)
        {
            text.Append("-N ").Append(chain.Name).Append('\n');
            return;
        }
        text.Append("-P ").Append(chain.Name).Append(' ').Append(chain.Policy == ChainPolicy.Drop ? "DROP" : "ACCEPT");
        if (counters)
        {
            text.Append(" -c ").Append(chain.PolicyPackets).Append(' ').Append(chain.PolicyBytes);
        }
        text.Append('\n');
    }
}
