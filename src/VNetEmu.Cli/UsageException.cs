namespace VNetEmu.Cli;

/// <summary>Bad command-line arguments to vnetemu itself (exit 2 with the usage text).</summary>
public sealed class UsageException(string message) : Exception(message);
