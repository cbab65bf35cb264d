using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>iptables' do_parse(): reads one command line the way getopt_long and libxtables do, loading the match and
/// target extensions it names (and the protocol match <c>-p tcp --dport</c> implies) and handing each of their options
/// to them, then runs the same post-parse checks in the same order, so that errors come out as iptables prints them.</summary>
internal sealed partial class CommandParser
{
    private static readonly Dictionary<char, ArgumentKind> s_shortOptions = ParseOptString(
        "A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x");

    private static readonly LongOption[] s_baseOptions =
    [
        new("append", ArgumentKind.Required, 'A'), new("delete", ArgumentKind.Required, 'D'),
        new("check", ArgumentKind.Required, 'C'), new("insert", ArgumentKind.Required, 'I'),
        new("replace", ArgumentKind.Required, 'R'), new("list", ArgumentKind.Optional, 'L'),
        new("list-rules", ArgumentKind.Optional, 'S'), new("flush", ArgumentKind.Optional, 'F'),
        new("zero", ArgumentKind.Optional, 'Z'), new("new-chain", ArgumentKind.Required, 'N'),
        new("delete-chain", ArgumentKind.Optional, 'X'), new("rename-chain", ArgumentKind.Required, 'E'),
        new("policy", ArgumentKind.Required, 'P'), new("source", ArgumentKind.Required, 's'),
        new("destination", ArgumentKind.Required, 'd'), new("src", ArgumentKind.Required, 's'),
        new("dst", ArgumentKind.Required, 'd'), new("protocol", ArgumentKind.Required, 'p'),
        new("in-interface", ArgumentKind.Required, 'i'), new("jump", ArgumentKind.Required, 'j'),
        new("table", ArgumentKind.Required, 't'), new("match", ArgumentKind.Required, 'm'),
        new("numeric", ArgumentKind.None, 'n'), new("out-interface", ArgumentKind.Required, 'o'),
        new("verbose", ArgumentKind.None, 'v'), new("wait", ArgumentKind.Optional, 'w'),
        new("wait-interval", ArgumentKind.Optional, 'W'), new("exact", ArgumentKind.None, 'x'),
        new("fragments", ArgumentKind.None, 'f'), new("version", ArgumentKind.None, 'V'),
        new("help", ArgumentKind.Optional, 'h'), new("line-numbers", ArgumentKind.None, '0'),
        new("modprobe", ArgumentKind.Required, 'M'), new("set-counters", ArgumentKind.Required, 'c'),
        new("goto", ArgumentKind.Required, 'g'), new("ipv4", ArgumentKind.None, '4'),
        new("ipv6", ArgumentKind.None, '6'),
    ];

    private static readonly char[] s_optionLetters = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'];

    private readonly NetfilterState _state;
    private readonly bool _restore;
    private readonly TextWriter _stderr;
    private readonly string _program;
    private readonly List<ExtensionParser> _loaded = [];
    private readonly ParsedCommand _result = new();
    private Getopt _getopt = null!;
    private ParseContext _context = null!;
    private string? _protocolText;
    private bool _protocolUsed;
    private string? _sourceSpec;
    private string? _destinationSpec;
    private long _wait;
    private bool _waitIntervalSet;

    private CommandParser(NetfilterState state, bool restore, TextWriter stderr, string program)
    {
        _state = state;
        _restore = restore;
        _stderr = stderr;
        _program = program;
    }

    /// <summary>Parses <paramref name="args"/> (without the program name). <paramref name="defaultTable"/> is "filter"
    /// for iptables; iptables-restore passes "-t TABLE" in the arguments itself.</summary>
    public static ParsedCommand Parse(IReadOnlyList<string> args, NetfilterState state, bool restore, TextWriter stderr, string program)
    {
        var parser = new CommandParser(state, restore, stderr, program);
        return parser.Run(args);
    }

