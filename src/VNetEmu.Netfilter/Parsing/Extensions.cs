using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>The match and target extensions this emulator implements, by the name given to <c>-m</c>/<c>-j</c>.
/// A match that is not here fails like a missing libxt_*.so; a target that is not here is taken for a chain name, as
/// iptables does (unless it names a real iptables target, which is refused rather than misread).</summary>
internal static class Extensions
{
    private static readonly Dictionary<string, Func<MatchParser>> s_matches = new(StringComparer.Ordinal)
    {
        ["tcp"] = () => new TcpMatch.Parser(),
        ["udp"] = () => new UdpMatch.Parser(),
        ["icmp"] = () => new IcmpMatch.Parser(),
        ["sctp"] = () => new SctpMatch.Parser(),
        ["conntrack"] = () => new ConntrackMatch.Parser(),
        ["state"] = () => new ConntrackMatch.StateParser(),
        ["addrtype"] = () => new AddrtypeMatch.Parser(),
        ["multiport"] = () => new MultiportMatch.Parser(),
        ["comment"] = () => new CommentMatch.Parser(),
        ["mark"] = () => new MarkMatch.Parser(),
        ["connmark"] = () => new ConnmarkMatch.Parser(),
        ["set"] = () => new SetMatch.Parser(),
        ["physdev"] = () => new PhysdevMatch.Parser(),
        ["iprange"] = () => new IprangeMatch.Parser(),
        ["statistic"] = () => new StatisticMatch.Parser(),
        ["limit"] = () => new LimitMatch.Parser(),
        ["length"] = () => new LengthMatch.Parser(),
        ["recent"] = () => new RecentMatch.Parser(),
        ["nfacct"] = () => new NfacctMatch.Parser(),
    };

    private static readonly Dictionary<string, Func<TargetParser>> s_targets = new(StringComparer.Ordinal)
    {
        ["REJECT"] = () => new RejectTarget.Parser(),
        ["LOG"] = () => new LogTarget.Parser(),
        ["MARK"] = () => new MarkTarget.Parser(),
        ["CONNMARK"] = () => new ConnmarkTarget.Parser(),
        ["DNAT"] = () => new DnatTarget.Parser(),
        ["SNAT"] = () => new SnatTarget.Parser(),
        ["MASQUERADE"] = () => new MasqueradeTarget.Parser(),
        ["REDIRECT"] = () => new RedirectTarget.Parser(),
        ["CHECKSUM"] = () => new ChecksumTarget.Parser(),
        ["CT"] = () => new CtTarget.Parser(notrackAlias: false),
        ["NOTRACK"] = () => new CtTarget.Parser(notrackAlias: true),
        ["TCPMSS"] = () => new TcpmssTarget.Parser(),
        ["NFQUEUE"] = () => new NfqueueTarget.Parser(),
    };

    /// <summary>Targets iptables 1.8.9 ships that are not emulated.</summary>
    private static readonly HashSet<string> s_unsupportedTargets = new(StringComparer.Ordinal)
    {
        "AUDIT", "CLASSIFY", "CLUSTERIP", "CONNSECMARK", "DSCP", "ECN", "HMARK", "IDLETIMER", "LED", "NETMAP", "NFLOG",
        "QUEUE", "RATEEST", "SECMARK", "SET", "SYNPROXY", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE",
        "TTL", "ULOG",
    };

    public static MatchParser? CreateMatch(string name) =>
        s_matches.TryGetValue(name, out Func<MatchParser>? factory) ? factory() : null;

    public static TargetParser? CreateTarget(string name) =>
        s_targets.TryGetValue(name, out Func<TargetParser>? factory) ? factory() : null;

    /// <summary>The standard verdicts, the emulated targets and the unemulated ones: names a chain may not take.</summary>
    public static bool IsTargetName(string name) =>
        name is "ACCEPT" or "DROP" or "RETURN" or "QUEUE" || s_targets.ContainsKey(name) || s_unsupportedTargets.Contains(name);

    public static bool IsUnsupportedTarget(string name) => s_unsupportedTargets.Contains(name) || name == "QUEUE";

    /// <summary>find_proto(): the extension a protocol name implies for <c>-p NAME --option</c>.</summary>
    public static MatchParser? CreateProtocolMatch(string protocol, bool numeric)
    {
        string? name = protocol;
        if (CText.TryParseUInt(protocol, 0, byte.MaxValue, out ulong number))
        {
            name = NetDb.ProtoToName((byte)number, numeric);
        }
        return name is null ? null : CreateMatch(name);
    }
}
