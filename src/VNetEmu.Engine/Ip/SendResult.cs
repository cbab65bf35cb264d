namespace VNetEmu.Engine.Ip;

/// <summary>What a local send got, as the socket call would return it.</summary>
public enum SendResult : byte
{
    Sent,

    /// <summary>ENETUNREACH: no route ("Network is unreachable").</summary>
    NetworkUnreachable,

    /// <summary>EMSGSIZE: DF set and the datagram is larger than the path MTU.</summary>
    MessageTooLong,

    /// <summary>EPERM: a netfilter OUTPUT or POSTROUTING rule dropped it ("Operation not permitted").</summary>
    NotPermitted,

    /// <summary>EINVAL: e.g. an unusable source address.</summary>
    InvalidArgument,
}
