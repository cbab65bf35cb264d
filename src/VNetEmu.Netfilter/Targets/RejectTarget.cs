using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j REJECT [--reject-with TYPE]</c>: drop and answer with an ICMP error or a TCP RST.</summary>
public sealed record RejectTarget(RejectWith With) : Target
{
    private static readonly (string Name, string Alias)[] s_types =
    [
        ("icmp-net-unreachable", "net-unreach"), ("icmp-host-unreachable", "host-unreach"),
        ("icmp-proto-unreachable", "proto-unreach"), ("icmp-port-unreachable", "port-unreach"), ("", ""),
        ("icmp-net-prohibited", "net-prohib"), ("icmp-host-prohibited", "host-prohib"), ("tcp-reset", "tcp-rst"),
        ("icmp-admin-prohibited", "admin-prohib"),
    ];

    public override string Name => "REJECT";

    public override void AppendSaveText(StringBuilder text, Rule rule) =>
        text.Append(" --reject-with ").Append(s_types[(int)With].Name);

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) =>
        text.Append(" reject-with ").Append(s_types[(int)With].Name);

    internal override uint HookMask => (1 << (int)NetfilterHook.Input) | (1 << (int)NetfilterHook.Forward) | (1 << (int)NetfilterHook.Output);

    internal override string? TableName => "filter";

    /// <summary>reject_tg_check: a TCP reset needs the rule to match TCP only.</summary>
    internal override Errno Check(KernelContext context) =>
        With == RejectWith.TcpReset && (context.Protocol != 6 || context.ProtocolInverted) ? Errno.EINVAL : Errno.None;

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options = [new("reject-with", 0, OptionType.String)];

        private RejectWith _with = RejectWith.IcmpPortUnreachable;

        public Parser()
            : base("REJECT")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            string arg = call.ArgOrEmpty;
            for (int i = 0; i < s_types.Length; i++)
            {
                if (s_types[i].Name.Length == 0)
                {
                    continue;
                }
                if (CText.PrefixEqualsIgnoreCase(s_types[i].Name, arg, arg.Length) || CText.PrefixEqualsIgnoreCase(s_types[i].Alias, arg, arg.Length))
                {
                    _with = (RejectWith)i;
                    return;
                }
            }
            if (CText.PrefixEqualsIgnoreCase("echo-reply", arg, arg.Length) || CText.PrefixEqualsIgnoreCase("echoreply", arg, arg.Length))
            {
                Diagnostics?.Write("--reject-with echo-reply no longer supported\n");
            }
            Fail.Parameter($"unknown reject type \"{arg}\"");
        }

        public override Target Build() => new RejectTarget(_with);
    }
}

