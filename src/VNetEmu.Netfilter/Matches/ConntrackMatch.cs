using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m conntrack</c> (revision 3), and <c>-m state</c>, which iptables stores as the same match with
/// <see cref="IsStateAlias"/> set and prints back as <c>-m state --state</c>.</summary>
/// <remarks>The masks use the kernel's bit layout (xt_conntrack.h): state bit 0 INVALID, 1 ESTABLISHED, 2 RELATED,
/// 3 NEW, 6 UNTRACKED, 7 SNAT, 8 DNAT; status bits are IPS_* (1 EXPECTED, 2 SEEN_REPLY, 4 ASSURED, 8 CONFIRMED).</remarks>
public sealed record ConntrackMatch : Match
{
    public const uint StateInvalid = 1 << 0, StateEstablished = 1 << 1, StateRelated = 1 << 2, StateNew = 1 << 3,
        StateUntracked = 1 << 6, StateSnat = 1 << 7, StateDnat = 1 << 8;

    public const uint StatusExpected = 1, StatusSeenReply = 2, StatusAssured = 4, StatusConfirmed = 8;

    [Flags]
    public enum Fields : ushort
    {
        None = 0,
        State = 1 << 0,
        Protocol = 1 << 1,
        OriginalSource = 1 << 2,
        OriginalDestination = 1 << 3,
        ReplySource = 1 << 4,
        ReplyDestination = 1 << 5,
        Status = 1 << 6,
        Expires = 1 << 7,
        OriginalSourcePort = 1 << 8,
        OriginalDestinationPort = 1 << 9,
        ReplySourcePort = 1 << 10,
        ReplyDestinationPort = 1 << 11,
        Direction = 1 << 12,
    }

    /// <summary>Which fields are matched (match_flags).</summary>
    public Fields Matched { get; init; }

    /// <summary>Which matched fields are negated; for <see cref="Fields.Direction"/> a set bit means REPLY.</summary>
    public Fields Inverted { get; init; }

    public bool IsStateAlias { get; init; }

    public uint StateMask { get; init; }

    public uint StatusMask { get; init; }

    public byte Protocol { get; init; }

    public AddressMatch OriginalSource { get; init; }

    public AddressMatch OriginalDestination { get; init; }

    public AddressMatch ReplySource { get; init; }

    public AddressMatch ReplyDestination { get; init; }

    public (ushort Low, ushort High) OriginalSourcePort { get; init; }

    public (ushort Low, ushort High) OriginalDestinationPort { get; init; }

    public (ushort Low, ushort High) ReplySourcePort { get; init; }

    public (ushort Low, ushort High) ReplyDestinationPort { get; init; }

    public uint ExpiresMin { get; init; }

    public uint ExpiresMax { get; init; }

    public override string Name => IsStateAlias ? "state" : "conntrack";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Dump(text, "--", numeric: true);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Dump(text, "", numeric);

    private bool Has(Fields field) => (Matched & field) != 0;

    private string Bang(Fields field) => (Inverted & field) != 0 ? " !" : "";

    /// <summary>conntrack_dump() of libxt_conntrack, revision 3.</summary>
    private void Dump(StringBuilder text, string prefix, bool numeric)
    {
        if (Has(Fields.State))
        {
            text.Append(Bang(Fields.State)).Append(' ').Append(prefix).Append(IsStateAlias ? "state" : "ctstate");
            AppendStates(text, StateMask, " ");
        }
        if (Has(Fields.Protocol))
        {
            text.Append(Bang(Fields.Protocol)).Append(' ').Append(prefix).Append("ctproto ").Append(Protocol);
        }
        DumpAddress(text, prefix, "ctorigsrc", Fields.OriginalSource, OriginalSource, numeric);
        DumpAddress(text, prefix, "ctorigdst", Fields.OriginalDestination, OriginalDestination, numeric);
        DumpAddress(text, prefix, "ctreplsrc", Fields.ReplySource, ReplySource, numeric);
        DumpAddress(text, prefix, "ctrepldst", Fields.ReplyDestination, ReplyDestination, numeric);
        DumpPorts(text, prefix, "ctorigsrcport", Fields.OriginalSourcePort, OriginalSourcePort);
        DumpPorts(text, prefix, "ctorigdstport", Fields.OriginalDestinationPort, OriginalDestinationPort);
        DumpPorts(text, prefix, "ctreplsrcport", Fields.ReplySourcePort, ReplySourcePort);
        DumpPorts(text, prefix, "ctrepldstport", Fields.ReplyDestinationPort, ReplyDestinationPort);
        if (Has(Fields.Status))
        {
            text.Append(Bang(Fields.Status)).Append(' ').Append(prefix).Append("ctstatus");
            string sep = " ";
            foreach ((uint bit, string name) in new[] { (StatusExpected, "EXPECTED"), (StatusSeenReply, "SEEN_REPLY"), (StatusAssured, "ASSURED"), (StatusConfirmed, "CONFIRMED") })
            {
                if ((StatusMask & bit) != 0)
                {
                    text.Append(sep).Append(name);
                    sep = ",";
                }
            }
            if (StatusMask == 0)
            {
                text.Append(sep).Append("NONE");
            }
        }
        if (Has(Fields.Expires))
        {
            text.Append(Bang(Fields.Expires)).Append(' ').Append(prefix).Append("ctexpire ").Append(ExpiresMin);
            if (ExpiresMax != ExpiresMin)
            {
                text.Append(':').Append(ExpiresMax);
            }
        }
        if (Has(Fields.Direction))
        {
            text.Append(' ').Append(prefix).Append("ctdir ").Append((Inverted & Fields.Direction) != 0 ? "REPLY" : "ORIGINAL");
        }
    }

