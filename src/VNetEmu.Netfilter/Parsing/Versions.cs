namespace VNetEmu.Netfilter.Parsing;

/// <summary>The tool versions whose output this emulator reproduces (Debian 12).</summary>
internal static class Versions
{
    public const string Iptables = "1.8.9";
    public const string Ipset = "7.17";
}
