namespace VNetEmu.Netfilter.Parsing;

/// <summary>iptables' OPT_* bits, in the order of its optflags table ("nsdpjvxio0cf").</summary>
[Flags]
internal enum OptionBits
{
    None = 0,
    Numeric = 1 << 0,
    Source = 1 << 1,
    Destination = 1 << 2,
    Protocol = 1 << 3,
    Jump = 1 << 4,
    Verbose = 1 << 5,
    Expanded = 1 << 6,
    InInterface = 1 << 7,
    OutInterface = 1 << 8,
    LineNumbers = 1 << 9,
    Counters = 1 << 10,
    Fragment = 1 << 11,
}
