using System.Runtime.InteropServices;
using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Netfilter.Conntrack;
using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Targets;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Runtime;

/// <summary>Netfilter of one namespace at the engine's hooks, in the kernel's priority order: raw (-300),
/// conntrack (-200), mangle (-150), nat DNAT (-100), filter (0), security (50), nat SNAT (100), confirm (last).
/// The nat table sees only the first packet of a connection; later packets are rewritten from the conntrack
/// entry. Rules are walked first-match with a jump stack (the reference semantics; a compiled classifier is a
/// later optimisation). With <see cref="Tracing"/> on, each frame collects its path through the rules.</summary>
public sealed class NetfilterRuntime : IPacketFilter
{
    private readonly Stack<PacketContext> _contexts = new();
    private readonly Dictionary<Rule, RuleState> _ruleStates = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Dictionary<Ipv4Address, List<long>>> _recent = new(StringComparer.Ordinal);
    private readonly Stack<(Chain Chain, int Next)> _jumps = new();
    private readonly Dictionary<JumpTarget, Chain?> _jumpTargets = new(ReferenceEqualityComparer.Instance);
    private static readonly string[] s_tableOrder = ["raw", "mangle", "nat", "filter", "security"];
    private readonly Table?[] _tables = new Table?[s_tableOrder.Length];
    private long _generation = -1;
    private bool _conntrackOn;

    public NetfilterRuntime(NetNamespace ns, NetfilterState config)
    {
        Namespace = ns;
        Config = config;
        Table = new ConntrackTable(ns.World);
        ns.Filter = this;
    }

    public NetNamespace Namespace { get; }
    public NetfilterState Config { get; }
    public ConntrackTable Table { get; }
    public Random Random => Namespace.World.Random;
    public long Now => Namespace.World.Now;

    /// <summary>Collect each frame's path through the rules into <see cref="Frame.Trace"/> (capture comments).</summary>
    public bool Tracing { get; set; }

    /// <summary>The kernel log (LOG target lines, conntrack warnings), as `dmesg` shows it.</summary>
    public List<string> KernelLog { get; } = [];

    /// <summary>True while some rule needs connection tracking (conntrack/state/connmark matches, NAT, CT, CONNMARK).</summary>
    public bool ConntrackEnabled
    {
        get
        {
            Refresh();
            return _conntrackOn;
        }
    }

    internal RuleState State(Rule rule, Match _)
    {
        if (!_ruleStates.TryGetValue(rule, out RuleState? s))
        {
            _ruleStates[rule] = s = new RuleState();
        }
        return s;
    }

    private void Refresh()
    {
        if (_generation == Config.Generation)
        {
            return;
        }
        _generation = Config.Generation;
        _conntrackOn = false;
        _jumpTargets.Clear();
        for (int i = 0; i < s_tableOrder.Length; i++)
        {
            _tables[i] = Config.GetTable(s_tableOrder[i]);
        }
        foreach (Table t in Config.Tables)
        {
            foreach (Chain c in t.Chains)
            {
                foreach (Rule r in c.Rules)
                {
                    _conntrackOn |= r.Target is SnatTarget or DnatTarget or MasqueradeTarget or RedirectTarget or CtTarget or ConnmarkTarget;
                    foreach (Match m in r.Matches)
                    {
                        _conntrackOn |= m is ConntrackMatch or ConnmarkMatch;
                    }
                }
            }
        }
    }

    public NfVerdict Hook(NfHook hook, Frame frame, NetDevice? input, NetDevice? output)
    {
        Refresh();
        if (_conntrackOn && (hook is NfHook.PreRouting or NfHook.LocalOut) && !Defragment(hook, frame))
        {
            return NfVerdict.Stolen;
        }
        PacketContext p = _contexts.Count > 0 ? _contexts.Pop() : new PacketContext();
        try
        {
            p.Load(frame, hook, input, output);
            if (frame.ConntrackInfo != 0)
            {
                p.Info = (CtInfo)(frame.ConntrackInfo - 1);
                p.Entry = frame.Conntrack as ConntrackEntry;
                p.IsReply = p.Info is CtInfo.EstablishedReply or CtInfo.RelatedReply;
            }
            if (Tracing)
            {
                frame.Trace ??= new StringBuilder();
            }
            bool accepted = hook switch
            {
                NfHook.PreRouting => Run(0, p) && Track(p) && Run(1, p) && Nat(p, source: false),
                NfHook.LocalIn => Run(1, p) && Run(3, p) && Run(4, p) && Nat(p, source: true) && Confirm(p),
                NfHook.Forward => Run(1, p) && Run(3, p) && Run(4, p),
                NfHook.LocalOut => Run(0, p) && Track(p) && Run(1, p) && Nat(p, source: false) && Run(3, p) && Run(4, p),
                _ => Run(1, p) && Nat(p, source: true) && Confirm(p),
            };
            if (!accepted)
            {
                Namespace.Drop(frame, DropReason.NetfilterDrop);
                return NfVerdict.Drop;
            }
            return NfVerdict.Accept;
        }
        finally
        {
            _contexts.Push(p);
        }
    }

