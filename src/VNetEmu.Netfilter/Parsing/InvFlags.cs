namespace VNetEmu.Netfilter.Parsing;

/// <summary>IPT_INV_* bits of a rule's IPv4 part.</summary>
[Flags]
internal enum InvFlags : byte
{
    None = 0,
    InInterface = 0x01,
    OutInterface = 0x02,
    Source = 0x08,
    Destination = 0x10,
    Fragment = 0x20,
    Protocol = 0x40,
}
