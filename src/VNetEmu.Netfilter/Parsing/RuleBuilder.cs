using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Targets;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>Turns a parsed rule command into the rules it adds (one per source/destination pair, like iptables), and
/// gives each the form iptables-nft reads back from the kernel: some matches become native nftables expressions
/// (tcp and udp ports and flags, mark, limit) and only what those expressions can say survives.</summary>
internal static class RuleBuilder
{
    public static List<Rule> Build(ParsedCommand p)
    {
        List<Match> matches = Normalize(p);
        Target? target = p.Target?.Build() ?? p.JumpTo switch
        {
            "" => null,
            "ACCEPT" => VerdictTarget.Accept,
            "DROP" => VerdictTarget.Drop,
            "RETURN" => VerdictTarget.Return,
            _ => new JumpTarget(p.JumpTo, p.Goto),
        };
        var rules = new List<Rule>();
        foreach ((uint sAddr, uint sMask) in p.Sources)
        {
            foreach ((uint dAddr, uint dMask) in p.Destinations)
            {
                rules.Add(new Rule
                {
                    Protocol = p.Protocol,
                    ProtocolInverted = (p.Inverted & InvFlags.Protocol) != 0,
                    Source = new AddressMatch(new Ipv4Address(sAddr), sMask, (p.Inverted & InvFlags.Source) != 0),
                    Destination = new AddressMatch(new Ipv4Address(dAddr), dMask, (p.Inverted & InvFlags.Destination) != 0),
                    InInterface = Interface(p.InInterface, (p.Inverted & InvFlags.InInterface) != 0),
                    OutInterface = Interface(p.OutInterface, (p.Inverted & InvFlags.OutInterface) != 0),
                    Fragment = !p.Fragment ? FragmentMatch.Any : (p.Inverted & InvFlags.Fragment) != 0 ? FragmentMatch.NotNonFirst : FragmentMatch.NonFirst,
                    Matches = matches,
                    Target = target,
                    Packets = (long)p.Packets,
                    Bytes = (long)p.Bytes,
                });
            }
        }
        return rules;
    }

    /// <summary>A lone "+" matches every interface and is not encoded at all; "! -i +" is kept.</summary>
    private static InterfaceMatch Interface(string? name, bool inverted) =>
        name is null || (name == "+" && !inverted) ? default : new InterfaceMatch(name, inverted);

    private static List<Match> Normalize(ParsedCommand p)
    {
        var result = new List<Match>();
        int nativeTcp = -1, nativeUdp = -1;
        foreach (MatchParser parser in p.Matches)
        {
            Match match = parser.Build();
            switch (match)
            {
                case TcpMatch tcp when tcp.IsNativeInNft:
                    if (p.Protocol != 6)
                    {
                        Fail.Parameter("TCP match requires '-p tcp'");
                    }
                    if (nativeTcp >= 0)
                    {
                        result[nativeTcp] = Merge((TcpMatch)result[nativeTcp], tcp);
                        continue;
                    }
                    nativeTcp = result.Count;
                    result.Add(tcp);
                    break;
                case UdpMatch udp when udp.IsNativeInNft:
                    if (p.Protocol != 17)
                    {
                        Fail.Parameter("UDP match requires '-p udp'");
                    }
                    if (nativeUdp >= 0)
                    {
                        result[nativeUdp] = Merge((UdpMatch)result[nativeUdp], udp);
                        continue;
                    }
                    nativeUdp = result.Count;
                    result.Add(udp);
                    break;
                case LimitMatch limit:
                    result.Add(limit.NormalizeNative());
                    break;
                default:
                    result.Add(match);
                    break;
            }
        }
        for (int i = result.Count - 1; i >= 0; i--)
        {
            if (i == nativeTcp)
            {
                TcpMatch tcp = ((TcpMatch)result[i]).NormalizeNative();
                if (tcp.EncodesNothingNative)
                {
                    result.RemoveAt(i);
                }
                else
                {
                    result[i] = tcp;
                }
            }
            else if (i == nativeUdp)
            {
                UdpMatch udp = ((UdpMatch)result[i]).NormalizeNative();
                if (udp.EncodesNothingNative)
                {
                    result.RemoveAt(i);
                }
                else
                {
                    result[i] = udp;
                }
            }
        }
        return result;
    }

    /// <summary>Two native tcp matches decode into one: later port and flag tests overwrite earlier ones.</summary>
    private static TcpMatch Merge(TcpMatch first, TcpMatch next)
    {
        TcpMatch m = first;
        if (next.SourcePortMin != 0 || next.SourcePortMax != ushort.MaxValue)
        {
            m = m with { SourcePortMin = next.SourcePortMin, SourcePortMax = next.SourcePortMax, SourcePortInverted = next.SourcePortInverted };
        }
        if (next.DestinationPortMin != 0 || next.DestinationPortMax != ushort.MaxValue)
        {
            m = m with { DestinationPortMin = next.DestinationPortMin, DestinationPortMax = next.DestinationPortMax, DestinationPortInverted = next.DestinationPortInverted };
        }
        if (next.FlagsMask != 0)
        {
            m = m with { FlagsMask = next.FlagsMask, FlagsCompare = next.FlagsCompare, FlagsInverted = next.FlagsInverted };
        }
        return m;
    }

    private static UdpMatch Merge(UdpMatch first, UdpMatch next)
    {
        UdpMatch m = first;
        if (next.SourcePortMin != 0 || next.SourcePortMax != ushort.MaxValue)
        {
            m = m with { SourcePortMin = next.SourcePortMin, SourcePortMax = next.SourcePortMax, SourcePortInverted = next.SourcePortInverted };
        }
        if (next.DestinationPortMin != 0 || next.DestinationPortMax != ushort.MaxValue)
        {
            m = m with { DestinationPortMin = next.DestinationPortMin, DestinationPortMax = next.DestinationPortMax, DestinationPortInverted = next.DestinationPortInverted };
        }
        return m;
    }
}
