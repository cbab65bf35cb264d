namespace VNetEmu.Docker;

/// <summary>A docker command failed as the real client reports it: <see cref="Exception.Message"/> is exactly what it
/// prints on stderr (one or more lines, without the trailing newline), <see cref="ExitCode"/> its exit status
/// (125 for `docker run` errors, 1 for most others).</summary>
public sealed class DockerException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>"Error response from daemon: …", as the CLI prints a daemon error.</summary>
    public static DockerException Daemon(string message, int exitCode = 1) => new("Error response from daemon: " + message, exitCode);
}
