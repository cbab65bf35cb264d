using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>A container's configured membership of a network (`--network`, `network connect`), which its endpoint
/// is made from each time the container starts.</summary>
public sealed class NetworkAttachment(DockerNetwork network)
{
    public DockerNetwork Network { get; } = network;
    public Ipv4Address? RequestedAddress { get; init; }
    public List<string> Aliases { get; init; } = [];
    public List<(string Target, string Alias)> Links { get; init; } = [];
}
