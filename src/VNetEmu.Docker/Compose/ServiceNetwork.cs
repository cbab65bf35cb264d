namespace VNetEmu.Docker.Compose;

/// <summary>A service's attachment to one network.</summary>
/// <param name="Key">The network's key in the file (<c>default</c> when the service lists none).</param>
/// <param name="Aliases">Extra aliases (the container and service names are aliases too).</param>
/// <param name="Ipv4Address"><c>ipv4_address:</c>.</param>
/// <param name="Priority"><c>priority:</c> (higher is connected first).</param>
public sealed record ServiceNetwork(string Key, IReadOnlyList<string> Aliases, string? Ipv4Address, int Priority = 0)
{
    /// <summary><c>mac_address:</c> of this attachment.</summary>
    public string? MacAddress { get; init; }
}
