using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>One published port: `-p [IP:]HOST:CTR[/PROTO]` after ranges and ephemeral ports are resolved.
/// <see cref="HostPort"/> 0 means "any free port", chosen when the container starts.</summary>
public sealed record PortBinding(string Protocol, Ipv4Address HostIp, bool HostIpGiven, ushort HostPortLow, ushort HostPortHigh, ushort ContainerPort)
{
    /// <summary>The host port in use while the container runs (0 while stopped).</summary>
    public ushort HostPort { get; set; }

    /// <summary>`80/tcp`, the key of `.NetworkSettings.Ports`.</summary>
    public string Key => $"{ContainerPort}/{Protocol}";
}
