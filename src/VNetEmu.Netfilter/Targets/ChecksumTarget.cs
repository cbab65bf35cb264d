using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j CHECKSUM --checksum-fill</c> (mangle table): computes a missing transport checksum.</summary>
public sealed record ChecksumTarget : Target
{
    public override string Name => "CHECKSUM";

    public override void AppendSaveText(StringBuilder text, Rule rule) => text.Append(" --checksum-fill");

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric) => text.Append(" CHECKSUM fill");

    internal override string? TableName => "mangle";

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options =
            [new("checksum-fill", 0, OptionType.None, OptionFlags.Mandatory)];

        public Parser()
            : base("CHECKSUM")
        {
        }

        public override IReadOnlyList<OptionSpec> Options => s_options;

        public override Target Build() => new ChecksumTarget();
    }
}
