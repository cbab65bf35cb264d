using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m tcp</c> (implied by <c>-p tcp --dport ...</c>): port ranges, TCP flags, a TCP option.</summary>
public sealed record TcpMatch : Match
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10, Urg = 0x20;

    private static readonly (string Name, byte Flag)[] s_flagNames =
        [("FIN", Fin), ("SYN", Syn), ("RST", Rst), ("PSH", Psh), ("ACK", Ack), ("URG", Urg), ("ALL", 0x3F), ("NONE", 0)];

    public ushort SourcePortMin { get; init; }

    public ushort SourcePortMax { get; init; } = ushort.MaxValue;

    public bool SourcePortInverted { get; init; }

    public ushort DestinationPortMin { get; init; }

    public ushort DestinationPortMax { get; init; } = ushort.MaxValue;

    public bool DestinationPortInverted { get; init; }

    public byte FlagsMask { get; init; }

    public byte FlagsCompare { get; init; }

    public bool FlagsInverted { get; init; }

    public byte Option { get; init; }

    public bool OptionInverted { get; init; }

    public override string Name => "tcp";

    /// <summary>tcp_all_zero(): nothing to match beyond the protocol (iptables-nft then keeps the xt match).</summary>
    internal bool IsAllZero => this == new TcpMatch();

    /// <summary>Whether iptables-nft turns this match into native nftables expressions (it does unless an inverted
    /// TCP option or the option itself is involved, or the match is empty).</summary>
    internal bool IsNativeInNft => !OptionInverted && Option == 0 && !IsAllZero;

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (SourcePortMin != 0 || SourcePortMax != ushort.MaxValue)
        {
            TextFormat.AppendSavePorts(text, "--sport", SourcePortMin, SourcePortMax, SourcePortInverted);
        }
        if (DestinationPortMin != 0 || DestinationPortMax != ushort.MaxValue)
        {
            TextFormat.AppendSavePorts(text, "--dport", DestinationPortMin, DestinationPortMax, DestinationPortInverted);
        }
        if (Option != 0 || OptionInverted)
        {
            text.Append(OptionInverted ? " !" : "").Append(" --tcp-option ").Append(Option);
        }
        if (FlagsMask != 0 || FlagsInverted)
        {
            text.Append(FlagsInverted ? " !" : "").Append(" --tcp-flags ");
            AppendFlags(text, FlagsMask);
            text.Append(' ');
            AppendFlags(text, FlagsCompare);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" tcp");
        TextFormat.AppendPorts(text, "spt", SourcePortMin, SourcePortMax, SourcePortInverted, numeric, "tcp");
        TextFormat.AppendPorts(text, "dpt", DestinationPortMin, DestinationPortMax, DestinationPortInverted, numeric, "tcp");
        if (Option != 0 || OptionInverted)
        {
            text.Append(" option=").Append(OptionInverted ? "!" : "").Append(Option);
        }
        if (FlagsMask != 0 || FlagsInverted)
        {
            text.Append(" flags:").Append(FlagsInverted ? "!" : "");
            if (numeric)
            {
                text.Append($"0x{FlagsMask:X2}/0x{FlagsCompare:X2}");
            }
            else
            {
                AppendFlags(text, FlagsMask);
                text.Append('/');
                AppendFlags(text, FlagsCompare);
            }
        }
    }

    /// <summary>The match as iptables-nft reads it back from nftables payload expressions.</summary>
    internal TcpMatch NormalizeNative()
    {
        (ushort sMin, ushort sMax, bool sInv) = NativePorts(SourcePortMin, SourcePortMax, SourcePortInverted);
        (ushort dMin, ushort dMax, bool dInv) = NativePorts(DestinationPortMin, DestinationPortMax, DestinationPortInverted);
        return this with
        {
            SourcePortMin = sMin,
            SourcePortMax = sMax,
            SourcePortInverted = sInv,
            DestinationPortMin = dMin,
            DestinationPortMax = dMax,
            DestinationPortInverted = dInv,
            FlagsCompare = FlagsMask == 0 ? (byte)0 : FlagsCompare,
            FlagsInverted = FlagsMask != 0 && FlagsInverted,
        };
    }

    /// <summary>What survives of a port range encoded by add_nft_tcpudp() and decoded again: a range starting at 0 is
    /// a "less or equal" compare, whose inversion comes back as a plain range above it; a full range is not encoded.</summary>
    internal static (ushort Min, ushort Max, bool Inverted) NativePorts(ushort min, ushort max, bool inverted)
    {
        if (min == 0 && max == ushort.MaxValue)
        {
            return (0, ushort.MaxValue, false);
        }
        if (min != max && min == 0)
        {
            return inverted ? ((ushort)Math.Min(max + 1, ushort.MaxValue), ushort.MaxValue, false) : ((ushort)0, max, false);
        }
        return (min, max, inverted);
    }

    /// <summary>True when nothing at all is encoded for the match in nftables (it then disappears from the rule).</summary>
    internal bool EncodesNothingNative =>
        SourcePortMin == 0 && SourcePortMax == ushort.MaxValue && DestinationPortMin == 0
        && DestinationPortMax == ushort.MaxValue && FlagsMask == 0;

    /// <summary>The xt tcp match requires <c>-p tcp</c>; a native one was already checked by iptables.</summary>
    internal override Errno Check(KernelContext context) =>
        !IsNativeInNft && (context.Protocol != 6 || context.ProtocolInverted) ? Errno.EINVAL : Errno.None;

    private static void AppendFlags(StringBuilder text, byte flags)
    {
        bool any = false;
        while (flags != 0)
        {
            int i = 0;
            while ((flags & s_flagNames[i].Flag) == 0)
            {
                i++;
            }
            if (any)
            {
                text.Append(',');
            }
            text.Append(s_flagNames[i].Name);
            any = true;
            flags &= (byte)~s_flagNames[i].Flag;
        }
        if (!any)
        {
            text.Append("NONE");
        }
    }

    internal static byte ParseFlags(string text)
    {
        byte result = 0;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int i = 0;
            while (i < s_flagNames.Length && !string.Equals(s_flagNames[i].Name, part, StringComparison.OrdinalIgnoreCase))
            {
                i++;
            }
            if (i == s_flagNames.Length)
            {
                Fail.Parameter($"Unknown TCP flag `{part}'");
            }
            result |= s_flagNames[i].Flag;
        }
        return result;
    }

    /// <summary>parse_tcp_ports(): "p", "p:q", ":q", "p:" with numbers or service names.</summary>
    internal static (ushort Min, ushort Max) ParsePorts(string text, string protocol)
    {
        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            ushort port = NetDb.ParsePort(text, protocol);
            return (port, port);
        }
        string first = text[..colon], second = text[(colon + 1)..];
        ushort min = first.Length > 0 ? NetDb.ParsePort(first, protocol) : (ushort)0;
        ushort max = second.Length > 0 ? NetDb.ParsePort(second, protocol) : ushort.MaxValue;
        if (min > max)
        {
            Fail.Parameter("invalid portrange (min > max)");
        }
        return (min, max);
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("source-port", 0, OptionType.Legacy), new("sport", 0, OptionType.Legacy),
            new("destination-port", 1, OptionType.Legacy), new("dport", 1, OptionType.Legacy),
            new("syn", 2, OptionType.LegacyNone), new("tcp-flags", 4, OptionType.Legacy),
            new("tcp-option", 3, OptionType.Legacy),
        ];

        private TcpMatch _match = new();

        public Parser()
            : base("tcp")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            string arg = call.ArgOrEmpty;
            switch (call.Spec.Name)
            {
                case "source-port" or "sport":
                    Once(1, "Only one `--source-port' allowed");
                    (ushort sMin, ushort sMax) = ParsePorts(arg, "tcp");
                    _match = _match with { SourcePortMin = sMin, SourcePortMax = sMax, SourcePortInverted = _match.SourcePortInverted || call.Invert };
                    break;
                case "destination-port" or "dport":
                    Once(2, "Only one `--destination-port' allowed");
                    (ushort dMin, ushort dMax) = ParsePorts(arg, "tcp");
                    _match = _match with { DestinationPortMin = dMin, DestinationPortMax = dMax, DestinationPortInverted = _match.DestinationPortInverted || call.Invert };
                    break;
                case "syn":
                    Once(4, "Only one of `--syn' or `--tcp-flags'  allowed");
                    _match = _match with { FlagsMask = Syn | Rst | Ack | Fin, FlagsCompare = Syn, FlagsInverted = _match.FlagsInverted || call.Invert };
                    break;
                case "tcp-flags":
                    Once(4, "Only one of `--syn' or `--tcp-flags'  allowed");
                    string? compare = call.Context.PeekArgument;
                    if (compare is null || compare.StartsWith('-') || compare.StartsWith('!'))
                    {
                        Fail.Parameter("--tcp-flags requires two args.");
                    }
                    _match = _match with { FlagsMask = ParseFlags(arg), FlagsCompare = ParseFlags(compare), FlagsInverted = _match.FlagsInverted || call.Invert };
                    call.Context.SkipArgument();
                    break;
                default:
                    Once(8, "Only one `--tcp-option' allowed");
                    if (!CText.TryParseUInt(arg, 1, byte.MaxValue, out ulong option))
                    {
                        Fail.Parameter($"Bad TCP option \"{arg}\"");
                    }
                    _match = _match with { Option = (byte)option, OptionInverted = _match.OptionInverted || call.Invert };
                    break;
            }
        }

        public override Match Build() => _match;

        private void Once(uint bit, string message)
        {
            if ((Flags & bit) != 0)
            {
                Fail.Parameter(message);
            }
            Flags |= bit;
        }
    }
}
