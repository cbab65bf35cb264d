using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m udp</c> (implied by <c>-p udp --dport ...</c>): source and destination port ranges.</summary>
public sealed record UdpMatch : Match
{
    public ushort SourcePortMin { get; init; }

    public ushort SourcePortMax { get; init; } = ushort.MaxValue;

    public bool SourcePortInverted { get; init; }

    public ushort DestinationPortMin { get; init; }

    public ushort DestinationPortMax { get; init; } = ushort.MaxValue;

    public bool DestinationPortInverted { get; init; }

    public override string Name => "udp";

    internal bool IsAllZero => this == new UdpMatch();

    internal bool IsNativeInNft => !IsAllZero;

    internal bool EncodesNothingNative =>
        SourcePortMin == 0 && SourcePortMax == ushort.MaxValue && DestinationPortMin == 0 && DestinationPortMax == ushort.MaxValue;

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (SourcePortMin != 0 || SourcePortMax != ushort.MaxValue)
        {
            TextFormat.AppendSavePorts(text, "--sport", SourcePortMin, SourcePortMax, SourcePortInverted);
        }
        if (DestinationPortMin != 0 || DestinationPortMax != ushort.MaxValue)
        {
            TextFormat.AppendSavePorts(text, "--dport", DestinationPortMin, DestinationPortMax, DestinationPortInverted);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" udp");
        TextFormat.AppendPorts(text, "spt", SourcePortMin, SourcePortMax, SourcePortInverted, numeric, "udp");
        TextFormat.AppendPorts(text, "dpt", DestinationPortMin, DestinationPortMax, DestinationPortInverted, numeric, "udp");
    }

    internal UdpMatch NormalizeNative()
    {
        (ushort sMin, ushort sMax, bool sInv) = TcpMatch.NativePorts(SourcePortMin, SourcePortMax, SourcePortInverted);
        (ushort dMin, ushort dMax, bool dInv) = TcpMatch.NativePorts(DestinationPortMin, DestinationPortMax, DestinationPortInverted);
        return new UdpMatch
        {
            SourcePortMin = sMin,
            SourcePortMax = sMax,
            SourcePortInverted = sInv,
            DestinationPortMin = dMin,
            DestinationPortMax = dMax,
            DestinationPortInverted = dInv,
        };
    }

    internal override Errno Check(KernelContext context) =>
        !IsNativeInNft && (context.Protocol != 17 || context.ProtocolInverted) ? Errno.EINVAL : Errno.None;

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("source-port", 0, OptionType.PortRange, OptionFlags.Invert),
            new("sport", 0, OptionType.PortRange, OptionFlags.Invert),
            new("destination-port", 1, OptionType.PortRange, OptionFlags.Invert),
            new("dport", 1, OptionType.PortRange, OptionFlags.Invert),
        ];

        private UdpMatch _match = new();

        public Parser()
            : base("udp")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            var min = (ushort)call.Range[0];
            var max = (ushort)call.Range[1];
            _match = call.Spec.Id == 0
                ? _match with { SourcePortMin = min, SourcePortMax = max, SourcePortInverted = _match.SourcePortInverted || call.Invert }
                : _match with { DestinationPortMin = min, DestinationPortMax = max, DestinationPortInverted = _match.DestinationPortInverted || call.Invert };
        }

        public override Match Build() => _match;
    }
}
