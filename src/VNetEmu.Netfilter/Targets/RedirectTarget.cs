using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j REDIRECT [--to-ports port[-port]] [--random]</c>: DNAT to the receiving interface's primary address
/// (127.0.0.1 for locally generated packets).</summary>
public sealed record RedirectTarget(NatRange Range) : Target
{
    public override string Name => "REDIRECT";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Range.Append(text, "--to-ports ", "--", skipColon: true);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Range.Append(text, "redir ports ", "", skipColon: true);

    internal override uint HookMask => (1 << (int)NetfilterHook.PreRouting) | (1 << (int)NetfilterHook.Output);

    internal override string? TableName => "nat";

    internal sealed class Parser : NatTargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("to-ports", 2, OptionType.String),
            new("random", 3, OptionType.None),
        ];

        public Parser()
            : base("REDIRECT")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        protected override void Check() => RejectShiftedPortMap();

        public override Target Build() => new RedirectTarget(Range);
    }
}
