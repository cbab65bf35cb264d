namespace VNetEmu.Netfilter.Targets;

/// <summary>NF_NAT_RANGE_* flags of a NAT range.</summary>
[Flags]
public enum NatRangeFlags : byte
{
    None = 0,
    MapIps = 1 << 0,
    ProtoSpecified = 1 << 1,
    Random = 1 << 2,
    Persistent = 1 << 3,
    RandomFully = 1 << 4,
    ProtoOffset = 1 << 5,
}
