namespace VNetEmu.Docker.Compose;

/// <summary>The networking part of a loaded compose project.</summary>
/// <param name="Name">The project name (<c>name:</c> or the folder name, normalized).</param>
/// <param name="Services">Services in start order: dependencies first, ties by name.</param>
/// <param name="Networks">Declared networks by their key, plus <c>default</c>.</param>
public sealed record ComposeProject(string Name, IReadOnlyList<ComposeService> Services,
    IReadOnlyDictionary<string, ComposeNetwork> Networks)
{
    /// <summary>The service with this name.</summary>
    public ComposeService Service(string name) => Services.First(s => s.Name == name);
}
