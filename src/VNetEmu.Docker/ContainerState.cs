namespace VNetEmu.Docker;

/// <summary>`.State.Status` of a container.</summary>
public enum ContainerState
{
    Created,
    Running,
    Exited,
}
