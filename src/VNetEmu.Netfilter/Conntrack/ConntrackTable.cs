using VNetEmu.Engine;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>The connection tracking table of one namespace (net/netfilter/nf_conntrack_core.c and the protocol
/// trackers): lookup by either tuple, new entries that enter the table only when confirmed (a packet dropped
/// before that leaves nothing), the TCP state machine, UDP stream detection, ICMP errors as RELATED, timeouts on
/// the virtual clock (checked when an entry is looked at), and nf_conntrack_max with early drop of unassured
/// entries, else "table full, dropping packet".</summary>
public sealed class ConntrackTable(World world)
{
    private const long S = World.NanosPerSecond;
    private readonly Dictionary<ConntrackTuple, ConntrackEntry> _byTuple = [];
    private readonly List<ConntrackEntry> _entries = [];
    private uint _nextId = 1;

    /// <summary>net.netfilter.nf_conntrack_max.</summary>
    public int Max { get; set; } = 262144;

    /// <summary>Packets dropped because the table was full (the kernel's "table full, dropping packet").</summary>
    public long TableFullDrops { get; private set; }

    public int Count => _entries.Count;

    private static long TcpTimeout(TcpConntrackState s) => s switch
    {
        TcpConntrackState.SynSent => 120 * S,
        TcpConntrackState.SynRecv => 60 * S,
        TcpConntrackState.Established => 432000 * S,
        TcpConntrackState.FinWait => 120 * S,
        TcpConntrackState.CloseWait => 60 * S,
        TcpConntrackState.LastAck => 30 * S,
        TcpConntrackState.TimeWait => 120 * S,
        TcpConntrackState.Close => 10 * S,
        TcpConntrackState.SynSent2 => 120 * S,
        _ => 10 * S,
    };

    /// <summary>nf_conntrack_in: finds or creates the entry of the packet <paramref name="ip"/> and updates its state.
    /// A new entry is returned unconfirmed; call <see cref="Confirm"/> when the packet leaves (POSTROUTING/INPUT).</summary>
    public ConntrackVerdict Track(Ipv4Packet ip)
    {
        long now = world.Now;
        if (!PacketKey.TryRead(ip, out ConntrackTuple tuple))
        {
            return ConntrackVerdict.Invalid;
        }
        Span<byte> l4 = ip.Payload;
        if (tuple.Protocol == IpProtocol.Icmp && ip.FragmentOffset == 0 && PacketKey.IsIcmpError(l4[0]))
        {
            return TrackIcmpError(l4);
        }
        if (TryLookup(tuple, now, out ConntrackEntry? entry, out bool reply))
        {
            if (entry.Original.Protocol == IpProtocol.Tcp && !reply && ip.FragmentOffset == 0 && entry.TcpState == TcpConntrackState.TimeWait
                && l4.Length >= 14 && (l4[13] & (TcpSegment.Syn | TcpSegment.Ack)) == TcpSegment.Syn)
            {
                Remove(entry); // a new SYN reopens a connection in TIME_WAIT: the old one is killed
            }
            else
            {
                if (!Update(entry, reply, ip, l4, now))
                {
                    return new ConntrackVerdict(CtInfo.Invalid, null, reply);
                }
                if (reply && !entry.Has(ConntrackStatus.SeenReply))
                {
                    entry.Status |= ConntrackStatus.SeenReply;
                }
                if (entry.Has(ConntrackStatus.Dying))
                {
                    return new ConntrackVerdict(reply ? CtInfo.EstablishedReply : CtInfo.Established, entry, reply);
                }
                return new ConntrackVerdict(reply ? CtInfo.EstablishedReply : (entry.Has(ConntrackStatus.SeenReply) ? CtInfo.Established : CtInfo.New), entry, reply);
            }
        }
        if (!IsValidNew(tuple, l4, ip.FragmentOffset))
        {
            return ConntrackVerdict.Invalid;
        }
        entry = new ConntrackEntry(tuple, _nextId++) { StreamNs = now + 2 * S };
        Update(entry, false, ip, l4, now);
        return new ConntrackVerdict(CtInfo.New, entry, false);
    }

    private ConntrackVerdict TrackIcmpError(ReadOnlySpan<byte> icmp)
    {
        if (!PacketKey.TryReadQuoted(icmp, out ConntrackTuple quoted))
        {
            return ConntrackVerdict.Invalid;
        }
        // The error travels against the quoted packet: look up the inverted tuple (icmp_error_message).
        if (!TryLookup(quoted.Invert(), world.Now, out ConntrackEntry? entry, out bool reply))
        {
            return ConntrackVerdict.Invalid;
        }
        return new ConntrackVerdict(reply ? CtInfo.RelatedReply : CtInfo.Related, entry, reply);
    }

    private static bool IsValidNew(ConntrackTuple tuple, ReadOnlySpan<byte> l4, int fragmentOffset)
    {
        if (fragmentOffset != 0)
        {
            return true;
        }
        switch (tuple.Protocol)
        {
            case IpProtocol.Tcp:
                if (l4.Length < 14)
                {
                    return false;
                }
                byte flags = l4[13];
                // tcp_new: a SYN starts; with nf_conntrack_tcp_loose (1) a bare ACK picks up a connection mid-stream.
                return (flags & TcpSegment.Rst) == 0 && ((flags & (TcpSegment.Syn | TcpSegment.Ack)) == TcpSegment.Syn
                    || (flags & (TcpSegment.Syn | TcpSegment.Ack | TcpSegment.Fin)) == TcpSegment.Ack);
            case IpProtocol.Icmp:
                return tuple.IcmpType is 8 or 13 or 15 or 17;
            default:
                return true;
        }
    }

    /// <summary>Updates protocol state and timeout for one packet; false when the packet is invalid for the state.</summary>
    private bool Update(ConntrackEntry e, bool reply, Ipv4Packet ip, ReadOnlySpan<byte> l4, long now)
    {
        switch (e.Original.Protocol)
        {
            case IpProtocol.Tcp:
                return UpdateTcp(e, reply, ip.FragmentOffset == 0 ? l4 : default, now);
            case IpProtocol.Udp:
                e.ExpiresNs = now + (e.Has(ConntrackStatus.SeenReply) && now > e.StreamNs ? 120 * S : 30 * S);
                if (e.Has(ConntrackStatus.SeenReply) && now > e.StreamNs)
                {
                    e.Status |= ConntrackStatus.Assured;
                }
                return true;
            case IpProtocol.Icmp:
                e.ExpiresNs = now + 30 * S;
                return true;
            default:
                e.ExpiresNs = now + 600 * S;
                return true;
        }
    }

    // tcp_conntracks[direction][flag index][old state]; columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2.
    private const TcpConntrackState sNO = TcpConntrackState.None, sSS = TcpConntrackState.SynSent, sSR = TcpConntrackState.SynRecv,
        sES = TcpConntrackState.Established, sFW = TcpConntrackState.FinWait, sCW = TcpConntrackState.CloseWait,
        sLA = TcpConntrackState.LastAck, sTW = TcpConntrackState.TimeWait, sCL = TcpConntrackState.Close,
        sS2 = TcpConntrackState.SynSent2, sIV = TcpConntrackState.Invalid, sIG = TcpConntrackState.Ignore;

    private static readonly TcpConntrackState[,,] s_tcp =
    {
        {
            /* syn    */ { sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2 },
            /* synack */ { sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR },
            /* fin    */ { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
            /* ack    */ { sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV },
            /* rst    */ { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
            /* none   */ { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
        },
        {
            /* syn    */ { sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2 },
            /* synack */ { sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR },
            /* fin    */ { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
            /* ack    */ { sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG },
            /* rst    */ { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
            /* none   */ { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
        },
    };

    private static int FlagIndex(byte flags)
    {
        if ((flags & TcpSegment.Rst) != 0)
        {
            return 4;
        }
        if ((flags & TcpSegment.Syn) != 0)
        {
            return (flags & TcpSegment.Ack) != 0 ? 1 : 0;
        }
        if ((flags & TcpSegment.Fin) != 0)
        {
            return 2;
        }
        return (flags & TcpSegment.Ack) != 0 ? 3 : 5;
    }

    private bool UpdateTcp(ConntrackEntry e, bool reply, ReadOnlySpan<byte> l4, long now)
    {
        if (l4.Length < 14)
        {
            e.ExpiresNs = Math.Max(e.ExpiresNs, now + TcpTimeout(e.TcpState));
            return true;
        }
        byte flags = l4[13];
        TcpConntrackState old = e.TcpState;
        TcpConntrackState next = s_tcp[reply ? 1 : 0, FlagIndex(flags), (int)old];
        if (next == TcpConntrackState.Invalid)
        {
            return false;
        }
        if (next == TcpConntrackState.Ignore)
        {
            return true;
        }
        if ((flags & TcpSegment.Rst) != 0 && !e.Has(ConntrackStatus.SeenReply) && e.IsConfirmed)
        {
            // "If only reply is a RST, we can consider ourselves not to have an established connection."
            e.TcpState = next;
            e.Status |= ConntrackStatus.Dying;
            Remove(e);
            return true;
        }
        e.TcpState = next;
        e.ExpiresNs = now + TcpTimeout(next);
        if ((old is TcpConntrackState.SynRecv or TcpConntrackState.Established) && next == TcpConntrackState.Established)
        {
            e.Status |= ConntrackStatus.Assured;
        }
        return true;
    }

    /// <summary>A lookup by either tuple; expired entries are removed when met.</summary>
    public bool TryLookup(ConntrackTuple tuple, long now, out ConntrackEntry entry, out bool reply)
    {
        if (_byTuple.TryGetValue(tuple, out entry!))
        {
            if (entry.ExpiresNs <= now)
            {
                Remove(entry);
                reply = false;
                return false;
            }
            reply = entry.Reply == tuple && entry.Original != tuple;
            return true;
        }
        reply = false;
        return false;
    }

    /// <summary>True when a confirmed entry other than <paramref name="self"/> already replies with <paramref name="reply"/>
    /// (nf_nat_used_tuple).</summary>
    public bool IsReplyTupleUsed(ConntrackTuple reply, ConntrackEntry self)
    {
        if (_byTuple.TryGetValue(reply, out ConntrackEntry? other) && other != self && other.ExpiresNs > world.Now)
        {
            return true;
        }
        return _byTuple.TryGetValue(reply.Invert(), out other) && other != self && other.ExpiresNs > world.Now;
    }

    /// <summary>__nf_conntrack_confirm: the packet is leaving; the entry enters the table. False when the table is
    /// full (the packet is to be dropped) or the reply tuple clashes.</summary>
    public bool Confirm(ConntrackEntry entry)
    {
        if (entry.IsConfirmed || entry.Has(ConntrackStatus.Dying))
        {
            return true;
        }
        if (_entries.Count >= Max && !MakeRoom())
        {
            TableFullDrops++;
            return false;
        }
        if (_byTuple.ContainsKey(entry.Original) || _byTuple.ContainsKey(entry.Reply))
        {
            return false;
        }
        entry.Status |= ConntrackStatus.Confirmed;
        _byTuple[entry.Original] = entry;
        _byTuple[entry.Reply] = entry;
        _entries.Add(entry);
        return true;
    }

    /// <summary>Frees a slot: expired entries first, then the oldest entry that is not ASSURED (early_drop).</summary>
    private bool MakeRoom()
    {
        long now = world.Now;
        foreach (ConntrackEntry e in _entries.ToList())
        {
            if (e.ExpiresNs <= now)
            {
                Remove(e);
            }
        }
        if (_entries.Count < Max)
        {
            return true;
        }
        ConntrackEntry? victim = _entries.Find(e => !e.Has(ConntrackStatus.Assured));
        if (victim is null)
        {
            return false;
        }
        Remove(victim);
        return true;
    }

    public void Remove(ConntrackEntry entry)
    {
        if (_byTuple.TryGetValue(entry.Original, out ConntrackEntry? a) && a == entry)
        {
            _byTuple.Remove(entry.Original);
        }
        if (_byTuple.TryGetValue(entry.Reply, out ConntrackEntry? b) && b == entry)
        {
            _byTuple.Remove(entry.Reply);
        }
        _entries.Remove(entry);
    }

    /// <summary>Changes the reply tuple of an unconfirmed entry (NAT set-up).</summary>
    internal void SetReply(ConntrackEntry entry, ConntrackTuple reply) => entry.Reply = reply;

    /// <summary>Live confirmed entries, newest first (as `conntrack -L` walks the hash table; tools sort).</summary>
    public List<ConntrackEntry> Snapshot()
    {
        long now = world.Now;
        var list = new List<ConntrackEntry>();
        foreach (ConntrackEntry e in _entries.ToList())
        {
            if (e.ExpiresNs <= now)
            {
                Remove(e);
                continue;
            }
            list.Add(e);
        }
        list.Reverse();
        return list;
    }

    public int Flush()
    {
        int n = _entries.Count;
        _byTuple.Clear();
        _entries.Clear();
        return n;
    }

    /// <summary>One line of `conntrack -L` (conntrack-tools 1.4.7, default output).</summary>
    public string Format(ConntrackEntry e)
    {
        var sb = new System.Text.StringBuilder();
        byte proto = e.Original.Protocol;
        string name = proto switch
        {
            IpProtocol.Tcp => "tcp",
            IpProtocol.Udp => "udp",
            IpProtocol.Icmp => "icmp",
            IpProtocol.Sctp => "sctp",
            136 => "udplite",
            _ => "unknown",
        };
        long remaining = Math.Max(0, (e.ExpiresNs - world.Now + S - 1) / S);
        sb.Append($"{name,-8} {proto} {remaining} ");
        if (proto == IpProtocol.Tcp)
        {
            sb.Append(TcpStateName(e.TcpState)).Append(' ');
        }
        sb.Append(e.Original).Append(' ');
        if (!e.Has(ConntrackStatus.SeenReply))
        {
            sb.Append("[UNREPLIED] ");
        }
        sb.Append(e.Reply).Append(' ');
        if (e.Has(ConntrackStatus.Assured))
        {
            sb.Append("[ASSURED] ");
        }
        sb.Append("mark=").Append(e.Mark).Append(" use=1");
        return sb.ToString();
    }

    public static string TcpStateName(TcpConntrackState s) => s switch
    {
        TcpConntrackState.None => "NONE",
        TcpConntrackState.SynSent => "SYN_SENT",
        TcpConntrackState.SynRecv => "SYN_RECV",
        TcpConntrackState.Established => "ESTABLISHED",
        TcpConntrackState.FinWait => "FIN_WAIT",
        TcpConntrackState.CloseWait => "CLOSE_WAIT",
        TcpConntrackState.LastAck => "LAST_ACK",
        TcpConntrackState.TimeWait => "TIME_WAIT",
        TcpConntrackState.Close => "CLOSE",
        TcpConntrackState.SynSent2 => "SYN_SENT2",
        _ => "NONE",
    };
}
