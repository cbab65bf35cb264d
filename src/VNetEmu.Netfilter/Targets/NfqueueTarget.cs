using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j NFQUEUE</c> (revision 3): hands the packet to a userspace queue. The emulator has no queue readers,
/// so a queued packet is dropped unless <c>--queue-bypass</c> lets it continue.</summary>
public sealed record NfqueueTarget : Target
{
    public ushort QueueNumber { get; init; }

    /// <summary>How many queues packets are balanced over, starting at <see cref="QueueNumber"/> (1: no balancing).</summary>
    public ushort QueueCount { get; init; } = 1;

    public bool Bypass { get; init; }

    public bool CpuFanout { get; init; }

    public override string Name => "NFQUEUE";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        text.Append(QueueCount > 1 ? $" --queue-balance {QueueNumber}:{QueueNumber + QueueCount - 1}" : $" --queue-num {QueueNumber}");
        if (Bypass)
        {
            text.Append(" --queue-bypass");
        }
        if (CpuFanout)
        {
            text.Append(" --queue-cpu-fanout");
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(QueueCount > 1 ? $" NFQUEUE balance {QueueNumber}:{QueueNumber + QueueCount - 1}" : $" NFQUEUE num {QueueNumber}");
        if (Bypass)
        {
            text.Append(" bypass");
        }
        if (CpuFanout)
        {
            text.Append(" cpu-fanout");
        }
    }

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("queue-num", 0, OptionType.UInt16, Excl: 1 << 1),
            new("queue-balance", 1, OptionType.UInt16Range, Excl: 1 << 0, Max: ushort.MaxValue - 1),
            new("queue-bypass", 2, OptionType.None),
            new("queue-cpu-fanout", 3, OptionType.None, Also: 1 << 1),
        ];

        private NfqueueTarget _target = new();

        public Parser()
            : base("NFQUEUE")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            switch (call.Spec.Id)
            {
                case 0:
                    _target = _target with { QueueNumber = (ushort)call.UInt };
                    break;
                case 1:
                    if (call.Count != 2)
                    {
                        Fail.Parameter($"Bad range \"{call.ArgOrEmpty}\"");
                    }
                    if (call.Range[0] >= call.Range[1])
                    {
                        Fail.Parameter($"{call.Range[0]} should be less than {call.Range[1]}");
                    }
                    _target = _target with { QueueNumber = (ushort)call.Range[0], QueueCount = (ushort)(call.Range[1] - call.Range[0] + 1) };
                    break;
                case 2:
                    _target = _target with { Bypass = true };
                    break;
                default:
                    _target = _target with { CpuFanout = true };
                    break;
            }
        }

        public override Target Build() => _target;
    }
}
