using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j MASQUERADE [--to-ports port[-port]] [--random] [--random-fully]</c>: SNAT to the address of the
/// outgoing interface.</summary>
public sealed record MasqueradeTarget(NatRange Range) : Target
{
    public override string Name => "MASQUERADE";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Range.Append(text, "--to-ports ", "--", skipColon: true);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Range.Append(text, "masq ports: ", "", skipColon: true);

    internal override uint HookMask => 1 << (int)NetfilterHook.PostRouting;

    internal override string? TableName => "nat";

    internal sealed class Parser : NatTargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("to-ports", 2, OptionType.String),
            new("random", 3, OptionType.None),
            new("random-fully", 4, OptionType.None),
        ];

        public Parser()
            : base("MASQUERADE")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override Target Build() => new MasqueradeTarget(Range);
    }
}
