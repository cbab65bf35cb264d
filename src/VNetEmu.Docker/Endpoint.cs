using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>A container's attachment to a bridge network: its veth pair (host side on the bridge, `ethN` inside),
/// address, MAC and the names the embedded DNS answers for it.</summary>
public sealed class Endpoint
{
    public required string Id { get; init; }
    public required Container Container { get; init; }
    public required DockerNetwork Network { get; init; }
    public required Ipv4Address Address { get; init; }
    public required MacAddress Mac { get; init; }

    /// <summary>--ip as requested (shown as IPAMConfig in inspect).</summary>
    public Ipv4Address? RequestedAddress { get; init; }

    /// <summary>--network-alias / --alias values as given.</summary>
    public List<string> Aliases { get; } = [];

    /// <summary>--link NAME:ALIAS on a user network: container-scoped DNS aliases (linked container, alias).</summary>
    public List<(string Target, string Alias)> Links { get; } = [];
    public VethDevice? HostVeth { get; set; }
    public VethDevice? ContainerVeth { get; set; }
    public string InterfaceName { get; set; } = "eth0";
}
