namespace VNetEmu.Docker.Compose;

/// <summary>One service's networking keys. Keys that do not touch networking are accepted and dropped.</summary>
public sealed record ComposeService
{
    /// <summary>The key under <c>services:</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>image:</c>, or compose's name for the image <c>build:</c> would make (PROJECT-SERVICE).</summary>
    public required string Image { get; init; }

    /// <summary>True when the service has <c>build:</c> (building is not emulated).</summary>
    public bool HasBuild { get; init; }

    /// <summary><c>command:</c> as words (a string is split as a shell would, quotes honoured); null when absent.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary><c>container_name:</c>, else <c>PROJECT-SERVICE-1</c>.</summary>
    public required string ContainerName { get; init; }

    /// <summary>True when <see cref="ContainerName"/> comes from <c>container_name:</c>.</summary>
    public bool ContainerNameGiven { get; init; }

    /// <summary><c>hostname:</c>.</summary>
    public string? Hostname { get; init; }

    /// <summary>The service-level <c>mac_address:</c>.</summary>
    public string? MacAddress { get; init; }

    /// <summary>Networks the service joins, ordered by priority then key (compose's order); empty with
    /// <see cref="NetworkMode"/>.</summary>
    public IReadOnlyList<ServiceNetwork> Networks { get; init; } = [];

    /// <summary><c>network_mode:</c> (host, none, service:X, container:X, bridge) or null.</summary>
    public string? NetworkMode { get; init; }

    /// <summary><c>ports:</c>, each as docker's <c>-p</c> value.</summary>
    public IReadOnlyList<ComposePort> Ports { get; init; } = [];

    /// <summary><c>expose:</c>.</summary>
    public IReadOnlyList<string> Expose { get; init; } = [];

    /// <summary><c>environment:</c> as KEY=VALUE (or KEY alone, taken from the caller's environment by docker).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary><c>dns:</c>, <c>dns_search:</c>, <c>dns_opt:</c>.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    /// <summary><c>extra_hosts:</c> as HOST:IP (compose's AsList(":")).</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary><c>links:</c> as SERVICE[:ALIAS].</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary><c>depends_on:</c> plus what compose-go adds (<c>links:</c> and <c>network_mode: service:X</c>),
    /// sorted by service.</summary>
    public IReadOnlyList<ComposeDependency> Dependencies { get; init; } = [];

    /// <summary>The names in <see cref="Dependencies"/>.</summary>
    public IReadOnlyList<string> DependsOn => Dependencies.Select(d => d.Service).ToList();

    /// <summary>True when the service declares a <c>healthcheck:</c> (health checks are not run yet).</summary>
    public bool HasHealthcheck { get; init; }

    /// <summary><c>profiles:</c>; a service with profiles is off unless one of them is enabled.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];
}
