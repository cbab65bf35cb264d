using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Model;

/// <summary>One iptables rule: the IPv4 header selectors every rule has, its extension matches in the order iptables
/// keeps them, an optional target, and the packet and byte counters that <c>iptables-save -c</c> prints.</summary>
/// <remarks>Everything but the counters is fixed once built; <see cref="SameSpecAs"/> is the comparison
/// <c>iptables -D</c> and <c>-C</c> use (counters ignored).</remarks>
public sealed class Rule
{
    /// <summary>IP protocol number; 0 is <c>all</c>.</summary>
    public byte Protocol { get; init; }

    public bool ProtocolInverted { get; init; }

    public AddressMatch Source { get; init; }

    public AddressMatch Destination { get; init; }

    public InterfaceMatch InInterface { get; init; }

    public InterfaceMatch OutInterface { get; init; }

    public FragmentMatch Fragment { get; init; }

    public IReadOnlyList<Match> Matches { get; init; } = [];

    /// <summary>The verdict, jump or extension target; null when the rule has no <c>-j</c> (it only counts).</summary>
    public Target? Target { get; init; }

    public long Packets { get; set; }

    public long Bytes { get; set; }

    public bool SameSpecAs(Rule other)
    {
        if (Protocol != other.Protocol || ProtocolInverted != other.ProtocolInverted || Source != other.Source
            || Destination != other.Destination || InInterface != other.InInterface || OutInterface != other.OutInterface
            || Fragment != other.Fragment || !Equals(Target, other.Target) || Matches.Count != other.Matches.Count)
        {
            return false;
        }
        for (int i = 0; i < Matches.Count; i++)
        {
            if (!Matches[i].Equals(other.Matches[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A copy with the same spec and counters.</summary>
    public Rule Copy() => With(Target);

    internal Rule With(Target? target) => new()
    {
        Protocol = Protocol,
        ProtocolInverted = ProtocolInverted,
        Source = Source,
        Destination = Destination,
        InInterface = InInterface,
        OutInterface = OutInterface,
        Fragment = Fragment,
        Matches = Matches,
        Target = target,
        Packets = Packets,
        Bytes = Bytes,
    };
}
