using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m length [!] --length min[:max]</c>: the IP packet's total length.</summary>
public sealed record LengthMatch(ushort Min, ushort Max, bool Inverted) : Match
{
    public override string Name => "length";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(Inverted ? " !" : "").Append(" --length ");
        AppendRange(text);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" length ").Append(Inverted ? "!" : "");
        AppendRange(text);
    }

    private void AppendRange(StringBuilder text)
    {
        text.Append(Min);
        if (Min != Max)
        {
            text.Append(':').Append(Max);
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("length", 0, OptionType.UInt16Range, OptionFlags.Mandatory | OptionFlags.Invert)];

        private LengthMatch _match = new(0, 0, false);

        public Parser()
            : base("length")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            var min = (ushort)call.Range[0];
            ushort max = call.Count >= 2 ? (ushort)call.Range[1] : min;
            _match = new LengthMatch(min, max, call.Invert);
        }

        public override Match Build() => _match;
    }
}
