namespace VNetEmu.Docker.Compose;

/// <summary>A container as <c>docker compose ps</c> lists it; the strings are what docker's API gives
/// (Command is the full command line, Ports as <c>docker ps</c> prints them).</summary>
public sealed record ComposeContainer(string Name, string Image, string Command, string Service, string RunningFor,
    string Status, string Ports)
{
    /// <summary>The full container id.</summary>
    public string Id { get; init; } = "";

    /// <summary>created, running or exited.</summary>
    public string State { get; init; } = "";

    public string Project { get; init; } = "";

    public int ExitCode { get; init; }
}
