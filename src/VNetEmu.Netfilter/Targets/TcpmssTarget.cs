using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j TCPMSS --set-mss N | --clamp-mss-to-pmtu</c>: rewrites the MSS option of TCP SYNs.</summary>
public sealed record TcpmssTarget(ushort Mss) : Target
{
    /// <summary>The value meaning "clamp to the path MTU minus 40".</summary>
    public const ushort ClampToPmtu = 0xFFFF;

    public override string Name => "TCPMSS";

    public override void AppendSaveText(StringBuilder text, Rule rule) =>
        text.Append(Mss == ClampToPmtu ? " --clamp-mss-to-pmtu" : $" --set-mss {Mss}");

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) =>
        text.Append(Mss == ClampToPmtu ? " TCPMSS clamp to PMTU" : $" TCPMSS set {Mss}");

    internal override byte RequiredProtocol => 6;

    internal override Errno Check(KernelContext context)
    {
        const uint allowed = (1 << (int)NetfilterHook.Forward) | (1 << (int)NetfilterHook.Output) | (1 << (int)NetfilterHook.PostRouting);
        return Mss == ClampToPmtu && (context.HookMask & ~allowed) != 0 ? Errno.EINVAL : Errno.None;
    }

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("set-mss", 0, OptionType.UInt16, Min: 0, Max: ushort.MaxValue - 20),
            new("clamp-mss-to-pmtu", 1, OptionType.None),
        ];

        private ushort _mss;

        public Parser()
            : base("TCPMSS")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            _mss = call.Spec.Id == 1 ? ClampToPmtu : (ushort)call.UInt;
        }

        protected override void Check()
        {
            if (Flags == 0)
            {
                Fail.Parameter("TCPMSS target: At least one parameter is required");
            }
        }

        public override Target Build() => new TcpmssTarget(_mss);
    }
}
