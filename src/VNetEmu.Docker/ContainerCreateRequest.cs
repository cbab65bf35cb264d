using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>`docker run`/`docker create` as typed, after the CLI has parsed its flags.</summary>
public sealed class ContainerCreateRequest
{
    public string? Name { get; init; }
    public required string Image { get; init; }
    public List<string> Cmd { get; init; } = [];

    /// <summary>--network: null for the default bridge; a name, `host`, `none` or `container:X`.</summary>
    public string? Network { get; init; }
    public Ipv4Address? Ip { get; init; }
    public List<string> Aliases { get; init; } = [];
    public string? Hostname { get; init; }
    public MacAddress? Mac { get; init; }
    public List<PortBinding> Ports { get; init; } = [];
    public bool PublishAll { get; init; }
    public List<string> Dns { get; init; } = [];
    public List<string> DnsSearch { get; init; } = [];
    public List<string> DnsOptions { get; init; } = [];
    public List<string> ExtraHosts { get; init; } = [];
    public List<(string Target, string Alias)> Links { get; init; } = [];
    public bool AutoRemove { get; init; }
    public bool Interactive { get; init; }
    public bool Tty { get; init; }
    public Dictionary<string, string> Env { get; init; } = new(StringComparer.Ordinal);
}
