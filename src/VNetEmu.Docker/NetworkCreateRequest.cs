namespace VNetEmu.Docker;

/// <summary>`docker network create` as typed: the CLI has already split its flags.</summary>
public sealed class NetworkCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public List<string> Subnets { get; init; } = [];
    public List<string> Gateways { get; init; } = [];
    public List<string> IpRanges { get; init; } = [];
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public SortedDictionary<string, string> Options { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);
}
