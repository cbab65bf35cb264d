namespace VNetEmu.Docker.Compose;

/// <summary>The networking part of a loaded compose project.</summary>
/// <param name="Name">The project name (<c>-p</c>, <c>name:</c> or the folder name, normalized).</param>
/// <param name="Services">Enabled services in start order: dependencies first, ties by name.</param>
/// <param name="Networks">The networks the services use, by their key (<c>default</c> when implicit).</param>
public sealed record ComposeProject(string Name, IReadOnlyList<ComposeService> Services,
    IReadOnlyDictionary<string, ComposeNetwork> Networks)
{
    /// <summary>The absolute path of the compose file.</summary>
    public string ComposeFile { get; init; } = "";

    /// <summary>The folder of the compose file (compose's project working directory).</summary>
    public string WorkingDir => Path.GetDirectoryName(ComposeFile) ?? "";

    /// <summary>Services switched off by <c>profiles:</c> (compose keeps their containers out of the orphans).</summary>
    public IReadOnlyList<string> DisabledServices { get; init; } = [];

    /// <summary>What compose-go logs while loading (logrus warnings, without the <c>time= level=</c> frame).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The service with this name.</summary>
    public ComposeService Service(string name) => Services.First(s => s.Name == name);
}
