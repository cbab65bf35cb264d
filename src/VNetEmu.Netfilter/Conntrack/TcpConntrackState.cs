namespace VNetEmu.Netfilter.Conntrack;

/// <summary>TCP conntrack states (enum tcp_conntrack), in the kernel's order; the names are what conntrack -L prints.</summary>
public enum TcpConntrackState : byte
{
    None,
    SynSent,
    SynRecv,
    Established,
    FinWait,
    CloseWait,
    LastAck,
    TimeWait,
    Close,
    SynSent2,

    /// <summary>sIV: the packet is invalid for the state.</summary>
    Invalid,

    /// <summary>sIG: ignore the packet (possible reopen), keep the state.</summary>
    Ignore,
}
