using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j MARK</c> (revision 2): fwmark = (fwmark AND NOT mask) XOR mark. Every option form
/// (--set-mark, --and-mark, --or-mark, --xor-mark) is stored this way and saved as <c>--set-xmark mark/mask</c>.</summary>
public sealed record MarkTarget(uint Mark, uint Mask) : Target
{
    public override string Name => "MARK";

    public override void AppendSaveText(StringBuilder text, Rule rule) =>
        text.Append(" --set-xmark ").Append(TextFormat.Hex(Mark)).Append('/').Append(TextFormat.Hex(Mask));

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) =>
        text.Append(Describe(" MARK", Mark, Mask));

    internal static string Describe(string name, uint mark, uint mask)
    {
        if (mark == 0)
        {
            return $"{name} and {TextFormat.Hex(~mask)}";
        }
        if (mark == mask)
        {
            return $"{name} or {TextFormat.Hex(mark)}";
        }
        if (mask == 0)
        {
            return $"{name} xor {TextFormat.Hex(mark)}";
        }
        if (mask == uint.MaxValue)
        {
            return $"{name} set {TextFormat.Hex(mark)}";
        }
        return $"{name} xset {TextFormat.Hex(mark)}/{TextFormat.Hex(mask)}";
    }

    internal sealed class Parser : TargetParser
    {
        private const uint Any = 0x1F;

        private static readonly OptionSpec[] s_options =
        [
            new("set-xmark", 4, OptionType.MarkMask, Excl: Any),
            new("set-mark", 0, OptionType.MarkMask, Excl: Any),
            new("and-mark", 1, OptionType.UInt32, Excl: Any),
            new("or-mark", 2, OptionType.UInt32, Excl: Any),
            new("xor-mark", 3, OptionType.UInt32, Excl: Any),
        ];

        private MarkTarget _target = new(0, 0);

        public Parser()
            : base("MARK")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            var value = (uint)call.UInt;
            _target = call.Spec.Id switch
            {
                4 => new MarkTarget(call.Mark, call.Mask),
                0 => new MarkTarget(call.Mark, call.Mark | call.Mask),
                1 => new MarkTarget(0, ~value),
                2 => new MarkTarget(value, value),
                _ => new MarkTarget(value, 0),
            };
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
            }
        }

        public override Target Build() => _target;
    }
}
