namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    private readonly Dictionary<Container, EmbeddedDns> _dns = [];

    /// <summary>Starts the container's embedded DNS when it has an endpoint on a user-defined network (the
    /// default bridge, host and none have none).</summary>
    private void StartEmbeddedDns(Container container)
    {
        if (_dns.ContainsKey(container) || container.Namespace is null || container.SharesWith is not null || container.NetworkMode == "host" || !UsesEmbeddedDns(container))
        {
            return;
        }
        _dns[container] = EmbeddedDns.Start(this, container);
    }

    private void StopEmbeddedDns(Container container)
    {
        if (_dns.Remove(container, out EmbeddedDns? dns))
        {
            dns.Stop();
        }
    }
}
