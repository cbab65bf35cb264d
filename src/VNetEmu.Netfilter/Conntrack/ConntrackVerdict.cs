namespace VNetEmu.Netfilter.Conntrack;

/// <summary>The result of tracking one packet: its state, the entry (null for Invalid/Untracked) and the direction.</summary>
public readonly record struct ConntrackVerdict(CtInfo Info, ConntrackEntry? Entry, bool IsReply, bool TableFull = false)
{
    public static readonly ConntrackVerdict Invalid = new(CtInfo.Invalid, null, false);
}
