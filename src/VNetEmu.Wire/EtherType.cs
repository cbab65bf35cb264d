namespace VNetEmu.Wire;

/// <summary>EtherType values this emulator understands (IEEE 802 numbers).</summary>
public static class EtherType
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100;
    public const ushort Ipv6 = 0x86DD;
}