    /// <summary>nf_defrag_ipv4 (priority -400, before raw): conntrack and NAT see whole datagrams. False when the
    /// frame was a fragment kept for later (or dropped as malformed); the fragment that completes a datagram is
    /// reassembled in place, so <paramref name="frame"/> goes on as the whole datagram, and output fragments it
    /// again at the size its fragments arrived in (<see cref="Frame.FragMaxSize"/>).</summary>
    private bool Defragment(NfHook hook, Frame frame)
    {
        if (!Ipv4Packet.CreateUnchecked(frame.Network).IsFragment || frame.ConntrackInfo == (byte)(CtInfo.Untracked + 1))
        {
            return true;
        }
        return Namespace.Ipv4.Defragment(frame, hook) is not null;
    }

    private bool Track(PacketContext p)
    {
        Frame frame = p.Frame;
        if (!_conntrackOn || frame.ConntrackInfo != 0)
        {
            return true;
        }
        ConntrackVerdict v = Table.Track(p.Ip);
        if (v.Entry is null && v.Info == CtInfo.New)
        {
            KernelLog.Add("nf_conntrack: nf_conntrack: table full, dropping packet");
            return false;
        }
        p.Entry = v.Entry;
        p.Info = v.Info;
        p.IsReply = v.IsReply;
        frame.Conntrack = v.Entry;
        frame.ConntrackInfo = (byte)(v.Info + 1);
        return true;
    }

    private bool Confirm(PacketContext p)
    {
        if (p.Entry is not { IsConfirmed: false } e || p.Info != CtInfo.New)
        {
            return true;
        }
        if (Table.Confirm(e))
        {
            return true;
        }
        if (Table.Count >= Table.Max)
        {
            KernelLog.Add("nf_conntrack: nf_conntrack: table full, dropping packet");
        }
        Trace(p, "conntrack: table full, DROP");
        return false;
    }

    /// <summary>The nat table for the first packet of a connection, then the rewrite every packet of it gets.</summary>
    private bool Nat(PacketContext p, bool source)
    {
        if (p.Entry is not { } e)
        {
            return true;
        }
        ConntrackStatus done = source ? ConntrackStatus.SrcNatDone : ConntrackStatus.DstNatDone;
        if (p.Info == CtInfo.New && !e.Has(done))
        {
            if (!Run(2, p))
            {
                return false;
            }
            e.Status |= done;
        }
        bool related = p.Info is CtInfo.Related or CtInfo.RelatedReply;
        if (NatManip.TryGetTarget(e, p.IsReply, source, out _, out _))
        {
            NatManip.Apply(p.Packet, e, p.IsReply, source, related);
            p.Reread();
        }
        return true;
    }

    /// <summary>Walks the built-in chain of table <paramref name="index"/> (raw, mangle, nat, filter, security) for the
    /// hook; false when the packet is dropped.</summary>
    private bool Run(int index, PacketContext p)
    {
        Table? table = _tables[index];
        if (table?.GetBuiltin(ToHook(p.Hook)) is not { } chain)
        {
            return true;
        }
        p.TableName = s_tableOrder[index];
        return Walk(table, chain, p);
    }

    private static NetfilterHook ToHook(NfHook hook) => hook switch
    {
        NfHook.PreRouting => NetfilterHook.PreRouting,
        NfHook.LocalIn => NetfilterHook.Input,
        NfHook.Forward => NetfilterHook.Forward,
        NfHook.LocalOut => NetfilterHook.Output,
        _ => NetfilterHook.PostRouting,
    };

