namespace VNetEmu.Docker.Compose;

/// <summary>What a <see cref="ComposeStep"/> does.</summary>
public enum ComposeStepKind
{
    CreateNetwork,
    CreateContainer,
    ConnectNetwork,
    StartContainer,
    StopContainer,
    RemoveContainer,
    RemoveNetwork,
}
