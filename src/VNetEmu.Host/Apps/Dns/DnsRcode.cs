namespace VNetEmu.Host.Apps.Dns;

/// <summary>DNS response codes (RFC 1035 §4.1.1), named as dig and the goldens' upstream log print them.</summary>
public enum DnsRcode : byte
{
    NOERROR = 0,
    FORMERR = 1,
    SERVFAIL = 2,
    NXDOMAIN = 3,
    NOTIMP = 4,
    REFUSED = 5,
}
