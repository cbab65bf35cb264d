namespace VNetEmu.Netfilter.Conntrack;

/// <summary>What conntrack says of one packet (enum ip_conntrack_info), plus Invalid and Untracked.</summary>
public enum CtInfo : byte
{
    Established,
    Related,
    New,
    EstablishedReply,
    RelatedReply,
    Invalid,
    Untracked,
}
