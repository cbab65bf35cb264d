using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m recent</c> (revision 1): a named list of recently seen addresses, set, checked, updated or removed.</summary>
public sealed record RecentMatch : Match
{
    [Flags]
    public enum Operations : byte
    {
        None = 0,
        Check = 1,
        Set = 2,
        Update = 4,
        Remove = 8,
        Ttl = 16,
        Reap = 32,
    }

    public Operations Operation { get; init; }

    public bool Inverted { get; init; }

    public uint Seconds { get; init; }

    public uint HitCount { get; init; }

    public string ListName { get; init; } = "DEFAULT";

    /// <summary>True for <c>--rsource</c> (the default), false for <c>--rdest</c>.</summary>
    public bool UseSource { get; init; } = true;

    public uint Mask { get; init; } = uint.MaxValue;

    public override string Name => "recent";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(Inverted ? " !" : "");
        if ((Operation & Operations.Set) != 0)
        {
            text.Append(" --set");
        }
        if ((Operation & Operations.Check) != 0)
        {
            text.Append(" --rcheck");
        }
        if ((Operation & Operations.Update) != 0)
        {
            text.Append(" --update");
        }
        if ((Operation & Operations.Remove) != 0)
        {
            text.Append(" --remove");
        }
        if (Seconds != 0)
        {
            text.Append(" --seconds ").Append((int)Seconds);
        }
        if ((Operation & Operations.Reap) != 0)
        {
            text.Append(" --reap");
        }
        if (HitCount != 0)
        {
            text.Append(" --hitcount ").Append((int)HitCount);
        }
        if ((Operation & Operations.Ttl) != 0)
        {
            text.Append(" --rttl");
        }
        text.Append(" --name ").Append(ListName).Append(" --mask ").Append(AddressParsing.ToNumeric(Mask));
        text.Append(UseSource ? " --rsource" : " --rdest");
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(Inverted ? " !" : "").Append(" recent:");
        if ((Operation & Operations.Set) != 0)
        {
            text.Append(" SET");
        }
        if ((Operation & Operations.Check) != 0)
        {
            text.Append(" CHECK");
        }
        if ((Operation & Operations.Update) != 0)
        {
            text.Append(" UPDATE");
        }
        if ((Operation & Operations.Remove) != 0)
        {
            text.Append(" REMOVE");
        }
        if (Seconds != 0)
        {
            text.Append(" seconds: ").Append((int)Seconds);
        }
        if ((Operation & Operations.Reap) != 0)
        {
            text.Append(" reap");
        }
        if (HitCount != 0)
        {
            text.Append(" hit_count: ").Append((int)HitCount);
        }
        if ((Operation & Operations.Ttl) != 0)
        {
            text.Append(" TTL-Match");
        }
        text.Append(" name: ").Append(ListName).Append(UseSource ? " side: source" : " side: dest");
        text.Append(" mask: ").Append(AddressParsing.ToNumeric(Mask));
    }

    /// <summary>recent_mt_check: at most XT_RECENT_MAX_NSTAMPS - 1 (255) hits can be counted.</summary>
    internal override Errno Check(KernelContext context) => HitCount >= 256 ? Errno.EINVAL : Errno.None;

    internal sealed class Parser : MatchParser
    {
        private const uint AnyOperation = 0xF;

        private static readonly OptionSpec[] s_options =
        [
            new("set", 0, OptionType.None, OptionFlags.Invert, Excl: AnyOperation),
            new("rcheck", 1, OptionType.None, OptionFlags.Invert, Excl: AnyOperation),
            new("update", 2, OptionType.None, OptionFlags.Invert, Excl: AnyOperation),
            new("remove", 3, OptionType.None, OptionFlags.Invert, Excl: AnyOperation),
            new("seconds", 4, OptionType.UInt32, Min: 1),
            new("reap", 5, OptionType.None, Also: 1 << 4),
            new("hitcount", 6, OptionType.UInt32),
            new("rttl", 7, OptionType.None, Excl: (1 << 0) | (1 << 3)),
            new("name", 8, OptionType.String, StoreSize: 200),
            new("rsource", 9, OptionType.None),
            new("rdest", 10, OptionType.None),
            new("mask", 11, OptionType.Host),
        ];

        private RecentMatch _match = new();

        public Parser()
            : base("recent")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            RecentMatch m = _match;
            _match = call.Spec.Id switch
            {
                0 => m with { Operation = m.Operation | Operations.Set, Inverted = m.Inverted || call.Invert },
                1 => m with { Operation = m.Operation | Operations.Check, Inverted = m.Inverted || call.Invert },
                2 => m with { Operation = m.Operation | Operations.Update, Inverted = m.Inverted || call.Invert },
                3 => m with { Operation = m.Operation | Operations.Remove, Inverted = m.Inverted || call.Invert },
                4 => m with { Seconds = (uint)call.UInt },
                5 => m with { Operation = m.Operation | Operations.Reap },
                6 => m with { HitCount = (uint)call.UInt },
                7 => m with { Operation = m.Operation | Operations.Ttl },
                8 => m with { ListName = call.StoredString },
                9 => m with { UseSource = true },
                10 => m with { UseSource = false },
                _ => m with { Mask = call.HostAddress },
            };
        }

        protected override void Check()
        {
            if ((Flags & AnyOperation) == 0)
            {
                Fail.Parameter("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
            }
        }

        public override Match Build() => _match;
    }
}
