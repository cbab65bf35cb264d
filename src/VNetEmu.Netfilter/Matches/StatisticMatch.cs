using System.Globalization;
using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m statistic --mode random --probability P</c> or <c>--mode nth --every N [--packet P]</c>.</summary>
/// <remarks>Stored as the kernel stores it: the probability as a 31-bit fraction, <c>every</c> minus one.</remarks>
public sealed record StatisticMatch : Match
{
    public bool IsNth { get; init; }

    public bool Inverted { get; init; }

    /// <summary>lround(0x80000000 * p).</summary>
    public uint Probability { get; init; }

    /// <summary>N - 1 for "every Nth packet".</summary>
    public uint Every { get; init; }

    public uint Packet { get; init; }

    public override string Name => "statistic";

    public override void AppendSaveText(StringBuilder text, Rule rule) => Append(text, "--");

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" statistic");
        Append(text, "");
    }

    private void Append(StringBuilder text, string prefix)
    {
        string bang = Inverted ? " !" : "";
        if (!IsNth)
        {
            double p = 1.0 * Probability / 0x80000000;
            text.Append(' ').Append(prefix).Append("mode random").Append(bang).Append(' ').Append(prefix).Append("probability ")
                .Append(p.ToString("F11", CultureInfo.InvariantCulture));
            return;
        }
        text.Append(' ').Append(prefix).Append("mode nth").Append(bang).Append(' ').Append(prefix).Append("every ").Append(Every + 1);
        if (Packet != 0 || prefix.Length > 0)
        {
            text.Append(' ').Append(prefix).Append("packet ").Append(Packet);
        }
    }

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("mode", 0, OptionType.String, OptionFlags.Mandatory),
            new("probability", 1, OptionType.Double, OptionFlags.Invert, Excl: (1 << 2) | (1 << 3), Min: 0, Max: 1),
            new("every", 2, OptionType.UInt32, OptionFlags.Invert, Excl: 1 << 1, Also: 1 << 3, Min: 1),
            new("packet", 3, OptionType.UInt32, Excl: 1 << 1, Also: 1 << 2),
        ];

        private bool _nth;
        private bool _modeSet;
        private bool _inverted;
        private uint _probability;
        private uint _every;
        private uint _packet;

        public Parser()
            : base("statistic")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            if (call.Invert)
            {
                _inverted = true;
            }
            OptionParsing.Parse(call);
            switch (call.Spec.Id)
            {
                case 0:
                    if (call.ArgOrEmpty == "random")
                    {
                        _nth = false;
                    }
                    else if (call.ArgOrEmpty == "nth")
                    {
                        _nth = true;
                    }
                    else
                    {
                        Fail.Parameter($"Bad mode \"{call.ArgOrEmpty}\"");
                    }
                    _modeSet = true;
                    break;
                case 1:
                    _probability = (uint)Math.Round(0x80000000 * call.Double, MidpointRounding.AwayFromZero);
                    break;
                case 2:
                    _every = (uint)call.UInt - 1;
                    break;
                default:
                    _packet = (uint)call.UInt;
                    break;
            }
        }

        protected override void Check()
        {
            if (_modeSet && !_nth && (Flags & (1 << 1)) == 0)
            {
                Fail.Parameter("--probability must be specified when using random mode");
            }
            if (_modeSet && _nth && (Flags & ((1 << 2) | (1 << 3))) == 0)
            {
                Fail.Parameter("--every and --packet must be specified when using nth mode");
            }
            if (_packet > _every)
            {
                Fail.Parameter("the --packet p must be 0 <= p <= n-1");
            }
        }

        public override Match Build() => new StatisticMatch
        {
            IsNth = _nth,
            Inverted = _inverted,
            Probability = _nth ? 0 : _probability,
            Every = _nth ? _every : 0,
            Packet = _nth ? _packet : 0,
        };
    }
}
