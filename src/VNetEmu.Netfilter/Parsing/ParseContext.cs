using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>What an extension may look at while its options are parsed: the rule's protocol as parsed so far (multiport
/// and the NAT targets check it), the argument list (for options taking two words) and the namespace's state.</summary>
internal sealed class ParseContext
{
    public ParseContext(Getopt getopt, NetfilterState state)
    {
        Getopt = getopt;
        State = state;
    }

    public Getopt Getopt { get; }

    public NetfilterState State { get; }

    /// <summary>The protocol of <c>-p</c> if it came before (cs->fw.ip.proto).</summary>
    public byte Protocol { get; set; }

    /// <summary>The rule's inversion flags when <c>-p</c> was parsed (cs->fw.ip.invflags).</summary>
    public bool ProtocolInverted { get; set; }

    /// <summary>argv[optind] if present, without consuming it.</summary>
    public string? PeekArgument => Getopt.OptInd < Getopt.Count ? Getopt[Getopt.OptInd] : null;

    public void SkipArgument() => Getopt.OptInd++;
}