    private void DumpAddress(StringBuilder text, string prefix, string name, Fields field, AddressMatch address, bool numeric)
    {
        if (!Has(field))
        {
            return;
        }
        text.Append(Bang(field)).Append(' ').Append(prefix).Append(name);
        if (!numeric && address.Address.Value == 0)
        {
            text.Append(" anywhere");
            return;
        }
        text.Append(' ').Append(numeric ? AddressParsing.ToNumeric(address.Address.Value) : AddressParsing.ToAnyName(address.Address.Value))
            .Append(AddressParsing.MaskToNumeric(address.Mask));
    }

    private void DumpPorts(StringBuilder text, string prefix, string name, Fields field, (ushort Low, ushort High) ports)
    {
        if (!Has(field))
        {
            return;
        }
        text.Append(Bang(field)).Append(' ').Append(prefix).Append(name).Append(' ').Append(ports.Low);
        if (ports.High != 0 && ports.Low != ports.High)
        {
            text.Append(':').Append(ports.High);
        }
    }

    /// <summary>print_state(): the set states in the kernel's bit order, comma separated.</summary>
    internal static void AppendStates(StringBuilder text, uint mask, string firstSeparator)
    {
        string sep = firstSeparator;
        foreach ((uint bit, string name) in s_states)
        {
            if ((mask & bit) != 0)
            {
                text.Append(sep).Append(name);
                sep = ",";
            }
        }
    }

    private static readonly (uint Bit, string Name)[] s_states =
    [
        (StateInvalid, "INVALID"), (StateNew, "NEW"), (StateRelated, "RELATED"), (StateEstablished, "ESTABLISHED"),
        (StateUntracked, "UNTRACKED"), (StateSnat, "SNAT"), (StateDnat, "DNAT"),
    ];

    /// <summary>Parses "A,B,..." where each word may be any prefix of a state name (strncasecmp), in the order
    /// INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED[, SNAT, DNAT].</summary>
    internal static uint ParseStates(string arg, bool withNat, string badMessage)
    {
        string[] names = withNat
            ? ["INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED", "SNAT", "DNAT"]
            : ["INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED"];
        uint[] bits = [StateInvalid, StateNew, StateEstablished, StateRelated, StateUntracked, StateSnat, StateDnat];
        string? empty = withNat ? null : "\"--state\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED";
        return ParseNames(arg, names, bits, badMessage, empty);
    }

