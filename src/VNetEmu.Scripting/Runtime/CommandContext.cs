using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Scripting.Runtime;

/// <summary>What a command runs with: the emulator, the namespace it runs in (`ip netns exec`), its arguments
/// (argv[0] is the program), its standard input, and the userspace it sees (the host's, or a container's files,
/// hostname and tool family under `docker exec`).</summary>
public sealed record CommandContext(Emulator Emulator, NetNamespace Namespace, IReadOnlyList<string> Args, string? Stdin, bool Background)
{
    public string Program => Args[0];

    /// <summary>Files, hostname, environment and tools (GNU or busybox) of the process.</summary>
    public Userspace Userspace { get; init; } = Emulator.HostUserspace;

    /// <summary>Reads a file as this process sees it (null: no such file).</summary>
    public string? ReadFile(string path) => Emulator.ReadFile(Userspace, Namespace, path);

    public CommandContext WithArgs(IReadOnlyList<string> args) => this with { Args = args };
}
