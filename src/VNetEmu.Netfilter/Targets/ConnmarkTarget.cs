using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j CONNMARK</c> (revision 2): set the connection mark (ctmark = (ctmark AND NOT ctmask) XOR ctmark'),
/// save the packet mark into it, or restore the packet mark from it, with masks and an optional shift.</summary>
public sealed record ConnmarkTarget : Target
{
    public ConnmarkMode Mode { get; init; }

    public uint CtMark { get; init; }

    public uint CtMask { get; init; } = uint.MaxValue;

    public uint NfMask { get; init; } = uint.MaxValue;

    /// <summary>True for a right shift.</summary>
    public bool ShiftRight { get; init; }

    public byte ShiftBits { get; init; }

    public override string Name => "CONNMARK";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        switch (Mode)
        {
            case ConnmarkMode.Set:
                text.Append(" --set-xmark ").Append(TextFormat.Hex(CtMark)).Append('/').Append(TextFormat.Hex(CtMask));
                break;
            case ConnmarkMode.Save:
                text.Append(" --save-mark --nfmask ").Append(TextFormat.Hex(NfMask)).Append(" --ctmask ").Append(TextFormat.Hex(CtMask));
                break;
            default:
                text.Append(" --restore-mark --nfmask ").Append(TextFormat.Hex(NfMask)).Append(" --ctmask ").Append(TextFormat.Hex(CtMask));
                break;
        }
        if (ShiftBits != 0)
        {
            text.Append(ShiftRight ? " --right-shift-mark " : " --left-shift-mark ").Append(ShiftBits);
        }
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        switch (Mode)
        {
            case ConnmarkMode.Set:
                text.Append(MarkTarget.Describe(" CONNMARK", CtMark, CtMask));
                break;
            case ConnmarkMode.Save:
                if (NfMask == uint.MaxValue && CtMask == uint.MaxValue)
                {
                    text.Append(" CONNMARK save");
                }
                else if (NfMask == CtMask)
                {
                    text.Append(" CONNMARK save mask ").Append(TextFormat.Hex(NfMask));
                }
                else
                {
                    text.Append(" CONNMARK save nfmask ").Append(TextFormat.Hex(NfMask)).Append(" ctmask ~").Append(TextFormat.Hex(CtMask));
                }
                break;
            default:
                if (CtMask == uint.MaxValue && NfMask == uint.MaxValue)
                {
                    text.Append(" CONNMARK restore");
                }
                else if (CtMask == NfMask)
                {
                    text.Append(" CONNMARK restore mask ").Append(TextFormat.Hex(CtMask));
                }
                else
                {
                    text.Append(" CONNMARK restore ctmask ").Append(TextFormat.Hex(CtMask)).Append(" nfmask ~").Append(TextFormat.Hex(NfMask));
                }
                break;
        }
        if (ShiftBits != 0)
        {
            text.Append(ShiftRight ? " right-shift-mark " : " left-shift-mark ").Append(ShiftBits);
        }
    }

    internal sealed class Parser : TargetParser
    {
        private const uint AnyOperation = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8);
        private const uint CtMaskBit = 1 << 9, NfMaskBit = 1 << 10, MaskBit = 1 << 11;

        private static readonly OptionSpec[] s_options =
        [
            new("set-xmark", 8, OptionType.MarkMask, Excl: AnyOperation),
            new("set-mark", 0, OptionType.MarkMask, Excl: AnyOperation),
            new("and-mark", 3, OptionType.UInt32, Excl: AnyOperation),
            new("or-mark", 4, OptionType.UInt32, Excl: AnyOperation),
            new("xor-mark", 5, OptionType.UInt32, Excl: AnyOperation),
            new("save-mark", 1, OptionType.None, Excl: AnyOperation),
            new("restore-mark", 2, OptionType.None, Excl: AnyOperation),
            new("left-shift-mark", 6, OptionType.UInt8, Min: 0, Max: 32),
            new("right-shift-mark", 7, OptionType.UInt8, Min: 0, Max: 32),
            new("ctmask", 9, OptionType.UInt32, Excl: MaskBit),
            new("nfmask", 10, OptionType.UInt32, Excl: MaskBit),
            new("mask", 11, OptionType.UInt32, Excl: CtMaskBit | NfMaskBit),
        ];

        private ConnmarkTarget _target = new();

        public Parser()
            : base("CONNMARK")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            var value = (uint)call.UInt;
            ConnmarkTarget t = _target;
            _target = call.Spec.Id switch
            {
                8 => t with { Mode = ConnmarkMode.Set, CtMark = call.Mark, CtMask = call.Mask },
                0 => t with { Mode = ConnmarkMode.Set, CtMark = call.Mark, CtMask = call.Mark | call.Mask },
                3 => t with { Mode = ConnmarkMode.Set, CtMark = 0, CtMask = ~value },
                4 => t with { Mode = ConnmarkMode.Set, CtMark = value, CtMask = value },
                5 => t with { Mode = ConnmarkMode.Set, CtMark = value, CtMask = 0 },
                1 => t with { Mode = ConnmarkMode.Save },
                2 => t with { Mode = ConnmarkMode.Restore },
                6 => t with { ShiftRight = false, ShiftBits = (byte)value },
                7 => t with { ShiftRight = true, ShiftBits = (byte)value },
                9 => t with { CtMask = value },
                10 => t with { NfMask = value },
                _ => t with { CtMask = value, NfMask = value },
            };
        }

        protected override void Check()
        {
            if ((Flags & AnyOperation) == 0)
            {
                Fail.Parameter("CONNMARK target: No operation specified");
            }
        }

        public override Target Build() => _target;
    }
}
