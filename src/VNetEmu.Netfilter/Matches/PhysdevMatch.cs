using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m physdev</c>: the bridge ports a bridged packet came in on / goes out of (br_netfilter).</summary>
public sealed record PhysdevMatch : Match
{
    [Flags]
    public enum Tests : byte
    {
        None = 0,
        In = 1,
        Out = 2,
        IsBridged = 4,
        IsIn = 8,
        IsOut = 16,
    }

    public Tests Given { get; init; }

    public Tests Inverted { get; init; }

    /// <summary>Bridge port names; a trailing '+' is a wildcard.</summary>
    public string InPort { get; init; } = "";

    public string OutPort { get; init; } = "";

    public override string Name => "physdev";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Append(text);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" PHYSDEV match");
        Append(text);
    }

    private void Append(StringBuilder text)
    {
        if ((Given & Tests.IsIn) != 0)
        {
            text.Append(Bang(Tests.IsIn)).Append(" --physdev-is-in");
        }
        if ((Given & Tests.In) != 0)
        {
            text.Append(Bang(Tests.In)).Append(" --physdev-in ").Append(InPort);
        }
        if ((Given & Tests.IsOut) != 0)
        {
            text.Append(Bang(Tests.IsOut)).Append(" --physdev-is-out");
        }
        if ((Given & Tests.Out) != 0)
        {
            text.Append(Bang(Tests.Out)).Append(" --physdev-out ").Append(OutPort);
        }
        if ((Given & Tests.IsBridged) != 0)
        {
            text.Append(Bang(Tests.IsBridged)).Append(" --physdev-is-bridged");
        }
    }

    private string Bang(Tests test) => (Inverted & test) != 0 ? " !" : "";

    /// <summary>physdev_mt_check: an output port test needs bridged traffic, so it is refused in OUTPUT unless the
    /// rule also requires <c>--physdev-is-bridged</c>.</summary>
    internal override Errno Check(KernelContext context)
    {
        bool bridgedOnly = (Given & Tests.IsBridged) != 0 && (Inverted & Tests.IsBridged) == 0;
        if ((Given & (Tests.Out | Tests.IsOut)) != 0 && !bridgedOnly && (context.HookMask & (1 << (int)NetfilterHook.Output)) != 0)
        {
            return Errno.EINVAL;
        }
        return Errno.None;
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("physdev-in", 0, OptionType.String, OptionFlags.Invert, StoreSize: 16),
            new("physdev-out", 1, OptionType.String, OptionFlags.Invert, StoreSize: 16),
            new("physdev-is-in", 2, OptionType.None, OptionFlags.Invert),
            new("physdev-is-out", 3, OptionType.None, OptionFlags.Invert),
            new("physdev-is-bridged", 4, OptionType.None, OptionFlags.Invert),
        ];

        private PhysdevMatch _match = new();

        public Parser()
            : base("physdev")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            Tests test = call.Spec.Id switch { 0 => Tests.In, 1 => Tests.Out, 2 => Tests.IsIn, 3 => Tests.IsOut, _ => Tests.IsBridged };
            PhysdevMatch m = _match with { Given = _match.Given | test, Inverted = call.Invert ? _match.Inverted | test : _match.Inverted };
            if (test == Tests.In)
            {
                m = m with { InPort = RuleParsing.ParseInterface(call.ArgOrEmpty) };
            }
            else if (test == Tests.Out)
            {
                m = m with { OutPort = RuleParsing.ParseInterface(call.ArgOrEmpty) };
            }
            _match = m;
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("PHYSDEV: no physdev option specified");
            }
        }

        public override Match Build() => _match;
    }
}
