namespace VNetEmu.Docker.Compose;

/// <summary>A compose command failed; <see cref="Exception.Message"/> is what compose v2 prints
/// (<c>validating /p/compose.yaml: services.web.ports must be a list</c>,
/// <c>service "web" refers to undefined network foo: invalid compose project</c>, <c>yaml: line 3: …</c>) and
/// <see cref="ExitCode"/> its exit status: compose 2.32 exits 15 when a file does not load, 14 when it is not
/// found, 16 on a bad command line, 18 when a pull fails and 1 otherwise (2.33 made them all 1).</summary>
public sealed class ComposeException(string message, int exitCode = ComposeException.ParseFailure) : Exception(message)
{
    /// <summary>compose-go's errdefs.ErrInvalid, appended to consistency errors.</summary>
    public const string InvalidProject = "invalid compose project";

    public const int Failure = 1;
    public const int FileNotFound = 14;
    public const int ParseFailure = 15;
    public const int CommandSyntax = 16;
    public const int PullFailure = 18;

    public int ExitCode { get; } = exitCode;
}
