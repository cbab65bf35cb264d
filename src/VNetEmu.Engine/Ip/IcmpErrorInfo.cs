using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>An ICMP error as a socket sees it (IP_RECVERR): who sent it, type/code, the MTU or gateway field,
/// and the quoted packet's addresses and ports (or echo id and sequence).</summary>
public readonly record struct IcmpErrorInfo(Ipv4Address From, byte Type, byte Code, uint Info, byte QuotedProtocol,
    Ipv4Address QuotedSource, Ipv4Address QuotedDestination, ushort QuotedSourcePort, ushort QuotedDestinationPort);
