using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary><c>-m sctp</c> (implied by <c>-p sctp --dport ...</c>): source and destination port ranges. Chunk-type
/// matching (<c>--chunk-types</c>) is not emulated and is refused as an unknown option.</summary>
public sealed record SctpMatch : Match
{
    public bool HasSourcePorts { get; init; }

    public ushort SourcePortMin { get; init; }

    public ushort SourcePortMax { get; init; } = ushort.MaxValue;

    public bool SourcePortInverted { get; init; }

    public bool HasDestinationPorts { get; init; }

    public ushort DestinationPortMin { get; init; }

    public ushort DestinationPortMax { get; init; } = ushort.MaxValue;

    public bool DestinationPortInverted { get; init; }

    public override string Name => "sctp";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (HasSourcePorts)
        {
            TextFormat.AppendSavePorts(text, "--sport", SourcePortMin, SourcePortMax, SourcePortInverted);
        }
        if (HasDestinationPorts)
        {
            TextFormat.AppendSavePorts(text, "--dport", DestinationPortMin, DestinationPortMax, DestinationPortInverted);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" sctp");
        if (HasSourcePorts)
        {
            TextFormat.AppendPorts(text, "spt", SourcePortMin, SourcePortMax, SourcePortInverted, numeric, "sctp");
        }
        if (HasDestinationPorts)
        {
            TextFormat.AppendPorts(text, "dpt", DestinationPortMin, DestinationPortMax, DestinationPortInverted, numeric, "sctp");
        }
    }

    internal override Errno Check(KernelContext context) =>
        context.Protocol != 132 || context.ProtocolInverted ? Errno.EINVAL : Errno.None;

    internal sealed class Parser : MatchParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("source-port", 0, OptionType.Legacy), new("sport", 0, OptionType.Legacy),
            new("destination-port", 1, OptionType.Legacy), new("dport", 1, OptionType.Legacy),
        ];

        private SctpMatch _match = new();

        public Parser()
            : base("sctp")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            uint bit = call.Spec.Id == 0 ? 1u : 2u;
            if ((Flags & bit) != 0)
            {
                Fail.Parameter(call.Spec.Id == 0 ? "Only one `--source-port' allowed" : "Only one `--destination-port' allowed");
            }
            Flags |= bit;
            (ushort min, ushort max) = TcpMatch.ParsePorts(call.ArgOrEmpty, "sctp");
            _match = call.Spec.Id == 0
                ? _match with { HasSourcePorts = true, SourcePortMin = min, SourcePortMax = max, SourcePortInverted = call.Invert }
                : _match with { HasDestinationPorts = true, DestinationPortMin = min, DestinationPortMax = max, DestinationPortInverted = call.Invert };
        }

        public override Match Build() => _match;
    }
}
