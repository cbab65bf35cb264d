namespace VNetEmu.Engine.Sockets;

/// <summary>Why a connection attempt or a connection failed: the errno a real socket call would return
/// (tcp_v4_err's icmp_err_convert table for ICMP errors). <see cref="TcpErrorText.Message"/> gives strerror's text.</summary>
public enum TcpError : byte
{
    None,

    /// <summary>ECONNREFUSED: RST to our SYN, or ICMP port/protocol unreachable while connecting.</summary>
    Refused,

    /// <summary>ETIMEDOUT: SYN or data retransmissions ran out.</summary>
    TimedOut,

    /// <summary>EHOSTUNREACH: ICMP host unreachable (also host-prohibited, filtered, time exceeded), or an
    /// <c>unreachable</c> route.</summary>
    HostUnreachable,

    /// <summary>ENETUNREACH: no route, or ICMP net unreachable.</summary>
    NetworkUnreachable,

    /// <summary>ENOPROTOOPT: ICMP protocol unreachable.</summary>
    ProtocolNotAvailable,

    /// <summary>EOPNOTSUPP: ICMP source route failed.</summary>
    NotSupported,

    /// <summary>EHOSTDOWN: ICMP host unknown.</summary>
    HostDown,

    /// <summary>ENONET: ICMP host isolated.</summary>
    NotOnNetwork,

    /// <summary>EPROTO: ICMP parameter problem.</summary>
    ProtocolError,

    /// <summary>ECONNRESET: the peer reset an established connection.</summary>
    Reset,

    /// <summary>EADDRINUSE: the local port is taken by a listener.</summary>
    AddressInUse,

    /// <summary>EADDRNOTAVAIL: the four-tuple is in use (also by a TIME_WAIT socket).</summary>
    AddressNotAvailable,

    /// <summary>EACCES: a <c>prohibit</c> route.</summary>
    AccessDenied,

    /// <summary>EINVAL: e.g. a <c>blackhole</c> route.</summary>
    InvalidArgument,
}