    private ParsedCommand Run(IReadOnlyList<string> args)
    {
        _getopt = new Getopt(args, _program);
        _context = new ParseContext(_getopt, _state);
        bool invert = false;
        bool tableSet = false;
        while (true)
        {
            int elementIndex = _getopt.OptInd;
            GetoptResult r = _getopt.Next(s_shortOptions, CurrentLongOptions());
            if (r.Kind == GetoptKind.End)
            {
                break;
            }
            if (r.Kind == GetoptKind.NonOption)
            {
                if (r.Arg == "!")
                {
                    if (invert)
                    {
                        Fail.Parameter("multiple consecutive ! not allowed");
                    }
                    invert = true;
                    continue;
                }
                Fail.TryHelp($"Bad argument `{r.Arg}'\n");
            }
            if (r.Kind is GetoptKind.Unknown or GetoptKind.MissingArgument || (r.Long is null && r.Code == 'b'))
            {
                if (TryLoadProtocolMatch())
                {
                    _getopt.Rewind(elementIndex);
                    continue;
                }
                string element = _getopt.Previous;
                if (r.Kind == GetoptKind.MissingArgument)
                {
                    Fail.Parameter($"option \"{element}\" requires an argument");
                }
                Fail.Parameter($"unknown option \"{element}\"");
            }
            if (r.Long?.Owner is ExtensionParser owner)
            {
                // xtables_option_lookup() finds an option by id, so errors name the first option with that id.
                OptionSpec given = owner.Options.First(o => o.Name == r.Long.Name);
                OptionSpec spec = given.Type is OptionType.Legacy or OptionType.LegacyNone ? given : owner.Options.First(o => o.Id == given.Id);
                owner.Parse(new OptionCall(owner, spec, r.Arg, invert, _context));
                invert = false;
                continue;
            }
            if (HandleBaseOption((char)r.Code, r.Arg, invert, ref tableSet))
            {
                return _result;
            }
            invert = false;
        }
        return Finish(invert);
    }

    private List<LongOption> CurrentLongOptions()
    {
        var options = new List<LongOption>(s_baseOptions);
        for (int i = _loaded.Count - 1; i >= 0; i--)
        {
            ExtensionParser ext = _loaded[i];
            foreach (OptionSpec spec in ext.Options)
            {
                options.Add(new LongOption(spec.Name, spec.Argument, 1000 + i, ext));
            }
        }
        return options;
    }