    private bool Walk(Table table, Chain builtin, PacketContext p)
    {
        int depth = _jumps.Count;
        Chain chain = builtin;
        Span<Rule> rules = CollectionsMarshal.AsSpan(chain.RuleList);
        int i = 0;
        while (true)
        {
            if (i >= rules.Length)
            {
                if (_jumps.Count == depth)
                {
                    return Policy(builtin, p);
                }
                (chain, i) = _jumps.Pop();
                rules = CollectionsMarshal.AsSpan(chain.RuleList);
                continue;
            }
            Rule rule = rules[i++];
            if (!MatchEvaluator.RuleMatches(rule, p, this))
            {
                continue;
            }
            rule.Packets++;
            rule.Bytes += p.Length;
            switch (rule.Target)
            {
                case null:
                    continue;
                case VerdictTarget { Verdict: Verdict.Accept }:
                    Trace(p, chain, i, "ACCEPT");
                    Unwind(depth);
                    return true;
                case VerdictTarget { Verdict: Verdict.Drop }:
                    Trace(p, chain, i, "DROP");
                    Unwind(depth);
                    return false;
                case VerdictTarget { Verdict: Verdict.Return }:
                    Trace(p, chain, i, "RETURN");
                    if (_jumps.Count == depth)
                    {
                        return Policy(builtin, p);
                    }
                    (chain, i) = _jumps.Pop();
                    rules = CollectionsMarshal.AsSpan(chain.RuleList);
                    continue;
                case JumpTarget jump:
                    if (!_jumpTargets.TryGetValue(jump, out Chain? next))
                    {
                        _jumpTargets[jump] = next = table.GetChain(jump.Chain);
                    }
                    if (next is null)
                    {
                        continue;
                    }
                    if (p.Frame.Trace is not null)
                    {
                        Trace(p, chain, i, (jump.IsGoto ? "-g " : "-j ") + jump.Chain);
                    }
                    if (!jump.IsGoto)
                    {
                        _jumps.Push((chain, i));
                    }
                    chain = next;
                    rules = CollectionsMarshal.AsSpan(chain.RuleList);
                    i = 0;
                    continue;
                default:
                    TargetResult result = TargetExecutor.Execute(rule.Target, p, this);
                    if (rule.Target is not (SnatTarget or DnatTarget or MasqueradeTarget or RedirectTarget))
                    {
                        Trace(p, chain, i, rule.Target.Name);
                    }
                    if (result == TargetResult.Continue)
                    {
                        continue;
                    }
                    Unwind(depth);
                    return result == TargetResult.Accept;
            }
        }
    }

    private void Unwind(int depth)
    {
        while (_jumps.Count > depth)
        {
            _jumps.Pop();
        }
    }

    private bool Policy(Chain chain, PacketContext p)
    {
        if (chain.PolicyCountersEnabled)
        {
            chain.PolicyPackets++;
            chain.PolicyBytes += p.Length;
        }
        bool accept = chain.Policy == ChainPolicy.Accept;
        if (!accept || p.Frame.Trace is not null)
        {
            Trace(p, $"{p.TableName}/{chain.Name} policy {(accept ? "ACCEPT" : "DROP")}");
        }
        return accept;
    }

