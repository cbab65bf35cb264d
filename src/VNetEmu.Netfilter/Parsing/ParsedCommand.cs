namespace VNetEmu.Netfilter.Parsing;

/// <summary>One iptables command line after do_parse(): the command, its chain and numbers, the option bits, and the
/// parts of the rule it names (matches and target still as parsers, addresses as parsed lists).</summary>
internal sealed class ParsedCommand
{
    public CommandKind Command { get; set; }

    public string Table { get; set; } = "filter";

    public string? Chain { get; set; }

    public uint RuleNumber { get; set; }

    public string? NewName { get; set; }

    public string? Policy { get; set; }

    public OptionBits Options { get; set; }

    public int Verbose { get; set; }

    public InvFlags Inverted { get; set; }

    public byte Protocol { get; set; }

    public string? InInterface { get; set; }

    public string? OutInterface { get; set; }

    public bool Fragment { get; set; }

    public bool Goto { get; set; }

    /// <summary>The -j/-g argument: a verdict, a target extension or a chain name; "" when none.</summary>
    public string JumpTo { get; set; } = "";

    public TargetParser? Target { get; set; }

    public List<MatchParser> Matches { get; } = [];

    public List<(uint Address, uint Mask)> Sources { get; set; } = [];

    public List<(uint Address, uint Mask)> Destinations { get; set; } = [];

    public ulong Packets { get; set; }

    public ulong Bytes { get; set; }

    /// <summary>Set by -h and -V: what to print on stdout before exiting 0.</summary>
    public string? ImmediateOutput { get; set; }

    public bool IsRuleCommand =>
        (Command & (CommandKind.Append | CommandKind.Insert | CommandKind.Delete | CommandKind.Replace | CommandKind.Check)) != 0;
}
