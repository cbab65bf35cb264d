namespace VNetEmu.Docker.Compose;

/// <summary>A network of the project.</summary>
public sealed record ComposeNetwork
{
    /// <summary>The key under <c>networks:</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The docker network's name: <c>name:</c>, else <c>PROJECT_KEY</c>; an external network's
    /// <c>name:</c> or key.</summary>
    public required string Name { get; init; }

    /// <summary><c>driver:</c>, null for docker's default (bridge).</summary>
    public string? Driver { get; init; }

    /// <summary><c>internal:</c>.</summary>
    public bool Internal { get; init; }

    /// <summary><c>attachable:</c>.</summary>
    public bool Attachable { get; init; }

    /// <summary><c>enable_ipv6:</c> when given (only <c>false</c> is emulated).</summary>
    public bool? EnableIpv6 { get; init; }

    /// <summary><c>external: true</c>: never created nor removed by compose.</summary>
    public bool External { get; init; }

    /// <summary><c>driver_opts:</c>, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DriverOpts { get; init; } = [];

    /// <summary><c>labels:</c>, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary><c>ipam.driver:</c>.</summary>
    public string? IpamDriver { get; init; }

    /// <summary><c>ipam.config:</c>.</summary>
    public IReadOnlyList<IpamPool> IpamConfig { get; init; } = [];
}
