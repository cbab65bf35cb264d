using System.Diagnostics.CodeAnalysis;

namespace VNetEmu.Host;

/// <summary>A command failed the way the real tool fails: <see cref="Exception.Message"/> is exactly what it prints
/// on stderr (possibly several lines), <see cref="ExitCode"/> its exit status.</summary>
public sealed class CommandException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    [DoesNotReturn]
    public static void Throw(string message, int exitCode) => throw new CommandException(message, exitCode);
}