    /// <summary>"filter/FORWARD#5 ACCEPT (-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED)": where, what, and
    /// the rule's selectors as iptables-save writes them.</summary>
    private void Trace(PacketContext p, Chain chain, int ruleNumber, string what)
    {
        if (p.Frame.Trace is null)
        {
            return;
        }
        string text = Parsing.RuleFormatter.SaveText(chain.Rules[ruleNumber - 1], chain.Name);
        string prefix = "-A " + chain.Name;
        text = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..].Trim() : text;
        int jump = text.LastIndexOf(" -j ", StringComparison.Ordinal);
        if (jump < 0 && text.StartsWith("-j ", StringComparison.Ordinal))
        {
            jump = 0;
        }
        string selectors = jump >= 0 ? text[..jump].Trim() : text;
        Trace(p, selectors.Length > 0 ? $"{p.TableName}/{chain.Name}#{ruleNumber} {what} ({selectors})" : $"{p.TableName}/{chain.Name}#{ruleNumber} {what}");
    }

    private static void Trace(PacketContext p, string text)
    {
        if (p.Frame.Trace is { } t)
        {
            if (t.Length > 0)
            {
                t.Append("; ");
            }
            t.Append(text);
        }
    }

    internal void TraceNat(PacketContext p, ConntrackEntry e, bool source)
    {
        if (p.Frame.Trace is null)
        {
            return;
        }
        ConntrackTuple before = e.Original;
        ConntrackTuple after = e.Reply.Invert();
        string kind = source ? "SNAT" : "DNAT";
        string from = source ? Endpoint(before, true) : Endpoint(before, false);
        string to = source ? Endpoint(after, true) : Endpoint(after, false);
        Trace(p, $"nat/{Model.Table.ChainName(ToHook(p.Hook))} {kind} {from} → {to}");
    }

    private static string Endpoint(ConntrackTuple t, bool source) => t.Protocol is IpProtocol.Tcp or IpProtocol.Udp
        ? $"{(source ? t.Source : t.Destination)}:{(source ? t.SourcePort : t.DestinationPort)}"
        : (source ? t.Source : t.Destination).ToString();

    /// <summary>xt_recent: per-name lists of source (or destination) addresses with hit times.</summary>
    internal bool Recent(RecentMatch m, PacketContext p)
    {
        if (!_recent.TryGetValue(m.ListName, out var list))
        {
            _recent[m.ListName] = list = [];
        }
        Ipv4Address key = new((m.UseSource ? p.Ip.Source : p.Ip.Destination).Value & m.Mask);
        long now = Now;
        bool found = list.TryGetValue(key, out List<long>? hits);
        bool result;
        if ((m.Operation & RecentMatch.Operations.Set) != 0)
        {
            if (hits is null)
            {
                list[key] = hits = [];
            }
            hits.Add(now);
            result = true;
        }
        else if ((m.Operation & RecentMatch.Operations.Remove) != 0)
        {
            result = found;
            list.Remove(key);
        }
        else
        {
            result = found;
            if (found && (m.Seconds > 0 || m.HitCount > 0))
            {
                long since = now - m.Seconds * World.NanosPerSecond;
                int count = 0;
                foreach (long h in hits!)
                {
                    if (m.Seconds == 0 || h >= since)
                    {
                        count++;
                    }
                }
                result = count >= Math.Max(1u, m.HitCount);
            }
            if (found && (m.Operation & RecentMatch.Operations.Update) != 0)
            {
                hits!.Add(now);
            }
        }
        return result != m.Inverted;
    }

    /// <summary>The LOG target: a kernel log line in nf_log_ipv4's format.</summary>
    internal void Log(LogTarget log, PacketContext p)
    {
        Ipv4Packet ip = p.Ip;
        var sb = new StringBuilder();
        sb.Append(log.Prefix).Append("IN=").Append(p.In?.Name).Append(" OUT=").Append(p.Out?.Name);
        if (p.In is not null && p.Frame.NetworkOffset >= p.Frame.Start + EthernetFrame.HeaderLength && p.Frame.NetworkOffset - EthernetFrame.HeaderLength >= 0)
        {
            ReadOnlySpan<byte> eth = p.Frame.Buffer.AsSpan(p.Frame.NetworkOffset - EthernetFrame.HeaderLength, EthernetFrame.HeaderLength);
            sb.Append(" MAC=").Append(Convert.ToHexString(eth).ToLowerInvariant().Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b));
        }
        sb.Append(" SRC=").Append(ip.Source).Append(" DST=").Append(ip.Destination).Append(" LEN=").Append(ip.TotalLength)
            .Append($" TOS=0x{ip.Tos & 0x1E:X2} PREC=0x{ip.Tos & 0xE0:X2} TTL={ip.Ttl} ID={ip.Identification}");
        if (ip.DontFragment)
        {
            sb.Append(" DF");
        }
        switch (ip.Protocol)
        {
            case IpProtocol.Tcp:
                sb.Append($" PROTO=TCP SPT={p.SourcePort} DPT={p.DestinationPort}");
                break;
            case IpProtocol.Udp:
                sb.Append($" PROTO=UDP SPT={p.SourcePort} DPT={p.DestinationPort} LEN={ip.Payload.Length}");
                break;
            case IpProtocol.Icmp:
                sb.Append($" PROTO=ICMP TYPE={p.IcmpType} CODE={p.IcmpCode}");
                break;
            default:
                sb.Append(" PROTO=").Append(ip.Protocol);
                break;
        }
        KernelLog.Add(sb.ToString());
    }

    public void OnAddressRemoved(NetDevice device, Ipv4Address address)
    {
        foreach (ConntrackEntry e in Table.Snapshot())
        {
            if (e.MasqueradeDevice == device && e.MasqueradeAddress == address)
            {
                Table.Remove(e);
            }
        }
    }
}
