using VNetEmu.Wire;

namespace VNetEmu.Docker.Firewall;

/// <summary>One exposed port of a legacy <c>--link</c> on a bridge with icc=false: the linking (parent) container
/// may reach the linked (child) container's <see cref="Port"/>, and the child may answer from it.</summary>
public sealed record LinkRule(Ipv4Address ParentIp, Ipv4Address ChildIp, string Protocol, ushort Port);
