namespace VNetEmu.Netfilter.Model;

/// <summary>The ipset set types this emulator knows.</summary>
public enum IpsetType : byte
{
    /// <summary><c>hash:ip</c>: single addresses (a range or prefix added is stored address by address).</summary>
    HashIp,

    /// <summary><c>hash:net</c>: network prefixes; a packet address matches the most specific one.</summary>
    HashNet,
}
