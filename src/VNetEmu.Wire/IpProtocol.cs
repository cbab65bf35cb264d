namespace VNetEmu.Wire;

/// <summary>IP protocol numbers (IANA).</summary>
public static class IpProtocol
{
    public const byte Icmp = 1;
    public const byte Igmp = 2;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Sctp = 132;
}
