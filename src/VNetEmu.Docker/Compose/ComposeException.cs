namespace VNetEmu.Docker.Compose;

/// <summary>An invalid compose file or project; <see cref="Exception.Message"/> is what compose v2 prints
/// (<c>validating /p/compose.yaml: services.web.ports must be a list</c>,
/// <c>service "web" refers to undefined network foo: invalid compose project</c>, <c>yaml: line 3: …</c>).</summary>
public sealed class ComposeException(string message) : Exception(message)
{
    /// <summary>compose-go's errdefs.ErrInvalid, appended to consistency errors.</summary>
    public const string InvalidProject = "invalid compose project";
}
