using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>do_parse() after the option loop: the final checks of the extensions, the address lists, and the checks
/// of which options go with which command, in iptables' order; plus the argument parsers of the base options.</summary>
internal sealed partial class CommandParser
{
    // commands_v_options of xshared.c: rows by CMD_* bit, columns by OPT_* bit; 'x' is illegal.
    private static readonly string[] s_commandsVsOptions =
    [
        /*INSERT*/     "x     x  x  ",
        /*DELETE*/     "x     x  xx ",
        /*DELETE_NUM*/ "xxxxx xxxxxx",
        /*REPLACE*/    "x     x  x  ",
        /*APPEND*/     "x     x  x  ",
        /*LIST*/       " xxxx  xx xx",
        /*FLUSH*/      "xxxxx xxxxxx",
        /*ZERO*/       "xxxxx xxxxxx",
        /*NEW_CHAIN*/  "xxxxx xxxxxx",
        /*DEL_CHAIN*/  "xxxxx xxxxxx",
        /*SET_POLICY*/ "xxxxx xxxx x",
        /*RENAME*/     "xxxxx xxxxxx",
        /*LIST_RULES*/ "xxxxx xxxxxx",
        /*ZERO_NUM*/   "xxxxx xxxxxx",
        /*CHECK*/      "x     x  xx ",
    ];

    private ParsedCommand Finish(bool invert)
    {
        ParsedCommand p = _result;
        if (p.Table == "nat" && (p.Policy == "DROP" || p.JumpTo == "DROP"))
        {
            Fail.Parameter("\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n");
        }
        if (_wait == 0 && _waitIntervalSet)
        {
            Fail.Parameter("--wait-interval only makes sense with --wait\n");
        }
        foreach (MatchParser match in p.Matches)
        {
            match.FinalCheck();
        }
        p.Target?.FinalCheck();
        if (p.Command == CommandKind.None)
        {
            Fail.Parameter("no command specified");
        }
        if (invert)
        {
            Fail.Parameter("nothing appropriate following !");
        }
        if (p.IsRuleCommand)
        {
            _sourceSpec ??= "0.0.0.0/0";
            _destinationSpec ??= "0.0.0.0/0";
        }
        if (_sourceSpec is not null)
        {
            p.Sources = AddressParsing.ParseMultiple(_sourceSpec);
        }
        if (_destinationSpec is not null)
        {
            p.Destinations = AddressParsing.ParseMultiple(_destinationSpec);
        }
        if ((p.Sources.Count > 1 || p.Destinations.Count > 1) && (p.Inverted & (InvFlags.Source | InvFlags.Destination)) != 0)
        {
            Fail.Parameter("! not allowed with multiple source or destination IP addresses");
        }
        if (p.Command == CommandKind.Replace && (p.Sources.Count != 1 || p.Destinations.Count != 1))
        {
            Fail.Parameter("Replacement rule does not specify a unique address");
        }
        CheckOptionsLegal(p.Command, p.Options);
        if (p.Chain is not null && p.Chain.Length >= 29)
        {
            Fail.Parameter($"chain name `{p.Chain}' too long (must be under 29 chars)");
        }
        if (p.Command is CommandKind.Append or CommandKind.Delete or CommandKind.DeleteNumber or CommandKind.Check
            or CommandKind.Insert or CommandKind.Replace)
        {
            if ((p.Chain == "PREROUTING" || p.Chain == "INPUT") && (p.Options & OptionBits.OutInterface) != 0)
            {
                Fail.Parameter($"Can't use -o with {p.Chain}\n");
            }
            if ((p.Chain == "POSTROUTING" || p.Chain == "OUTPUT") && (p.Options & OptionBits.InInterface) != 0)
            {
                Fail.Parameter($"Can't use -i with {p.Chain}\n");
            }
        }
        return p;
    }

    private static void CheckOptionsLegal(CommandKind command, OptionBits options)
    {
        for (int i = 0; i < s_optionLetters.Length; i++)
        {
            int legal = 0;
            for (int j = 0; j < s_commandsVsOptions.Length; j++)
            {
                if (((int)command & (1 << j)) == 0 || ((int)options & (1 << i)) == 0)
                {
                    continue;
                }
                if (s_commandsVsOptions[j][i] != 'x')
                {
                    legal = 1;
                }
                else if (legal == 0)
                {
                    legal = -1;
                }
            }
            if (legal == -1)
            {
                Fail.Parameter($"Illegal option `-{s_optionLetters[i]}' with this command");
            }
        }
    }

    /// <summary>assert_valid_chain_name().</summary>
    internal static void AssertValidChainName(string name)
    {
        if (name.Length >= 29)
        {
            Fail.Parameter($"chain name `{name}' too long (must be under 29 chars)");
        }
        if (name.StartsWith('-') || name.StartsWith('!'))
        {
            Fail.Parameter($"chain name not allowed to start with `{name[0]}'");
        }
        if (Extensions.IsTargetName(name))
        {
            Fail.Parameter("chain name may not clash with target name");
        }
        if (name.Any(CText.IsSpace))
        {
            Fail.Parameter($"Invalid chain name `{name}'");
        }
    }

    /// <summary>xt_parse_target().</summary>
    private static string ParseTargetName(string name)
    {
        if (name.Length < 1)
        {
            Fail.Parameter("Invalid target name (too short)");
        }
        if (name.Length >= 29)
        {
            Fail.Parameter($"Invalid target name `{name}' (28 chars max)");
        }
        if (name.Any(CText.IsSpace))
        {
            Fail.Parameter($"Invalid target name `{name}'");
        }
        return name;
    }

    private long ParseWaitTime(string? arg)
    {
        long wait = -1;
        if (arg is not null)
        {
            if (!CText.ScanInt(arg, out wait))
            {
                Fail.Parameter("wait seconds not numeric");
            }
        }
        else if (_getopt.NextIsArgument)
        {
            if (!CText.ScanInt(_getopt.TakeNext(), out wait))
            {
                Fail.Parameter("wait seconds not numeric");
            }
        }
        return wait;
    }

    private void ParseWaitInterval(string? arg)
    {
        if (arg is null)
        {
            if (!_getopt.NextIsArgument)
            {
                Fail.Parameter("wait interval value required");
            }
            arg = _getopt.TakeNext();
        }
        if (!CText.ScanULong(arg, out ulong usec) || arg.TrimStart().StartsWith('-'))
        {
            Fail.Parameter("wait interval not numeric");
        }
        if (usec > 999999)
        {
            Fail.Parameter($"too long usec wait {(uint)usec} > 999999 usec");
        }
        _stderr.Write("Ignoring deprecated --wait-interval option.\n");
    }

    private void ParseCounters(string packets, bool invert)
    {
        SetOption(OptionBits.Counters, invert);
        string? bytes = null;
        int comma = packets.Length > 1 ? packets.IndexOf(',', 1) : -1;
        if (comma >= 0)
        {
            bytes = packets[(comma + 1)..];
        }
        if (bytes is null && _getopt.NextIsArgument)
        {
            bytes = _getopt.TakeNext();
        }
        if (bytes is null)
        {
            Fail.Parameter("-c requires packet and byte counter");
        }
        if (!CText.ScanULong(packets, out ulong p))
        {
            Fail.Parameter("-c packet counter not numeric");
        }
        if (!CText.ScanULong(bytes, out ulong b))
        {
            Fail.Parameter("-c byte counter not numeric");
        }
        _result.Packets = p;
        _result.Bytes = b;
    }
}
