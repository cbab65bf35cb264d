using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m addrtype</c> (revision 1): the route type (RTN_*) of the source and/or destination address, e.g.
/// <c>--dst-type LOCAL</c>; optionally looked up only for the in/out interface.</summary>
public sealed record AddrtypeMatch : Match
{
    internal static readonly string[] TypeNames =
        ["UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE"];

    /// <summary>Bit n set for route type n (2 = LOCAL, 3 = BROADCAST, 5 = MULTICAST ...).</summary>
    public ushort SourceTypes { get; init; }

    public ushort DestinationTypes { get; init; }

    public bool SourceInverted { get; init; }

    public bool DestinationInverted { get; init; }

    public bool LimitToInInterface { get; init; }

    public bool LimitToOutInterface { get; init; }

    public override string Name => "addrtype";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (SourceTypes != 0)
        {
            text.Append(SourceInverted ? " !" : "").Append(" --src-type ");
            AppendTypes(text, SourceTypes);
        }
        if (DestinationTypes != 0)
        {
            text.Append(DestinationInverted ? " !" : "").Append(" --dst-type ");
            AppendTypes(text, DestinationTypes);
        }
        if (LimitToInInterface)
        {
            text.Append(" --limit-iface-in");
        }
        if (LimitToOutInterface)
        {
            text.Append(" --limit-iface-out");
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" ADDRTYPE match");
        if (SourceTypes != 0)
        {
            text.Append(" src-type ").Append(SourceInverted ? "!" : "");
            AppendTypes(text, SourceTypes);
        }
        if (DestinationTypes != 0)
        {
            text.Append(" dst-type ").Append(DestinationInverted ? "!" : "");
            AppendTypes(text, DestinationTypes);
        }
        if (LimitToInInterface)
        {
            text.Append(" limit-in");
        }
        if (LimitToOutInterface)
        {
            text.Append(" limit-out");
        }
    }

    /// <summary>addrtype_mt_checkentry: an interface limit must make sense for the hook.</summary>
    internal override Errno Check(KernelContext context)
    {
        const uint outHooks = (1 << (int)NetfilterHook.Output) | (1 << (int)NetfilterHook.PostRouting);
        const uint inHooks = (1 << (int)NetfilterHook.PreRouting) | (1 << (int)NetfilterHook.Input);
        if (LimitToInInterface && (context.HookMask & outHooks) != 0)
        {
            return Errno.EINVAL;
        }
        if (LimitToOutInterface && (context.HookMask & inHooks) != 0)
        {
            return Errno.EINVAL;
        }
        return Errno.None;
    }

    private static void AppendTypes(StringBuilder text, ushort mask)
    {
        string sep = "";
        for (int i = 0; i < TypeNames.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                text.Append(sep).Append(TypeNames[i]);
                sep = ",";
            }
        }
    }

    internal static ushort ParseTypes(string arg)
    {
        ushort mask = 0;
        int pos = 0;
        while (true)
        {
            int comma = arg.IndexOf(',', pos);
            string word = comma < 0 ? arg[pos..] : arg[pos..comma];
            int found = -1;
            for (int i = 0; word.Length > 0 && i < TypeNames.Length && found < 0; i++)
            {
                if (CText.PrefixEqualsIgnoreCase(word, TypeNames[i], word.Length))
                {
                    found = i;
                }
            }
            if (found < 0)
            {
                Fail.Parameter(comma < 0 ? $"addrtype: bad type \"{arg[pos..]}\"" : $"addrtype: bad type `{arg[pos..]}'");
            }
            mask |= (ushort)(1 << found);
            if (comma < 0)
            {
                return mask;
            }
            pos = comma + 1;
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("src-type", 0, OptionType.String, OptionFlags.Invert),
            new("dst-type", 1, OptionType.String, OptionFlags.Invert),
            new("limit-iface-in", 2, OptionType.None, Excl: 1 << 3),
            new("limit-iface-out", 3, OptionType.None, Excl: 1 << 2),
        ];

        private AddrtypeMatch _match = new();

        public Parser()
            : base("addrtype")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            _match = call.Spec.Id switch
            {
                0 => _match with { SourceTypes = (ushort)(_match.SourceTypes | ParseTypes(call.ArgOrEmpty)), SourceInverted = _match.SourceInverted || call.Invert },
                1 => _match with { DestinationTypes = (ushort)(_match.DestinationTypes | ParseTypes(call.ArgOrEmpty)), DestinationInverted = _match.DestinationInverted || call.Invert },
                2 => _match with { LimitToInInterface = true },
                _ => _match with { LimitToOutInterface = true },
            };
        }

        protected override void Check()
        {
            if ((Flags & 3) == 0)
            {
                Fail.Parameter("addrtype: you must specify --src-type or --dst-type");
            }
        }

        public override Match Build() => _match;
    }
}
