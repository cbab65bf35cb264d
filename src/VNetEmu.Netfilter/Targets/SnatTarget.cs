using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j SNAT --to-source [addr[-addr]][:port[-port]] [--random] [--random-fully] [--persistent]</c>.</summary>
public sealed record SnatTarget(NatRange Range) : Target
{
    public override string Name => "SNAT";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Range.Append(text, "--to-source ", "--", skipColon: false);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Range.Append(text, "to:", "", skipColon: false);

    internal override uint HookMask => (1 << (int)NetfilterHook.PostRouting) | (1 << (int)NetfilterHook.Input);

    internal override string? TableName => "nat";

    internal sealed class Parser : NatTargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("to-source", 1, OptionType.String, OptionFlags.Mandatory),
            new("random", 3, OptionType.None),
            new("random-fully", 4, OptionType.None),
            new("persistent", 5, OptionType.None),
        ];

        public Parser()
            : base("SNAT")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override Target Build() => new SnatTarget(Range);
    }
}
