using VNetEmu.Wire;

namespace VNetEmu.Docker.Compose;

/// <summary>A network a container joins besides its primary one (`docker network connect [--ip] [--alias]`).</summary>
public sealed record ComposeConnect(string Network, Ipv4Address? Ip, IReadOnlyList<string> Aliases);
