namespace VNetEmu.Host.Apps.Dns;

/// <summary>How a stub lookup ended: with addresses, with a definite "no such name" (NXDOMAIN, or no address records:
/// glibc's EAI_NONAME "Name or service not known"), or with no usable answer from any server (timeouts, refused,
/// SERVFAIL: EAI_AGAIN "Temporary failure in name resolution").</summary>
public enum StubStatus
{
    Ok,
    NotFound,
    ServerFailure,
}
