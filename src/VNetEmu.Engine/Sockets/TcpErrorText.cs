namespace VNetEmu.Engine.Sockets;

/// <summary>strerror(3) texts of the errors a TCP socket reports, as glibc prints them (what <c>nc</c> shows after
/// "failed: ").</summary>
public static class TcpErrorText
{
    public static string Message(this TcpError error) => error switch
    {
        TcpError.None => "Success",
        TcpError.Refused => "Connection refused",
        TcpError.TimedOut => "Connection timed out",
        TcpError.HostUnreachable => "No route to host",
        TcpError.NetworkUnreachable => "Network is unreachable",
        TcpError.ProtocolNotAvailable => "Protocol not available",
        TcpError.NotSupported => "Operation not supported",
        TcpError.HostDown => "Host is down",
        TcpError.NotOnNetwork => "Machine is not on the network",
        TcpError.ProtocolError => "Protocol error",
        TcpError.Reset => "Connection reset by peer",
        TcpError.AddressInUse => "Address already in use",
        TcpError.AddressNotAvailable => "Cannot assign requested address",
        TcpError.AccessDenied => "Permission denied",
        TcpError.InvalidArgument => "Invalid argument",
        _ => "Unknown error",
    };
}
