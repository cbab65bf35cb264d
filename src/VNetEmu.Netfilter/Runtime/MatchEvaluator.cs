using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Netfilter.Conntrack;
using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Runtime;

/// <summary>Decides whether a rule matches a packet: the IPv4 selectors every rule has, then each extension match,
/// following the kernel's xt_* match functions. Stateful matches (limit, statistic nth, recent) keep their state
/// in the runtime of the namespace, per rule.</summary>
public static class MatchEvaluator
{
    public static bool RuleMatches(Rule rule, PacketContext p, NetfilterRuntime runtime)
    {
        Ipv4Packet ip = p.Ip;
        if (rule.Protocol != 0 && (p.Protocol == rule.Protocol) == rule.ProtocolInverted)
        {
            return false;
        }
        if (rule.Protocol == 0 && rule.ProtocolInverted)
        {
            return false;
        }
        if (!rule.Source.Matches(ip.Source) || !rule.Destination.Matches(ip.Destination))
        {
            return false;
        }
        if (!rule.InInterface.IsAny && !rule.InInterface.Matches(p.In?.Name ?? ""))
        {
            return false;
        }
        if (!rule.OutInterface.IsAny && !rule.OutInterface.Matches(p.Out?.Name ?? ""))
        {
            return false;
        }
        if (rule.Fragment == FragmentMatch.NonFirst && !p.IsLaterFragment || rule.Fragment == FragmentMatch.NotNonFirst && p.IsLaterFragment)
        {
            return false;
        }
        IReadOnlyList<Match> matches = rule.Matches;
        for (int i = 0; i < matches.Count; i++)
        {
            if (!Matches(matches[i], rule, p, runtime))
            {
                return false;
            }
        }
        return true;
    }

    private static bool InRange(ushort v, ushort min, ushort max, bool inverted) => (v >= min && v <= max) != inverted;

    public static bool Matches(Match match, Rule rule, PacketContext p, NetfilterRuntime runtime)
    {
        switch (match)
        {
            case CommentMatch or NfacctMatch:
                return true;
            case TcpMatch t:
                if (p.Protocol != IpProtocol.Tcp || p.IsLaterFragment || p.L4Truncated)
                {
                    return false;
                }
                return InRange(p.SourcePort, t.SourcePortMin, t.SourcePortMax, t.SourcePortInverted)
                    && InRange(p.DestinationPort, t.DestinationPortMin, t.DestinationPortMax, t.DestinationPortInverted)
                    && (t.FlagsMask == 0 || ((p.TcpFlags & t.FlagsMask) == t.FlagsCompare) != t.FlagsInverted)
                    && (t.Option == 0 || HasTcpOption(p, t.Option) != t.OptionInverted);
            case UdpMatch u:
                if (p.Protocol is not (IpProtocol.Udp or 136) || p.IsLaterFragment || p.L4Truncated)
                {
                    return false;
                }
                return InRange(p.SourcePort, u.SourcePortMin, u.SourcePortMax, u.SourcePortInverted)
                    && InRange(p.DestinationPort, u.DestinationPortMin, u.DestinationPortMax, u.DestinationPortInverted);
            case SctpMatch s:
                if (p.Protocol != IpProtocol.Sctp || p.IsLaterFragment || p.L4Truncated)
                {
                    return false;
                }
                return (!s.HasSourcePorts || InRange(p.SourcePort, s.SourcePortMin, s.SourcePortMax, s.SourcePortInverted))
                    && (!s.HasDestinationPorts || InRange(p.DestinationPort, s.DestinationPortMin, s.DestinationPortMax, s.DestinationPortInverted));
            case IcmpMatch i:
                if (p.Protocol != IpProtocol.Icmp || p.IsLaterFragment || p.L4Truncated)
                {
                    return false;
                }
                return (i.Type == 0xFF || (p.IcmpType == i.Type && p.IcmpCode >= i.CodeMin && p.IcmpCode <= i.CodeMax)) != i.Inverted;
            case ConntrackMatch c:
                return Conntrack(c, p);
            case MarkMatch m:
                return ((p.Frame.Mark & m.Mask) == m.Mark) != m.Inverted;
            case ConnmarkMatch cm:
                return p.Entry is { } e && ((e.Mark & cm.Mask) == cm.Mark) != cm.Inverted;
            case MultiportMatch mp:
                return Multiport(mp, p);
            case AddrtypeMatch a:
                return Addrtype(a, p, runtime);
            case PhysdevMatch pd:
                return Physdev(pd, p);
            case IprangeMatch r:
                {
                    Ipv4Packet ip = p.Ip;
                    return (!r.HasSource || (ip.Source.Value >= r.SourceMin.Value && ip.Source.Value <= r.SourceMax.Value) != r.SourceInverted)
                        && (!r.HasDestination || (ip.Destination.Value >= r.DestinationMin.Value && ip.Destination.Value <= r.DestinationMax.Value) != r.DestinationInverted);
                }
            case LengthMatch l:
                return (p.Length >= l.Min && p.Length <= l.Max) != l.Inverted;
            case LimitMatch lm:
                return runtime.State(rule, lm).Limit(lm, runtime.Now);
            case StatisticMatch st:
                if (st.IsNth)
                {
                    return runtime.State(rule, st).Nth(st) != st.Inverted;
                }
                return ((uint)(runtime.Random.Next() & 0x7FFFFFFF) < st.Probability) != st.Inverted;
            case RecentMatch rc:
                return runtime.Recent(rc, p);
            case SetMatch set:
                {
                    if (!runtime.Config.Ipsets.TryGet(set.SetName, out Ipset ipset))
                    {
                        return set.Inverted;
                    }
                    bool useSource = set.UseSource.Count == 0 || set.UseSource[0];
                    Ipv4Packet ip = p.Ip;
                    return ipset.Contains(useSource ? ip.Source : ip.Destination) != set.Inverted;
                }
            default:
                throw new InvalidOperationException($"no evaluation for match '{match.Name}'");
        }
    }

