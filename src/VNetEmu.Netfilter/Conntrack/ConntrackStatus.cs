namespace VNetEmu.Netfilter.Conntrack;

/// <summary>IPS_* status bits (include/uapi/linux/netfilter/nf_conntrack_common.h).</summary>
[Flags]
public enum ConntrackStatus : uint
{
    None = 0,
    Expected = 1 << 0,
    SeenReply = 1 << 1,
    Assured = 1 << 2,
    Confirmed = 1 << 3,
    SrcNat = 1 << 4,
    DstNat = 1 << 5,
    SrcNatDone = 1 << 7,
    DstNatDone = 1 << 8,
    Dying = 1 << 9,
    Untracked = 1 << 12,
}
