using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m connmark [!] --mark value[/mask]</c>: the connection's ctmark, masked, equals the value.</summary>
public sealed record ConnmarkMatch(uint Mark, uint Mask, bool Inverted) : Match
{
    public override string Name => "connmark";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(Inverted ? " !" : "").Append(" --mark");
        TextFormat.AppendMarkMask(text, Mark, Mask);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" connmark match ").Append(Inverted ? "!" : "");
        TextFormat.AppendMarkMask(text, Mark, Mask);
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("mark", 0, OptionType.MarkMask, OptionFlags.Mandatory | OptionFlags.Invert)];

        private ConnmarkMatch _match = new(0, 0, false);

        public Parser()
            : base("connmark")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            _match = new ConnmarkMatch(call.Mark, call.Mask, _match.Inverted || call.Invert);
        }

        public override Match Build() => _match;
    }
}
