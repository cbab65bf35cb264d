using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m icmp --icmp-type</c> (implied by <c>-p icmp --icmp-type</c>): an ICMP type and a code range.
/// Type 255 is iptables' "any".</summary>
public sealed record IcmpMatch : Match
{
    private static readonly (string Name, byte Type, byte CodeMin, byte CodeMax)[] s_codes =
    [
        ("any", 0xFF, 0, 0xFF), ("echo-reply", 0, 0, 0xFF), ("pong", 0, 0, 0xFF),
        ("destination-unreachable", 3, 0, 0xFF), ("network-unreachable", 3, 0, 0), ("host-unreachable", 3, 1, 1),
        ("protocol-unreachable", 3, 2, 2), ("port-unreachable", 3, 3, 3), ("fragmentation-needed", 3, 4, 4),
        ("source-route-failed", 3, 5, 5), ("network-unknown", 3, 6, 6), ("host-unknown", 3, 7, 7),
        ("network-prohibited", 3, 9, 9), ("host-prohibited", 3, 10, 10), ("TOS-network-unreachable", 3, 11, 11),
        ("TOS-host-unreachable", 3, 12, 12), ("communication-prohibited", 3, 13, 13),
        ("host-precedence-violation", 3, 14, 14), ("precedence-cutoff", 3, 15, 15), ("source-quench", 4, 0, 0xFF),
        ("redirect", 5, 0, 0xFF), ("network-redirect", 5, 0, 0), ("host-redirect", 5, 1, 1),
        ("TOS-network-redirect", 5, 2, 2), ("TOS-host-redirect", 5, 3, 3), ("echo-request", 8, 0, 0xFF),
        ("ping", 8, 0, 0xFF), ("router-advertisement", 9, 0, 0xFF), ("router-solicitation", 10, 0, 0xFF),
        ("time-exceeded", 11, 0, 0xFF), ("ttl-exceeded", 11, 0, 0xFF), ("ttl-zero-during-transit", 11, 0, 0),
        ("ttl-zero-during-reassembly", 11, 1, 1), ("parameter-problem", 12, 0, 0xFF), ("ip-header-bad", 12, 0, 0),
        ("required-option-missing", 12, 1, 1), ("timestamp-request", 13, 0, 0xFF), ("timestamp-reply", 14, 0, 0xFF),
        ("address-mask-request", 17, 0, 0xFF), ("address-mask-reply", 18, 0, 0xFF),
    ];

    public byte Type { get; init; } = 0xFF;

    public byte CodeMin { get; init; }

    public byte CodeMax { get; init; } = 0xFF;

    public bool Inverted { get; init; }

    public override string Name => "icmp";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (Inverted)
        {
            text.Append(" !");
        }
        if (Type == 0xFF)
        {
            text.Append(" --icmp-type any");
            return;
        }
        text.Append(" --icmp-type ").Append(Type);
        if (CodeMin != 0 || CodeMax != 0xFF)
        {
            text.Append('/').Append(CodeMin);
        }
    }

    /// <summary>print_icmptype(); its numeric form really prints "icmptype 8" without a space (iptables 1.8.9).</summary>
    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" icmp");
        if (!numeric)
        {
            foreach ((string name, byte type, byte min, byte max) in s_codes)
            {
                if (type == Type && min == CodeMin && max == CodeMax)
                {
                    text.Append(' ').Append(Inverted ? "!" : "").Append(name);
                    return;
                }
            }
        }
        if (Inverted)
        {
            text.Append(" !");
        }
        text.Append("type ").Append(Type);
        if (CodeMin == CodeMax)
        {
            text.Append(" code ").Append(CodeMin);
        }
        else if (CodeMin != 0 || CodeMax != 0xFF)
        {
            text.Append(" codes ").Append(CodeMin).Append('-').Append(CodeMax);
        }
    }

    internal override Errno Check(KernelContext context) =>
        context.Protocol != 1 || context.ProtocolInverted ? Errno.EINVAL : Errno.None;

    /// <summary>ipt_parse_icmp(): a (prefix of a) name, "type" or "type/code".</summary>
    internal static (byte Type, byte CodeMin, byte CodeMax) ParseType(string text)
    {
        int match = -1;
        for (int i = 0; i < s_codes.Length; i++)
        {
            if (!CText.PrefixEqualsIgnoreCase(s_codes[i].Name, text, text.Length))
            {
                continue;
            }
            if (match >= 0)
            {
                Fail.Parameter($"Ambiguous ICMP type `{text}': `{s_codes[match].Name}' or `{s_codes[i].Name}'?");
            }
            match = i;
        }
        if (match >= 0)
        {
            return (s_codes[match].Type, s_codes[match].CodeMin, s_codes[match].CodeMax);
        }
        if (!ParseRange(text, 0, out uint typeMin, out uint typeMax, out int next))
        {
            Fail.Parameter($"Unknown ICMP type `{text}'");
        }
        byte codeMin = 0, codeMax = 255;
        if (next < text.Length)
        {
            if (text[next] != '/')
            {
                Fail.Parameter($"unknown character {text[next]}");
            }
            if (!ParseRange(text, next + 1, out uint cMin, out uint cMax, out next))
            {
                Fail.Parameter($"Unknown ICMP code `{text}'");
            }
            if (next < text.Length)
            {
                Fail.Parameter($"unknown character {text[next]}");
            }
            codeMin = (byte)cMin;
            codeMax = (byte)cMax;
        }
        if (typeMin != typeMax)
        {
            Fail.Parameter("ICMP type range not supported");
        }
        return ((byte)typeMin, codeMin, codeMax);
    }

    private static bool ParseRange(string text, int start, out uint min, out uint max, out int next)
    {
        min = max = 0;
        if (!CText.TryParseUIntPrefix(text, start, 0, 255, out ulong a, out next))
        {
            return false;
        }
        min = max = (uint)a;
        if (next < text.Length && text[next] == ':')
        {
            if (!CText.TryParseUIntPrefix(text, next + 1, 0, 255, out ulong b, out next))
            {
                return false;
            }
            max = (uint)b;
        }
        return true;
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("icmp-type", 0, OptionType.String, OptionFlags.Mandatory | OptionFlags.Invert)];

        private IcmpMatch _match = new();

        public Parser()
            : base("icmp")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            (byte type, byte min, byte max) = ParseType(call.ArgOrEmpty);
            _match = new IcmpMatch { Type = type, CodeMin = min, CodeMax = max, Inverted = _match.Inverted || call.Invert };
        }

        public override Match Build() => _match;
    }
}
