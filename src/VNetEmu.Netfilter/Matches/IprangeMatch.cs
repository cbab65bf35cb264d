using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m iprange [!] --src-range a[-b] [!] --dst-range a[-b]</c> (revision 1).</summary>
public sealed record IprangeMatch : Match
{
    public bool HasSource { get; init; }

    public Ipv4Address SourceMin { get; init; }

    public Ipv4Address SourceMax { get; init; }

    public bool SourceInverted { get; init; }

    public bool HasDestination { get; init; }

    public Ipv4Address DestinationMin { get; init; }

    public Ipv4Address DestinationMax { get; init; }

    public bool DestinationInverted { get; init; }

    public override string Name => "iprange";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (HasSource)
        {
            text.Append(SourceInverted ? " !" : "").Append(" --src-range ").Append(SourceMin).Append('-').Append(SourceMax);
        }
        if (HasDestination)
        {
            text.Append(DestinationInverted ? " !" : "").Append(" --dst-range ").Append(DestinationMin).Append('-').Append(DestinationMax);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        if (HasSource)
        {
            text.Append(" source IP range").Append(SourceInverted ? " !" : "").Append(' ').Append(SourceMin).Append('-').Append(SourceMax);
        }
        if (HasDestination)
        {
            text.Append(" destination IP range").Append(DestinationInverted ? " !" : "").Append(' ').Append(DestinationMin).Append('-').Append(DestinationMax);
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("src-range", 0, OptionType.String, OptionFlags.Invert),
            new("dst-range", 1, OptionType.String, OptionFlags.Invert),
        ];

        private IprangeMatch _match = new();

        public Parser()
            : base("iprange")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override TextWriter? Diagnostics { get; set; }

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            bool source = call.Spec.Id == 0;
            (Ipv4Address min, Ipv4Address max) = ParseRange(call.ArgOrEmpty, source ? "--src-range" : "--dst-range");
            _match = source
                ? _match with { HasSource = true, SourceMin = min, SourceMax = max, SourceInverted = _match.SourceInverted || call.Invert }
                : _match with { HasDestination = true, DestinationMin = min, DestinationMax = max, DestinationInverted = _match.DestinationInverted || call.Invert };
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("iprange match: You must specify `--src-range' or `--dst-range'");
            }
        }

        public override Match Build() => _match;

        private (Ipv4Address, Ipv4Address) ParseRange(string text, string option)
        {
            int dash = text.IndexOf('-');
            string first = dash < 0 ? text : text[..dash];
            string second = dash < 0 ? text : text[(dash + 1)..];
            Ipv4Address min = Parse(first, option), max = Parse(second, option);
            if (dash >= 0 && min.Value > max.Value)
            {
                Diagnostics?.Write($"xt_iprange: range {first}-{second} is reversed and will never match\n");
            }
            return (min, max);
        }

        private static Ipv4Address Parse(string text, string option)
        {
            if (!AddressParsing.TryNumericToAddress(text, isMask: false, out uint address))
            {
                Fail.Parameter($"iprange: Bad value for \"{option}\" option: \"{text}\"");
            }
            return new Ipv4Address(address);
        }
    }
}