    /// <summary>Returns true when parsing must stop at once (restore skipping an IPv6-only line).</summary>
    private bool HandleBaseOption(char c, string? arg, bool invert, ref bool tableSet)
    {
        ParsedCommand p = _result;
        switch (c)
        {
            case 'A':
                AddCommand(CommandKind.Append, CommandKind.None, invert);
                p.Chain = arg;
                break;
            case 'C':
                AddCommand(CommandKind.Check, CommandKind.None, invert);
                p.Chain = arg;
                break;
            case 'D':
                AddCommand(CommandKind.Delete, CommandKind.None, invert);
                p.Chain = arg;
                if (_getopt.NextIsArgument)
                {
                    p.RuleNumber = ParseRuleNumber(_getopt.TakeNext());
                    p.Command = CommandKind.DeleteNumber;
                }
                break;
            case 'R':
                AddCommand(CommandKind.Replace, CommandKind.None, invert);
                p.Chain = arg;
                if (!_getopt.NextIsArgument)
                {
                    Fail.Parameter("-R requires a rule number");
                }
                p.RuleNumber = ParseRuleNumber(_getopt.TakeNext());
                break;
            case 'I':
                AddCommand(CommandKind.Insert, CommandKind.None, invert);
                p.Chain = arg;
                p.RuleNumber = _getopt.NextIsArgument ? ParseRuleNumber(_getopt.TakeNext()) : 1;
                break;
            case 'L':
            case 'S':
                AddCommand(c == 'L' ? CommandKind.List : CommandKind.ListRules, CommandKind.Zero | CommandKind.ZeroNumber, invert);
                OptionalChain(arg);
                if (_getopt.NextIsArgument)
                {
                    p.RuleNumber = ParseRuleNumber(_getopt.TakeNext());
                }
                break;
            case 'F':
                AddCommand(CommandKind.Flush, CommandKind.None, invert);
                OptionalChain(arg);
                break;
            case 'Z':
                AddCommand(CommandKind.Zero, CommandKind.List | CommandKind.ListRules, invert);
                OptionalChain(arg);
                if (_getopt.NextIsArgument)
                {
                    p.RuleNumber = ParseRuleNumber(_getopt.TakeNext());
                    p.Command = CommandKind.ZeroNumber;
                }
                break;
            case 'N':
                AssertValidChainName(arg!);
                AddCommand(CommandKind.NewChain, CommandKind.None, invert);
                p.Chain = arg;
                break;
            case 'X':
                AddCommand(CommandKind.DeleteChain, CommandKind.None, invert);
                OptionalChain(arg);
                break;
            case 'E':
                AddCommand(CommandKind.RenameChain, CommandKind.None, invert);
                p.Chain = arg;
                if (!_getopt.NextIsArgument)
                {
                    Fail.Parameter("-E requires old-chain-name and new-chain-name");
                }
                p.NewName = _getopt.TakeNext();
                break;
            case 'P':
                AddCommand(CommandKind.SetPolicy, CommandKind.None, invert);
                p.Chain = arg;
                if (!_getopt.NextIsArgument)
                {
                    Fail.Parameter("-P requires a chain and a policy");
                }
                p.Policy = _getopt.TakeNext();
                break;
            case 'h':
                p.ImmediateOutput = HelpText.Usage(_program);
                return true;
            case 'p':
                SetOption(OptionBits.Protocol, invert);
                _protocolText = arg!.ToLowerInvariant();
                p.Protocol = NetDb.ParseProtocol(_protocolText);
                if (p.Protocol == 0 && (p.Inverted & InvFlags.Protocol) != 0)
                {
                    Fail.Parameter("rule would never match protocol");
                }
                _context.Protocol = p.Protocol;
                _context.ProtocolInverted = (p.Inverted & InvFlags.Protocol) != 0;
                break;
            case 's':
                SetOption(OptionBits.Source, invert);
                _sourceSpec = arg;
                break;
            case 'd':
                SetOption(OptionBits.Destination, invert);
                _destinationSpec = arg;
                break;
            case 'g':
                SetOption(OptionBits.Jump, invert);
                p.Goto = true;
                p.JumpTo = ParseTargetName(arg!);
                break;
            case 'j':
                SetOption(OptionBits.Jump, invert);
                Jump(arg!);
                break;
            case 'i':
            case 'o':
                if (arg!.Length == 0)
                {
                    Fail.Parameter("Empty interface is likely to be undesired");
                }
                SetOption(c == 'i' ? OptionBits.InInterface : OptionBits.OutInterface, invert);
                string name = RuleParsing.ParseInterface(arg, _stderr);
                if (c == 'i')
                {
                    p.InInterface = name;
                }
                else
                {
                    p.OutInterface = name;
                }
                break;
            case 'f':
                SetOption(OptionBits.Fragment, invert);
                p.Fragment = true;
                break;
            case 'v':
                if (p.Verbose == 0)
                {
                    SetOption(OptionBits.Verbose, invert);
                }
                p.Verbose++;
                break;
            case 'm':
                LoadMatch(arg!, invert);
                break;
            case 'n':
                SetOption(OptionBits.Numeric, invert);
                break;
            case 't':
                if (invert)
                {
                    Fail.Parameter("unexpected ! flag before --table");
                }
                if (_restore && tableSet)
                {
                    Fail.Parameter($"The -t option cannot be used in {_program}.\n");
                }
                p.Table = arg!;
                tableSet = true;
                break;
            case 'x':
                SetOption(OptionBits.Expanded, invert);
                break;
            case 'V':
                p.ImmediateOutput = invert ? $"Not {Versions.Iptables} (nf_tables) ;-)\n" : $"{_program} v{Versions.Iptables} (nf_tables)\n";
                return true;
            case 'w':
                if (_restore)
                {
                    Fail.Parameter("You cannot use `-w' from iptables-restore");
                }
                _wait = ParseWaitTime(arg);
                break;
            case 'W':
                if (_restore)
                {
                    Fail.Parameter("You cannot use `-W' from iptables-restore");
                }
                ParseWaitInterval(arg);
                _waitIntervalSet = true;
                break;
            case '0':
                SetOption(OptionBits.LineNumbers, invert);
                break;
            case 'M':
                break;
            case 'c':
                ParseCounters(arg!, invert);
                break;
            case '4':
                break;
            case '6':
                if (_restore)
                {
                    p.Command = CommandKind.None;
                    return true;
                }
                Fail.TryHelp("");
                break;
        }
        return false;
    }

    private void AddCommand(CommandKind command, CommandKind others, bool invert)
    {
        if (invert)
        {
            Fail.Parameter("unexpected '!' flag");
        }
        CommandKind current = _result.Command;
        if ((current & ~others) != 0)
        {
            Fail.Parameter($"Cannot use -{CommandLetter(command)} with -{CommandLetter(current & ~others)}");
        }
        _result.Command = current | command;
    }

