namespace VNetEmu.Host.Apps.Dns;

/// <summary>DNS RR TYPE values (RFC 1035 §3.2.2, RFC 3596 AAAA, RFC 6891 OPT). Other values are kept as numbers.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
    ANY = 255,
}
