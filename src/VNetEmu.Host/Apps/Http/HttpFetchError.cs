namespace VNetEmu.Host.Apps.Http;

/// <summary>How an <see cref="HttpFetch"/> ended: with a response, or where it failed (curl's exit codes 3, 6, 7, 28,
/// 52, 56 and busybox wget's messages map from these).</summary>
public enum HttpFetchError
{
    None,
    BadUrl,
    ResolveFailed,
    ConnectFailed,
    ConnectTimeout,
    Timeout,
    EmptyReply,
    RecvFailure,
}
