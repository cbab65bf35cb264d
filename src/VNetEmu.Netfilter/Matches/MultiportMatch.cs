using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m multiport</c> (revision 1): up to 15 ports or port ranges, for source, destination or either.</summary>
public sealed record MultiportMatch : Match
{
    public enum Direction : byte
    {
        Source = 1,
        Destination = 2,
        Either = 3,
    }

    public Direction Ports { get; init; }

    /// <summary>The ports; a range takes two entries, the first flagged in <see cref="RangeStarts"/>.</summary>
    public ValueList<ushort> Values { get; init; }

    public ValueList<bool> RangeStarts { get; init; }

    public bool Inverted { get; init; }

    public override string Name => "multiport";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (Inverted)
        {
            text.Append(" !");
        }
        text.Append(Ports switch { Direction.Source => " --sports ", Direction.Destination => " --dports ", _ => " --ports " });
        AppendValues(text, numeric: true, null);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" multiport ");
        text.Append(Ports switch { Direction.Source => "sports ", Direction.Destination => "dports ", _ => "ports " });
        if (Inverted)
        {
            text.Append(" !");
        }
        AppendValues(text, numeric, TextFormat.PortProtocolName(rule.Protocol));
    }

    private void AppendValues(StringBuilder text, bool numeric, string? protocol)
    {
        for (int i = 0; i < Values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            TextFormat.AppendPort(text, Values[i], numeric, protocol);
            if (RangeStarts[i])
            {
                text.Append(':');
                TextFormat.AppendPort(text, Values[++i], numeric, protocol);
            }
        }
    }

    internal sealed class Parser : MatchParser
    {
        private const uint Any = 7;

        private static readonly OptionSpec[] s_options =
        [
            new("source-ports", 0, OptionType.String, OptionFlags.Invert, Excl: Any),
            new("sports", 0, OptionType.String, OptionFlags.Invert, Excl: Any),
            new("destination-ports", 1, OptionType.String, OptionFlags.Invert, Excl: Any),
            new("dports", 1, OptionType.String, OptionFlags.Invert, Excl: Any),
            new("ports", 2, OptionType.String, OptionFlags.Invert, Excl: Any),
        ];

        private MultiportMatch _match = new();

        public Parser()
            : base("multiport")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            string protocol = CheckProtocol(call.Context);
            (List<ushort> values, List<bool> starts) = ParsePorts(call.ArgOrEmpty, protocol);
            _match = new MultiportMatch
            {
                Ports = (Direction)(call.Spec.Id + 1),
                Values = new ValueList<ushort>(values),
                RangeStarts = new ValueList<bool>(starts),
                Inverted = _match.Inverted || call.Invert,
            };
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("multiport expection an option");
            }
        }

        public override Match Build() => _match;

        private static string CheckProtocol(ParseContext context)
        {
            if (context.ProtocolInverted)
            {
                Fail.Parameter("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
            }
            string? name = TextFormat.PortProtocolName(context.Protocol);
            if (name is not null)
            {
                return name;
            }
            if (context.Protocol == 0)
            {
                Fail.Parameter("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
            }
            Fail.Parameter("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
            return "";
        }

        private static (List<ushort>, List<bool>) ParsePorts(string text, string protocol)
        {
            var values = new List<ushort>();
            var starts = new List<bool>();
            string[] items = text.Split(',');
            int i = 0;
            foreach (string item in items)
            {
                if (i >= 15)
                {
                    Fail.Parameter("too many ports specified");
                }
                int colon = item.IndexOf(':');
                if (colon >= 0 && i == 14)
                {
                    Fail.Parameter("too many ports specified");
                }
                string first = colon >= 0 ? item[..colon] : item;
                values.Add(NetDb.ParsePort(first, protocol));
                starts.Add(colon >= 0);
                if (colon >= 0)
                {
                    ushort second = NetDb.ParsePort(item[(colon + 1)..], protocol);
                    if (values[^1] >= second)
                    {
                        Fail.Parameter("invalid portrange specified");
                    }
                    values.Add(second);
                    starts.Add(false);
                    i++;
                }
                i++;
            }
            return (values, starts);
        }
    }
}
