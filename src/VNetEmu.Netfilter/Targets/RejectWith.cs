namespace VNetEmu.Netfilter.Targets;

/// <summary>The reply REJECT sends (values of the kernel's enum ipt_reject_with).</summary>
public enum RejectWith : byte
{
    IcmpNetUnreachable = 0,
    IcmpHostUnreachable = 1,
    IcmpProtoUnreachable = 2,
    IcmpPortUnreachable = 3,
    IcmpNetProhibited = 5,
    IcmpHostProhibited = 6,
    TcpReset = 7,
    IcmpAdminProhibited = 8,
}
