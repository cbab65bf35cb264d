using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j DNAT --to-destination [addr[-addr]][:port[-port[/base]]] [--random] [--persistent]</c> (revision 2).</summary>
public sealed record DnatTarget(NatRange Range) : Target
{
    public override string Name => "DNAT";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Range.Append(text, "--to-destination ", "--", skipColon: false);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Range.Append(text, "to:", "", skipColon: false);

    internal override uint HookMask => (1 << (int)NetfilterHook.PreRouting) | (1 << (int)NetfilterHook.Output);

    internal override string? TableName => "nat";

    internal sealed class Parser : NatTargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("to-destination", 0, OptionType.String, OptionFlags.Mandatory),
            new("random", 3, OptionType.None),
            new("persistent", 5, OptionType.None),
        ];

        public Parser()
            : base("DNAT")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override Target Build() => new DnatTarget(Range);
    }
}
