using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m limit --limit RATE[/unit] --limit-burst N</c>: a token bucket. <see cref="Average"/> is the
/// interval between packets in 1/10000 s, as the kernel's xt_rateinfo keeps it.</summary>
public sealed record LimitMatch(uint Average, uint Burst) : Match
{
    public const uint Scale = 10000;
    public const uint DefaultBurst = 5;

    private static readonly (string Name, uint Multiplier)[] s_rates =
        [("day", Scale * 24 * 60 * 60), ("hour", Scale * 60 * 60), ("min", Scale * 60), ("sec", Scale)];

    public override string Name => "limit";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(" --limit");
        AppendRate(text);
        if (Burst != DefaultBurst)
        {
            text.Append(" --limit-burst ").Append(Burst);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" limit: avg");
        AppendRate(text);
        text.Append(" burst ").Append(Burst);
    }

    private void AppendRate(StringBuilder text)
    {
        if (Average == 0)
        {
            text.Append(" inf");
            return;
        }
        int i = 1;
        for (; i < s_rates.Length; i++)
        {
            uint mult = s_rates[i].Multiplier;
            if (Average > mult || mult / Average < mult % Average)
            {
                break;
            }
        }
        text.Append(' ').Append(s_rates[i - 1].Multiplier / Average).Append('/').Append(s_rates[i - 1].Name);
    }

    /// <summary>The rate as iptables-nft reads it back from the nftables limit expression it was turned into
    /// (add_nft_limit / nft_parse_limit): the average is rounded to whole packets per unit.</summary>
    internal LimitMatch NormalizeNative()
    {
        if (Average == 0)
        {
            return this;
        }
        int i = 1;
        for (; i < s_rates.Length; i++)
        {
            uint mult = s_rates[i].Multiplier;
            if (Average > mult || mult / Average < mult % Average)
            {
                break;
            }
        }
        ulong rate = s_rates[i - 1].Multiplier / Average;
        ulong unit = s_rates[i - 1].Multiplier / Scale;
        return rate == 0 ? this : this with { Average = (uint)(Scale * unit / rate) };
    }

    /// <summary>parse_rate(): "N", "N/second", "N/min"... (any prefix of second, minute, hour, day).</summary>
    internal static bool TryParseRate(string rate, out uint average)
    {
        average = 0;
        uint mult = 1;
        int slash = rate.IndexOf('/');
        if (slash >= 0)
        {
            string unit = rate[(slash + 1)..];
            if (unit.Length == 0)
            {
                return false;
            }
            if (CText.PrefixEqualsIgnoreCase(unit, "second", unit.Length))
            {
                mult = 1;
            }
            else if (CText.PrefixEqualsIgnoreCase(unit, "minute", unit.Length))
            {
                mult = 60;
            }
            else if (CText.PrefixEqualsIgnoreCase(unit, "hour", unit.Length))
            {
                mult = 60 * 60;
            }
            else if (CText.PrefixEqualsIgnoreCase(unit, "day", unit.Length))
            {
                mult = 24 * 60 * 60;
            }
            else
            {
                return false;
            }
        }
        uint r = (uint)Atoi(rate);
        if (r == 0)
        {
            return false;
        }
        average = Scale * mult / r;
        if (average == 0)
        {
            Fail.Parameter($"Rate too fast \"{rate}\"");
        }
        return true;
    }

    private static int Atoi(string text)
    {
        int i = 0;
        while (i < text.Length && CText.IsSpace(text[i]))
        {
            i++;
        }
        bool negative = i < text.Length && text[i] == '-';
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            value = value * 10 + (text[i] - '0');
            if (value > int.MaxValue)
            {
                value = int.MaxValue;
            }
            i++;
        }
        return (int)(negative ? -value : value);
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("limit", 0, OptionType.String),
            new("limit-burst", 1, OptionType.UInt32, Min: 0, Max: 10000),
        ];

        private uint _average = Scale * 60 * 60 / 3;
        private uint _burst = DefaultBurst;

        public Parser()
            : base("limit")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            if (call.Spec.Id == 0)
            {
                if (!TryParseRate(call.ArgOrEmpty, out _average))
                {
                    Fail.Parameter($"bad rate \"{call.ArgOrEmpty}\"'");
                }
            }
            else
            {
                _burst = (uint)call.UInt;
            }
        }

        public override Match Build() => new LimitMatch(_average, _burst);
    }
}
