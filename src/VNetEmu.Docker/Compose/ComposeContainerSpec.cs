namespace VNetEmu.Docker.Compose;

/// <summary>What compose asks the daemon for one container: the create request (the same one `docker create`
/// builds), the networks it is then connected to, and its labels.</summary>
/// <param name="Create">For <see cref="DockerDaemon.CreateContainer"/>.</param>
/// <param name="Connects">For <see cref="DockerDaemon.Connect"/>, before the container starts.</param>
/// <param name="Labels">compose's container labels, config hash included.</param>
/// <param name="PortsDiscarded">True when <c>network_mode: host</c> dropped published ports (the daemon's warning).</param>
public sealed record ComposeContainerSpec(ContainerCreateRequest Create, IReadOnlyList<ComposeConnect> Connects,
    IReadOnlyDictionary<string, string> Labels, bool PortsDiscarded);
