namespace VNetEmu.Docker.Compose;

/// <summary>One service's networking keys. Keys that do not touch networking are accepted and dropped.</summary>
public sealed record ComposeService
{
    /// <summary>The key under <c>services:</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>image:</c>.</summary>
    public required string Image { get; init; }

    /// <summary><c>command:</c> as words (a string is split as a shell would, quotes honoured); null when absent.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary><c>container_name:</c>, else <c>PROJECT-SERVICE-1</c>.</summary>
    public required string ContainerName { get; init; }

    /// <summary><c>hostname:</c>.</summary>
    public string? Hostname { get; init; }

    /// <summary><c>mac_address:</c>.</summary>
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

    /// <summary><c>depends_on:</c> plus a <c>network_mode: service:X</c> target, sorted.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}
