using VNetEmu.Docker.Firewall;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>A Docker network: the predefined `bridge` (docker0), `host` and `none`, or a user-defined bridge
/// network with its Linux bridge, subnet, gateway and options.</summary>
public sealed class DockerNetwork
{
    public required string Id { get; init; }
    public required string Name { get; set; }

    /// <summary>bridge, host or null.</summary>
    public required string Driver { get; init; }
    public required DateTimeOffset Created { get; init; }
    public bool IsDefaultBridge { get; init; }
    public bool IsPredefined => Name is "bridge" or "host" or "none" && (IsDefaultBridge || Driver != "bridge");
    public bool Internal { get; init; }
    public bool Attachable { get; init; }

    /// <summary>Subnet given with --subnet (shown in inspect with the gateway), as opposed to one from the pools.</summary>
    public bool UserSubnet { get; init; }
    public bool UserGateway { get; init; }
    public Ipv4Prefix? IpRange { get; init; }
    public AddressPool? Pool { get; init; }
    public Ipv4Address Gateway { get; init; }
    public string? BridgeName { get; init; }
    public BridgeDevice? Bridge { get; set; }

    /// <summary>-o options as given (user networks) or docker0's fixed set.</summary>
    public SortedDictionary<string, string> Options { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);
    public List<Endpoint> Endpoints { get; } = [];

    public bool EnableIcc => !Options.TryGetValue("com.docker.network.bridge.enable_icc", out string? v) || ParseBool(v);
    public bool EnableIpMasquerade => !Options.TryGetValue("com.docker.network.bridge.enable_ip_masquerade", out string? v) || ParseBool(v);

    public Ipv4Address HostBindingIpv4 => Options.TryGetValue("com.docker.network.bridge.host_binding_ipv4", out string? v) && Ipv4Address.TryParse(v, out Ipv4Address a) ? a : Ipv4Address.Any;

    public int Mtu => Options.TryGetValue("com.docker.network.driver.mtu", out string? v) && int.TryParse(v, out int m) && m > 0 ? m : 1500;

    public bool IsBridge => Driver == "bridge";

    public string ShortId => Id[..12];

    public BridgeNetworkRules Rules => new(BridgeName!, Pool!.Subnet, Internal, EnableIcc, EnableIpMasquerade,
        Options.TryGetValue("com.docker.network.host_ipv4", out string? h) && Ipv4Address.TryParse(h, out Ipv4Address hip) ? hip : null);

    internal static bool ParseBool(string v) => v is "1" or "t" or "T" or "true" or "TRUE" or "True";
}
