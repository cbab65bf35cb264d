namespace VNetEmu.Engine.Buffers;

/// <summary>Why a frame was dropped, named after the kernel's <c>skb_drop_reason</c> where one exists.</summary>
public enum DropReason : byte
{
    None,
    PktTooSmall,
    IpCsum,
    IpInHdr,
    IpInAddrErrors,
    IpOutNoRoutes,
    NeighFailed,
    NeighQueueFull,
    NetfilterDrop,
    BridgeReflection,
    DevDown,
    NotForUs,
    UnhandledProtocol,
    ForwardingDisabled,
    TtlExpired,
    FragNeeded,
    NoSocket,
    SocketQueueFull,
    ReassemblyTimeout,
    OtherHost,
    Unreachable,
    ConntrackFull,
    RpFilter,
    Count,
}
