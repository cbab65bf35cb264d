namespace VNetEmu.Engine.Sockets;

/// <summary>The states of a TCP connection (RFC 9293 §3.3.2), named as <c>ss</c> prints them.</summary>
public enum TcpState : byte
{
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}
