using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j LOG [--log-prefix P] [--log-level L] [--log-tcp-sequence ...]</c>: logs to the kernel log and goes
/// on with the next rule.</summary>
public sealed record LogTarget : Target
{
    public const byte DefaultLevel = 4;

    /// <summary>XT_LOG_* flags: 1 tcp-sequence, 2 tcp-options, 4 ip-options, 8 uid, 0x20 macdecode.</summary>
    public byte Flags { get; init; }

    public byte Level { get; init; } = DefaultLevel;

    /// <summary>At most 29 characters, as the kernel's buffer keeps it.</summary>
    public string Prefix { get; init; } = "";

    public override string Name => "LOG";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (Prefix.Length > 0)
        {
            text.Append(" --log-prefix");
            TextFormat.AppendSaveString(text, Prefix);
        }
        if (Level != DefaultLevel)
        {
            text.Append(" --log-level ").Append(Level);
        }
        AppendFlag(text, 0x01, " --log-tcp-sequence");
        AppendFlag(text, 0x02, " --log-tcp-options");
        AppendFlag(text, 0x04, " --log-ip-options");
        AppendFlag(text, 0x08, " --log-uid");
        AppendFlag(text, 0x20, " --log-macdecode");
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        text.Append(" LOG");
        if (numeric)
        {
            text.Append(" flags ").Append(Flags).Append(" level ").Append(Level);
        }
        else
        {
            string? name = Level switch
            {
                0 => "emerg",
                1 => "alert",
                2 => "crit",
                3 => "err",
                4 => "warn",
                5 => "notice",
                6 => "info",
                7 => "debug",
                _ => null,
            };
            text.Append(name is null ? $" UNKNOWN level {Level}" : $" level {name}");
            AppendFlag(text, 0x01, " tcp-sequence");
            AppendFlag(text, 0x02, " tcp-options");
            AppendFlag(text, 0x04, " ip-options");
            AppendFlag(text, 0x08, " uid");
            AppendFlag(text, 0x20, " macdecode");
            if ((Flags & ~0x2F) != 0)
            {
                text.Append(" unknown-flags");
            }
        }
        if (Prefix.Length > 0)
        {
            text.Append(" prefix \"").Append(Prefix).Append('"');
        }
    }

    private void AppendFlag(StringBuilder text, byte flag, string name)
    {
        if ((Flags & flag) != 0)
        {
            text.Append(name);
        }
    }

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("log-level", 6, OptionType.SyslogLevel),
            new("log-prefix", 7, OptionType.String, Min: 1, StoreSize: 30),
            new("log-tcp-sequence", 0, OptionType.None),
            new("log-tcp-options", 1, OptionType.None),
            new("log-ip-options", 2, OptionType.None),
            new("log-uid", 3, OptionType.None),
            new("log-macdecode", 5, OptionType.None),
        ];

        private LogTarget _target = new();

        public Parser()
            : base("LOG")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            switch (call.Spec.Id)
            {
                case 6:
                    _target = _target with { Level = (byte)call.UInt };
                    break;
                case 7:
                    if (call.ArgOrEmpty.Contains('\n'))
                    {
                        Fail.Parameter("Newlines not allowed in --log-prefix");
                    }
                    _target = _target with { Prefix = call.StoredString };
                    break;
                default:
                    _target = _target with { Flags = (byte)(_target.Flags | (1 << call.Spec.Id)) };
                    break;
            }
        }

        public override Target Build() => _target;
    }
}
