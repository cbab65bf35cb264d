namespace VNetEmu.Host.Apps.Dns;

/// <summary>How a DNS query arrived: a UDP datagram, or a 2-byte-length-framed message on TCP (RFC 1035 §4.2.2).</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}