    private static bool HasTcpOption(PacketContext p, byte option)
    {
        Ipv4Packet ip = p.Ip;
        if (!TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp))
        {
            return false;
        }
        Span<byte> o = tcp.Options;
        for (int i = 0; i < o.Length;)
        {
            byte kind = o[i];
            if (kind == option)
            {
                return true;
            }
            if (kind == 0)
            {
                break;
            }
            i += kind == 1 ? 1 : Math.Max(2, i + 1 < o.Length ? (int)o[i + 1] : 2);
        }
        return false;
    }

    private static bool Conntrack(ConntrackMatch c, PacketContext p)
    {
        ConntrackEntry? e = p.Entry;
        bool Inv(ConntrackMatch.Fields f) => (c.Inverted & f) != 0;
        if ((c.Matched & ConntrackMatch.Fields.State) != 0)
        {
            uint bit = p.Info switch
            {
                CtInfo.New => ConntrackMatch.StateNew,
                CtInfo.Established or CtInfo.EstablishedReply => ConntrackMatch.StateEstablished,
                CtInfo.Related or CtInfo.RelatedReply => ConntrackMatch.StateRelated,
                CtInfo.Untracked => ConntrackMatch.StateUntracked,
                _ => ConntrackMatch.StateInvalid,
            };
            if (e is not null && p.Info != CtInfo.Invalid)
            {
                if (e.Has(ConntrackStatus.SrcNat))
                {
                    bit |= ConntrackMatch.StateSnat;
                }
                if (e.Has(ConntrackStatus.DstNat))
                {
                    bit |= ConntrackMatch.StateDnat;
                }
            }
            else
            {
                e = null;
            }
            if (((c.StateMask & bit) != 0) == Inv(ConntrackMatch.Fields.State))
            {
                return false;
            }
        }
        if (e is null || p.Info is CtInfo.Invalid or CtInfo.Untracked)
        {
            return (c.Matched & ~ConntrackMatch.Fields.State) == 0;
        }
        if ((c.Matched & ConntrackMatch.Fields.Direction) != 0 && p.IsReply != Inv(ConntrackMatch.Fields.Direction))
        {
            return false;
        }
        if ((c.Matched & ConntrackMatch.Fields.Protocol) != 0 && (e.Original.Protocol == c.Protocol) == Inv(ConntrackMatch.Fields.Protocol))
        {
            return false;
        }
        if (!Address(c, ConntrackMatch.Fields.OriginalSource, c.OriginalSource, e.Original.Source)
            || !Address(c, ConntrackMatch.Fields.OriginalDestination, c.OriginalDestination, e.Original.Destination)
            || !Address(c, ConntrackMatch.Fields.ReplySource, c.ReplySource, e.Reply.Source)
            || !Address(c, ConntrackMatch.Fields.ReplyDestination, c.ReplyDestination, e.Reply.Destination))
        {
            return false;
        }
        if ((c.Matched & ConntrackMatch.Fields.Status) != 0 && (((uint)e.Status & c.StatusMask) != 0) == Inv(ConntrackMatch.Fields.Status))
        {
            return false;
        }
        return true;
    }

    private static bool Address(ConntrackMatch c, ConntrackMatch.Fields field, AddressMatch a, Ipv4Address value) =>
        (c.Matched & field) == 0 || ((value.Value & a.Mask) == (a.Address.Value & a.Mask)) != ((c.Inverted & field) != 0);

    private static bool Multiport(MultiportMatch mp, PacketContext p)
    {
        if (p.Protocol is not (IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or 136) || p.IsLaterFragment || p.L4Truncated)
        {
            return false;
        }
        for (int i = 0; i < mp.Values.Count; i++)
        {
            ushort low = mp.Values[i];
            ushort high = low;
            if (mp.RangeStarts[i])
            {
                high = mp.Values[++i];
            }
            bool src = (mp.Ports & MultiportMatch.Direction.Source) != 0 && p.SourcePort >= low && p.SourcePort <= high;
            bool dst = (mp.Ports & MultiportMatch.Direction.Destination) != 0 && p.DestinationPort >= low && p.DestinationPort <= high;
            if (src || dst)
            {
                return !mp.Inverted;
            }
        }
        return mp.Inverted;
    }

    /// <summary>inet_addr_type (RTN_* numbers; the match masks are 1 &lt;&lt; RTN_x).</summary>
    public static int AddressType(Ipv4Stack stack, Ipv4Address address, NetDevice? device)
    {
        if (address.IsAny || address.IsBroadcast)
        {
            return 3; // RTN_BROADCAST
        }
        if (address.IsMulticast)
        {
            return 5; // RTN_MULTICAST
        }
        if (device is not null)
        {
            foreach (InterfaceAddress a in stack.AddressesOf(device))
            {
                if (a.Address == address)
                {
                    return 2;
                }
            }
        }
        else if (stack.IsLocalAddress(address))
        {
            return 2; // RTN_LOCAL
        }
        foreach (NetDevice d in stack.Namespace.DeviceList)
        {
            if (device is not null && d != device)
            {
                continue;
            }
            foreach (InterfaceAddress a in stack.AddressesOf(d))
            {
                if (a.Prefix.Length < 31 && (a.Prefix.BroadcastAddress == address || a.Broadcast == address) && d.AdminUp)
                {
                    return 3;
                }
            }
        }
        if (stack.Routes.TryLookup(address, out Route route))
        {
            return route.Kind switch
            {
                RouteKind.Blackhole => 6,
                RouteKind.Unreachable => 7,
                RouteKind.Prohibit => 8,
                _ => 1,
            };
        }
        return 1; // RTN_UNICAST
    }

    private static bool Addrtype(AddrtypeMatch a, PacketContext p, NetfilterRuntime runtime)
    {
        Ipv4Stack stack = runtime.Namespace.Ipv4;
        NetDevice? device = a.LimitToInInterface ? p.In : a.LimitToOutInterface ? p.Out : null;
        Ipv4Packet ip = p.Ip;
        if (a.SourceTypes != 0 && ((a.SourceTypes & (1 << AddressType(stack, ip.Source, device))) != 0) == a.SourceInverted)
        {
            return false;
        }
        if (a.DestinationTypes != 0 && ((a.DestinationTypes & (1 << AddressType(stack, ip.Destination, device))) != 0) == a.DestinationInverted)
        {
            return false;
        }
        return true;
    }

    private static bool Physdev(PhysdevMatch m, PacketContext p)
    {
        NetDevice? physIn = p.Frame.PhysIn;
        NetDevice? physOut = p.Frame.PhysOut;
        if (physIn is null && physOut is null)
        {
            // Not a bridged packet: only "not bridged/in/out" tests can match (xt_physdev).
            PhysdevMatch.Tests need = m.Given & (PhysdevMatch.Tests.IsBridged | PhysdevMatch.Tests.IsIn | PhysdevMatch.Tests.IsOut | PhysdevMatch.Tests.In | PhysdevMatch.Tests.Out);
            return need != 0 && (m.Inverted & need) == need;
        }
        bool Test(PhysdevMatch.Tests t, bool value) => (m.Given & t) == 0 || value != ((m.Inverted & t) != 0);
        return Test(PhysdevMatch.Tests.IsBridged, physOut is not null)
            && Test(PhysdevMatch.Tests.IsIn, physIn is not null)
            && Test(PhysdevMatch.Tests.IsOut, physOut is not null)
            && Test(PhysdevMatch.Tests.In, physIn is not null && new InterfaceMatch(m.InPort, false).Matches(physIn.Name))
            && Test(PhysdevMatch.Tests.Out, physOut is not null && new InterfaceMatch(m.OutPort, false).Matches(physOut.Name));
    }
}
