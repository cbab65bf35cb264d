using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m mark [!] --mark value[/mask]</c>: the packet's fwmark, masked, equals the value.</summary>
public sealed record MarkMatch(uint Mark, uint Mask, bool Inverted) : Match
{
    public override string Name => "mark";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(Inverted ? " !" : "").Append(" --mark");
        TextFormat.AppendMarkMask(text, Mark, Mask);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" mark match").Append(Inverted ? " !" : "");
        TextFormat.AppendMarkMask(text, Mark, Mask);
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("mark", 0, OptionType.MarkMask, OptionFlags.Mandatory | OptionFlags.Invert)];

        private MarkMatch _match = new(0, 0, false);

        public Parser()
            : base("mark")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            _match = new MarkMatch(call.Mark, call.Mask, _match.Inverted || call.Invert);
        }

        public override Match Build() => _match;
    }
}
