using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Scripting.Runtime;

/// <summary>What a command runs with: the emulator, the namespace it runs in (`ip netns exec`), its arguments
/// (argv[0] is the program) and its standard input.</summary>
public sealed record CommandContext(Emulator Emulator, NetNamespace Namespace, IReadOnlyList<string> Args, string? Stdin, bool Background)
{
    public string Program => Args[0];

    public CommandContext WithArgs(IReadOnlyList<string> args) => this with { Args = args };
}
