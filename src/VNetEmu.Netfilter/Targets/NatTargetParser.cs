using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary>__NAT_parse() of libxt_NAT, shared by DNAT, SNAT, MASQUERADE and REDIRECT: option ids are those of
/// libxt_NAT (0 to-destination, 1 to-source, 2 to-ports, 3 random, 4 random-fully, 5 persistent).</summary>
internal abstract class NatTargetParser : TargetParser
{
    protected NatTargetParser(string name)
        : base(name)
    {
    }

    protected NatRange Range { get; private set; }

    public override void Parse(OptionCall call)
    {
        OptionParsing.Parse(call);
        bool portOk = NatRange.PortAllowed(call.Context.Protocol);
        NatRange range = Range;
        switch (call.Spec.Id)
        {
            case 0 or 1:
                NatRange parsed = NatRange.ParseTo(default, call.ArgOrEmpty, portOk);
                range = parsed with { Flags = range.Flags | parsed.Flags };
                break;
            case 2:
                NatRange ports = NatRange.ParsePorts(default, call.ArgOrEmpty, portOk);
                range = range with
                {
                    Flags = range.Flags | ports.Flags,
                    MinPort = ports.MinPort,
                    MaxPort = ports.MaxPort,
                    BasePort = ports.BasePort,
                };
                break;
            case 3:
                range = range with { Flags = range.Flags | NatRangeFlags.Random };
                break;
            case 4:
                range = range with { Flags = range.Flags | NatRangeFlags.RandomFully };
                break;
            default:
                range = range with { Flags = range.Flags | NatRangeFlags.Persistent };
                break;
        }
        Range = range;
    }

    /// <summary>DNAT_fcheck() of the revisions that cannot express a shifted port map.</summary>
    protected void RejectShiftedPortMap()
    {
        if ((Range.Flags & NatRangeFlags.ProtoOffset) != 0)
        {
            Fail.Parameter("Shifted portmap ranges not supported with this kernel");
        }
    }
}