    private static char CommandLetter(CommandKind command)
    {
        const string letters = "IDDRALFZNXPESZC";
        int i = 0;
        for (int value = (int)command; value > 1; value >>= 1)
        {
            i++;
        }
        return letters[i];
    }

    private void OptionalChain(string? arg)
    {
        if (arg is not null)
        {
            _result.Chain = arg;
        }
        else if (_getopt.NextIsArgument)
        {
            _result.Chain = _getopt.TakeNext();
        }
    }

    private static uint ParseRuleNumber(string text)
    {
        if (!CText.TryParseUInt(text, 1, int.MaxValue, out ulong number))
        {
            Fail.Parameter($"Invalid rule number `{text}'");
        }
        return (uint)number;
    }

    private void SetOption(OptionBits option, bool invert)
    {
        char letter = OptionLetter(option);
        if ((_result.Options & option) != 0)
        {
            Fail.Parameter($"multiple -{letter} flags not allowed");
        }
        _result.Options |= option;
        if (invert)
        {
            InvFlags flag = option switch
            {
                OptionBits.Source => InvFlags.Source,
                OptionBits.Destination => InvFlags.Destination,
                OptionBits.Protocol => InvFlags.Protocol,
                OptionBits.InInterface => InvFlags.InInterface,
                OptionBits.OutInterface => InvFlags.OutInterface,
                OptionBits.Fragment => InvFlags.Fragment,
                _ => InvFlags.None,
            };
            if (flag == InvFlags.None)
            {
                Fail.Parameter($"cannot have ! before -{letter}");
            }
            _result.Inverted |= flag;
        }
    }

    private static char OptionLetter(OptionBits option)
    {
        int i = 0;
        for (int value = (int)option; value > 1; value >>= 1)
        {
            i++;
        }
        return s_optionLetters[i];
    }

    /// <summary>command_jump(): a verdict, a target extension (its options become available) or a chain name.</summary>
    private void Jump(string name)
    {
        _result.JumpTo = ParseTargetName(name);
        if (name is "ACCEPT" or "DROP" or "RETURN")
        {
            return;
        }
        if (Extensions.IsUnsupportedTarget(name))
        {
            Fail.Parameter($"Couldn't load target `{name}':No such file or directory\n");
        }
        TargetParser? target = Extensions.CreateTarget(name);
        if (target is null)
        {
            return;
        }
        target.Diagnostics = _stderr;
        _result.Target = target;
        _loaded.Add(target);
    }

    /// <summary>command_match().</summary>
    private void LoadMatch(string name, bool invert)
    {
        if (invert)
        {
            Fail.Parameter("unexpected ! flag before --match");
        }
        if (name.Length >= 29)
        {
            Fail.Parameter($"Invalid match name \"{name}\" (28 chars max)");
        }
        string lookup = name is "icmpv6" or "ipv6-icmp" ? "icmp6" : name;
        MatchParser? match = Extensions.CreateMatch(lookup);
        if (match is null)
        {
            Fail.Parameter($"Couldn't load match `{lookup}':No such file or directory\n");
        }
        AddMatch(match);
    }

    private void AddMatch(MatchParser match)
    {
        match.Diagnostics = _stderr;
        _result.Matches.Add(match);
        _loaded.Add(match);
    }

    /// <summary>load_proto(): <c>-p tcp</c> followed by an option nobody knows loads the tcp match, once.</summary>
    private bool TryLoadProtocolMatch()
    {
        if (_protocolText is null || _protocolUsed)
        {
            return false;
        }
        MatchParser? match = Extensions.CreateProtocolMatch(_protocolText, (_result.Options & OptionBits.Numeric) != 0);
        if (match is null)
        {
            return false;
        }
        _protocolUsed = true;
        AddMatch(match);
        return true;
    }

    private static Dictionary<char, ArgumentKind> ParseOptString(string optstring)
    {
        var result = new Dictionary<char, ArgumentKind>();
        for (int i = 0; i < optstring.Length; i++)
        {
            char c = optstring[i];
            var kind = ArgumentKind.None;
            if (i + 1 < optstring.Length && optstring[i + 1] == ':')
            {
                kind = ArgumentKind.Required;
                i++;
                if (i + 1 < optstring.Length && optstring[i + 1] == ':')
                {
                    kind = ArgumentKind.Optional;
                    i++;
                }
            }
            result[c] = kind;
        }
        return result;
    }
}
