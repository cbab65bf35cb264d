namespace VNetEmu.Docker.Compose;

/// <summary>One <c>depends_on</c> entry (the short list form is <c>condition: service_started</c>,
/// <c>required: true</c>).</summary>
/// <param name="Service">The service depended on.</param>
/// <param name="Condition">service_started, service_healthy or service_completed_successfully.</param>
/// <param name="Required">False: a disabled dependency is skipped.</param>
/// <param name="Restart">Restart this service when the dependency is recreated (links and
/// <c>network_mode: service:X</c> set it).</param>
public sealed record ComposeDependency(string Service, string Condition = ComposeDependency.Started, bool Required = true, bool Restart = false)
{
    public const string Started = "service_started";
}
