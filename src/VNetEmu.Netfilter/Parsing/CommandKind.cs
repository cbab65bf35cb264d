namespace VNetEmu.Netfilter.Parsing;

/// <summary>iptables' CMD_* bits (xshared.h); the bit number is also the index into the option legality table.</summary>
[Flags]
internal enum CommandKind
{
    None = 0,
    Insert = 1 << 0,
    Delete = 1 << 1,
    DeleteNumber = 1 << 2,
    Replace = 1 << 3,
    Append = 1 << 4,
    List = 1 << 5,
    Flush = 1 << 6,
    Zero = 1 << 7,
    NewChain = 1 << 8,
    DeleteChain = 1 << 9,
    SetPolicy = 1 << 10,
    RenameChain = 1 << 11,
    ListRules = 1 << 12,
    ZeroNumber = 1 << 13,
    Check = 1 << 14,
}
