using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m nfacct --nfacct-name NAME</c>: counts into an nfacct object, which must exist.</summary>
/// <remarks>iptables 1.8.9 prints the name through xtables_save_string after a trailing space, so both forms carry
/// two spaces before the name.</remarks>
public sealed record NfacctMatch(string ObjectName) : Match
{
    public override string Name => "nfacct";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(" --nfacct-name ");
        TextFormat.AppendSaveString(text, ObjectName);
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" nfacct-name ");
        TextFormat.AppendSaveString(text, ObjectName);
    }

    internal override Errno Check(KernelContext context) =>
        context.State.NfacctObjects.Contains(ObjectName) ? Errno.None : Errno.ENOENT;

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
            [new("nfacct-name", 0, OptionType.String, OptionFlags.Mandatory, Min: 1, StoreSize: 32)];

        private string _name = "";

        public Parser()
            : base("nfacct")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            if (call.ArgOrEmpty.Contains('\n'))
            {
                Fail.Parameter("Newlines not allowed in --nfacct-name");
            }
            _name = call.StoredString;
        }

        public override Match Build() => new NfacctMatch(_name);
    }
}