    /// <summary>A comma list of names, each any case-insensitive prefix of one of <paramref name="names"/>, into the OR of
    /// their <paramref name="bits"/>; a bad word fails with <paramref name="badMessage"/> ({0} = the rest of the list),
    /// an empty list with <paramref name="emptyMessage"/> when one is given.</summary>
    internal static uint ParseNames(string arg, string[] names, uint[] bits, string badMessage, string? emptyMessage = null)
    {
        uint mask = 0;
        int pos = 0;
        while (true)
        {
            int comma = arg.IndexOf(',', pos);
            string word = comma < 0 ? arg[pos..] : arg[pos..comma];
            int found = -1;
            if (comma < 0 && word.Length == 0 && emptyMessage is not null)
            {
                Fail.Parameter(emptyMessage);
            }
            for (int i = 0; word.Length > 0 && i < names.Length && found < 0; i++)
            {
                if (CText.PrefixEqualsIgnoreCase(word, names[i], word.Length))
                {
                    found = i;
                }
            }
            if (found < 0)
            {
                Fail.Parameter(string.Format(System.Globalization.CultureInfo.InvariantCulture, badMessage, arg[pos..]));
            }
            mask |= bits[found];
            if (comma < 0)
            {
                return mask;
            }
            pos = comma + 1;
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("ctstate", 0, OptionType.String, OptionFlags.Invert),
            new("ctproto", 1, OptionType.Protocol, OptionFlags.Invert),
            new("ctorigsrc", 2, OptionType.HostMask, OptionFlags.Invert),
            new("ctorigdst", 3, OptionType.HostMask, OptionFlags.Invert),
            new("ctreplsrc", 4, OptionType.HostMask, OptionFlags.Invert),
            new("ctrepldst", 5, OptionType.HostMask, OptionFlags.Invert),
            new("ctstatus", 10, OptionType.String, OptionFlags.Invert),
            new("ctexpire", 11, OptionType.UInt32Range, OptionFlags.Invert),
            new("ctorigsrcport", 6, OptionType.PortRange, OptionFlags.Invert),
            new("ctorigdstport", 7, OptionType.PortRange, OptionFlags.Invert),
            new("ctreplsrcport", 8, OptionType.PortRange, OptionFlags.Invert),
            new("ctrepldstport", 9, OptionType.PortRange, OptionFlags.Invert),
            new("ctdir", 12, OptionType.String),
        ];

        private ConntrackMatch _match = new();

        public Parser()
            : base("conntrack")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            ConntrackMatch m = _match;
            Fields field;
            switch (call.Spec.Name)
            {
                case "ctstate":
                    field = Fields.State;
                    m = m with { StateMask = m.StateMask | ParseStates(call.ArgOrEmpty, withNat: true, "Bad ctstate \"{0}\"") };
                    break;
                case "ctproto":
                    field = Fields.Protocol;
                    if (call.Protocol == 0 && (m.Inverted & Fields.Status) != 0)
                    {
                        Fail.Parameter("conntrack: rule would never match protocol");
                    }
                    m = m with { Protocol = call.Protocol };
                    break;
                case "ctorigsrc":
                    field = Fields.OriginalSource;
                    m = m with { OriginalSource = Address(call) };
                    break;
                case "ctorigdst":
                    field = Fields.OriginalDestination;
                    m = m with { OriginalDestination = Address(call) };
                    break;
                case "ctreplsrc":
                    field = Fields.ReplySource;
                    m = m with { ReplySource = Address(call) };
                    break;
                case "ctrepldst":
                    field = Fields.ReplyDestination;
                    m = m with { ReplyDestination = Address(call) };
                    break;
                case "ctstatus":
                    field = Fields.Status;
                    m = m with { StatusMask = m.StatusMask | ParseStatuses(call.ArgOrEmpty) };
                    break;
                case "ctexpire":
                    field = Fields.Expires;
                    m = m with { ExpiresMin = (uint)call.Range[0], ExpiresMax = (uint)(call.Count >= 2 ? call.Range[1] : call.Range[0]) };
                    break;
                case "ctorigsrcport":
                    field = Fields.OriginalSourcePort;
                    m = m with { OriginalSourcePort = Ports(call) };
                    break;
                case "ctorigdstport":
                    field = Fields.OriginalDestinationPort;
                    m = m with { OriginalDestinationPort = Ports(call) };
                    break;
                case "ctreplsrcport":
                    field = Fields.ReplySourcePort;
                    m = m with { ReplySourcePort = Ports(call) };
                    break;
                case "ctrepldstport":
                    field = Fields.ReplyDestinationPort;
                    m = m with { ReplyDestinationPort = Ports(call) };
                    break;
                default:
                    string arg = call.ArgOrEmpty;
                    if (string.Equals(arg, "ORIGINAL", StringComparison.OrdinalIgnoreCase))
                    {
                        _match = m with { Matched = m.Matched | Fields.Direction, Inverted = m.Inverted & ~Fields.Direction };
                    }
                    else if (string.Equals(arg, "REPLY", StringComparison.OrdinalIgnoreCase))
                    {
                        _match = m with { Matched = m.Matched | Fields.Direction, Inverted = m.Inverted | Fields.Direction };
                    }
                    else
                    {
                        Fail.Parameter($"conntrack: Bad value for \"--ctdir\" option: \"{arg}\"");
                    }
                    return;
            }
            _match = m with { Matched = m.Matched | field, Inverted = call.Invert ? m.Inverted | field : m.Inverted };
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("conntrack: At least one option is required");
            }
        }

        public override Match Build() => _match;

        private static AddressMatch Address(OptionCall call) =>
            new(new Wire.Ipv4Address(call.HostAddress), call.HostMask, false);

        private static (ushort, ushort) Ports(OptionCall call) =>
            ((ushort)call.Range[0], (ushort)call.Range[call.Count >= 2 ? 1 : 0]);

        private static uint ParseStatuses(string arg) => ParseNames(arg, ["NONE", "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"],
            [0, StatusExpected, StatusSeenReply, StatusAssured, StatusConfirmed], "Bad ctstatus \"{0}\"");
    }

    /// <summary><c>-m state --state</c>: parsed into a conntrack match marked as the state alias.</summary>
    internal sealed class StateParser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("state", 0, OptionType.String, OptionFlags.Mandatory | OptionFlags.Invert)];

        private ConntrackMatch _match = new() { IsStateAlias = true };

        public StateParser()
            : base("state")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            uint mask = ParseStates(call.ArgOrEmpty, withNat: false, "Bad state \"{0}\"");
            _match = _match with
            {
                Matched = Fields.State,
                StateMask = mask,
                Inverted = call.Invert ? _match.Inverted | Fields.State : _match.Inverted,
            };
        }

        public override Match Build() => _match;
    }
}
