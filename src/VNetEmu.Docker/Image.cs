using VNetEmu.Host;

namespace VNetEmu.Docker;

/// <summary>An emulated image: the tool family inside (busybox or GNU), its default command, the ports it EXPOSEs,
/// and for user-defined images (`vnet image`) the app it runs.</summary>
public sealed record Image(string Name, ToolFamily Tools, IReadOnlyList<string> Cmd, IReadOnlyList<string> ExposedPorts)
{
    /// <summary>The 64-hex image id (sha256 of the name here: stable across runs).</summary>
    public string Id { get; init; } = "";

    /// <summary>Files the image's filesystem holds (path → content), copied into each container made from it.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>For `vnet image NAME --http PORT …`: what its default command serves.</summary>
    public AppSpec? App { get; init; }
}
