using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m comment --comment TEXT</c>: matches everything; the text (at most 255 bytes) is only kept.</summary>
public sealed record CommentMatch(string Comment) : Match
{
    public override string Name => "comment";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(" --comment");
        TextFormat.AppendSaveString(text, Comment);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) =>
        text.Append(" /* ").Append(Comment).Append(" */");

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("comment", 0, OptionType.String, OptionFlags.Mandatory, StoreSize: 256)];

        private string _comment = "";

        public Parser()
            : base("comment")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            _comment = call.StoredString;
        }

        public override Match Build() => new CommentMatch(_comment);
    }
}
