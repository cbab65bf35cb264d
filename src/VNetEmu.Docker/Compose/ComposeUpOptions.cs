namespace VNetEmu.Docker.Compose;

/// <summary>The flags of <c>docker compose up</c> that change what it does.</summary>
public sealed record ComposeUpOptions
{
    /// <summary><c>--remove-orphans</c>.</summary>
    public bool RemoveOrphans { get; init; }

    /// <summary><c>--force-recreate</c>.</summary>
    public bool ForceRecreate { get; init; }

    /// <summary><c>--no-recreate</c>.</summary>
    public bool NoRecreate { get; init; }

    /// <summary><c>--no-start</c> (and <c>docker compose create</c>).</summary>
    public bool NoStart { get; init; }
}
