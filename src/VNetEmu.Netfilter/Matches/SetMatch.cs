using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m set [!] --match-set NAME src|dst[,src|dst...]</c> (revision 4): the packet's address(es) are in the
/// ipset. The set must exist when the rule is added.</summary>
public sealed record SetMatch : Match
{
    public string SetName { get; init; } = "";

    /// <summary>For each dimension of the set, whether it is looked up with the source (true) or destination address.</summary>
    public ValueList<bool> UseSource { get; init; }

    public bool Inverted { get; init; }

    public bool ReturnNoMatch { get; init; }

    public bool SkipCounterUpdate { get; init; }

    public bool SkipSubCounterUpdate { get; init; }

    public override string Name => "set";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Append(text, "--match-set", "--");

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => Append(text, "match-set", "");

    private void Append(StringBuilder text, string option, string prefix)
    {
        text.Append(Inverted ? " !" : "").Append(' ').Append(option).Append(' ').Append(SetName);
        for (int i = 0; i < UseSource.Count; i++)
        {
            text.Append(i == 0 ? ' ' : ',').Append(UseSource[i] ? "src" : "dst");
        }
        if (ReturnNoMatch)
        {
            text.Append(' ').Append(prefix).Append("return-nomatch");
        }
        if (SkipCounterUpdate)
        {
            text.Append(" ! ").Append(prefix).Append("update-counters");
        }
        if (SkipSubCounterUpdate)
        {
            text.Append(" ! ").Append(prefix).Append("update-subcounters");
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("match-set", 0, OptionType.Legacy), new("set", 1, OptionType.Legacy),
            new("return-nomatch", 2, OptionType.LegacyNone), new("update-counters", 3, OptionType.LegacyNone),
            new("update-subcounters", 4, OptionType.LegacyNone),
        ];

        private SetMatch _match = new();

        public Parser()
            : base("set")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            switch (call.Spec.Name)
            {
                case "return-nomatch":
                    if (call.Invert)
                    {
                        Fail.Parameter("--return-nomatch flag cannot be inverted");
                    }
                    _match = _match with { ReturnNoMatch = true };
                    return;
                case "update-counters":
                    _match = call.Invert ? _match with { SkipCounterUpdate = true } : _match;
                    return;
                case "update-subcounters":
                    _match = call.Invert ? _match with { SkipSubCounterUpdate = true } : _match;
                    return;
            }
            if (_match.UseSource.Count > 0)
            {
                Fail.Parameter("--match-set can be specified only once");
            }
            string name = call.ArgOrEmpty;
            string? dirs = call.Context.PeekArgument;
            if (dirs is null || dirs.StartsWith('-') || dirs.StartsWith('!'))
            {
                Fail.Parameter("--match-set requires two args.");
            }
            if (name.Length > 31)
            {
                Fail.Parameter($"setname `{name}' too long, max 31 characters.");
            }
            if (!call.Context.State.Ipsets.TryGet(name, out _))
            {
                Fail.Parameter($"Set {name} doesn't exist.\n");
            }
            var useSource = new List<bool>();
            string[] parts = dirs.Split(',');
            foreach (string part in parts)
            {
                if (useSource.Count == 6)
                {
                    Fail.Parameter("Can't be more src/dst options than 6.");
                }
                if (part.StartsWith("src", StringComparison.Ordinal))
                {
                    useSource.Add(true);
                }
                else if (part.StartsWith("dst", StringComparison.Ordinal))
                {
                    useSource.Add(false);
                }
                else
                {
                    Fail.Parameter("You must spefify (the comma separated list of) 'src' or 'dst'.");
                }
            }
            call.Context.SkipArgument();
            Flags = 1;
            _match = _match with { SetName = name, UseSource = new ValueList<bool>(useSource), Inverted = call.Invert };
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("You must specify `--match-set' with proper arguments");
            }
        }

        public override Match Build() => _match;
    }
}
