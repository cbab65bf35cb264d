using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>The outcome of <see cref="StubResolver.Resolve"/> or <see cref="StubResolver.Query"/>: the IPv4 addresses
/// (for Resolve), the records of the answer (for Query), the canonical name, which nameserver answered, and the
/// last response code seen.</summary>
public sealed record StubResult(StubStatus Status, IReadOnlyList<Ipv4Address> Addresses, IReadOnlyList<DnsRecord> Records, string CanonicalName)
{
    /// <summary>The nameserver that gave the answer (default when it came from /etc/hosts or failed).</summary>
    public Ipv4Address Server { get; init; }

    /// <summary>The response code of the final answer (NXDOMAIN for a missing name; SERVFAIL also on timeouts).</summary>
    public DnsRcode Rcode { get; init; }

    /// <summary>True when the name was found in /etc/hosts.</summary>
    public bool FromHosts { get; init; }

    /// <summary>True when no server answered at all (every try timed out or was refused).</summary>
    public bool TimedOut { get; init; }

    /// <summary>AAAA answers seen during Resolve, as text.</summary>
    public IReadOnlyList<string> Ipv6Addresses { get; init; } = [];
}
