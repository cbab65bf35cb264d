using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j CT</c> (revision 2) in the raw table: <c>--notrack</c> (also written <c>-j NOTRACK</c>, which is
/// kept as an alias and saved back as <c>-j NOTRACK</c>), conntrack zones, event masks and a timeout policy.</summary>
public sealed record CtTarget : Target
{
    private static readonly string[] s_ctEvents =
        ["new", "related", "destroy", "reply", "assured", "protoinfo", "mark", "natseqinfo", "secmark"];

    private static readonly int[] s_ctEventBits = [0, 1, 2, 3, 4, 5, 7, 8, 9];

    public bool NoTrack { get; init; }

    /// <summary>Created as <c>-j NOTRACK</c> (XT_CT_NOTRACK_ALIAS).</summary>
    public bool IsNotrackAlias { get; init; }

    public ushort Zone { get; init; }

    /// <summary>XT_CT_ZONE_* bits: 4 zone from the mark, 8 original direction only, 16 reply direction only.</summary>
    public ushort ZoneFlags { get; init; }

    public uint CtEvents { get; init; }

    public uint ExpectEvents { get; init; }

    public string Timeout { get; init; } = "";

    public override string Name => IsNotrackAlias ? "NOTRACK" : "CT";

    public override string ListName => "CT";

    public override void AppendSaveText(StringBuilder text, Rule rule)
    {
        if (IsNotrackAlias)
        {
            return;
        }
        if (NoTrack)
        {
            text.Append(" --notrack");
        }
        if (Timeout.Length > 0)
        {
            text.Append(" --timeout ").Append(Timeout);
        }
        AppendEvents(text, "--ctevents", "--expevents");
        AppendZone(text, "--zone");
    }

    public override void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
        if (IsNotrackAlias)
        {
            text.Append(" NOTRACK");
            return;
        }
        text.Append(" CT");
        if (NoTrack)
        {
            text.Append(" notrack");
        }
        if (Timeout.Length > 0)
        {
            text.Append(" timeout ").Append(Timeout);
        }
        AppendEvents(text, "ctevents", "expevents");
        AppendZone(text, "zone");
    }

    private void AppendEvents(StringBuilder text, string ctName, string expName)
    {
        if (CtEvents != 0)
        {
            text.Append(' ').Append(ctName).Append(' ');
            string sep = "";
            for (int i = 0; i < s_ctEvents.Length; i++)
            {
                if ((CtEvents & (1u << s_ctEventBits[i])) != 0)
                {
                    text.Append(sep).Append(s_ctEvents[i]);
                    sep = ",";
                }
            }
        }
        if (ExpectEvents != 0)
        {
            text.Append(' ').Append(expName).Append(" new");
        }
    }

    private void AppendZone(StringBuilder text, string name)
    {
        if ((ZoneFlags & 4) == 0 && Zone == 0)
        {
            return;
        }
        text.Append(' ').Append(name);
        int dir = ZoneFlags & (8 | 16);
        if (dir == 8)
        {
            text.Append("-orig");
        }
        else if (dir == 16)
        {
            text.Append("-reply");
        }
        text.Append((ZoneFlags & 4) != 0 ? " mark" : $" {Zone}");
    }

    internal override uint HookMask => (1 << (int)NetfilterHook.PreRouting) | (1 << (int)NetfilterHook.Output);

    internal override string? TableName => "raw";

    /// <summary>A timeout policy names a cttimeout object, and this emulator has none: the kernel refuses the rule.</summary>
    internal override Errno Check(KernelContext context) => Timeout.Length > 0 ? Errno.EINVAL : Errno.None;

    internal sealed class Parser : TargetParser
    {
        private static readonly OptionSpec[] s_options =
        [
            new("notrack", 0, OptionType.None),
            new("timeout", 2, OptionType.String, StoreSize: 32),
            new("ctevents", 3, OptionType.String),
            new("expevents", 4, OptionType.String),
            new("zone-orig", 6, OptionType.String),
            new("zone-reply", 7, OptionType.String),
            new("zone", 5, OptionType.String),
        ];

        private CtTarget _target;

        public Parser(bool notrackAlias)
            : base(notrackAlias ? "NOTRACK" : "CT")
        {
            _target = notrackAlias ? new CtTarget { NoTrack = true, IsNotrackAlias = true } : new CtTarget();
        }

        public override IReadOnlyList<OptionSpec> Options => _target.IsNotrackAlias ? [] : s_options;

        public override void Parse(OptionCall call)
        {
            OptionParsing.Parse(call);
            string arg = call.ArgOrEmpty;
            switch (call.Spec.Id)
            {
                case 0:
                    _target = _target with { NoTrack = true };
                    break;
                case 2:
                    _target = _target with { Timeout = call.StoredString };
                    break;
                case 3:
                    _target = _target with { CtEvents = ParseEvents(arg, s_ctEvents, s_ctEventBits) };
                    break;
                case 4:
                    _target = _target with { ExpectEvents = ParseEvents(arg, ["new"], [0]) };
                    break;
                default:
                    ushort flags = (ushort)(_target.ZoneFlags | (call.Spec.Id == 6 ? 8 : call.Spec.Id == 7 ? 16 : 0));
                    ushort zone = 0;
                    if (string.Equals(arg, "mark", StringComparison.OrdinalIgnoreCase))
                    {
                        flags |= 4;
                    }
                    else if (CText.TryParseUInt(arg, 0, ushort.MaxValue, out ulong value))
                    {
                        zone = (ushort)value;
                    }
                    else
                    {
                        Fail.Parameter($"Cannot parse {arg} as a zone ID");
                    }
                    _target = _target with { Zone = zone, ZoneFlags = flags };
                    break;
            }
        }

        public override Target Build() => _target;

        private static uint ParseEvents(string text, string[] names, int[] bits)
        {
            uint mask = 0;
            foreach (string item in text.Split(','))
            {
                int i = Array.IndexOf(names, item);
                if (i < 0)
                {
                    Fail.Parameter($"Unknown event type \"{item}\"");
                }
                mask |= 1u << bits[i];
            }
            return mask;
        }
    }
}
