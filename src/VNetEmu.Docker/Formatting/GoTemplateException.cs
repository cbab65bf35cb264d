namespace VNetEmu.Docker.Formatting;

/// <summary>A template that does not parse or fails while executing. <see cref="Exception.Message"/> is Go's
/// text (<c>template: :1: unexpected "}" in operand</c>, <c>template: :1:2: executing "" at &lt;.A.B&gt;: …</c>);
/// <see cref="DockerMessage"/> is what docker/cli prints for it.</summary>
public sealed class GoTemplateException(string message, bool isParseError) : Exception(message)
{
    /// <summary>True for a parse error, false for an execution error.</summary>
    public bool IsParseError { get; } = isParseError;

    /// <summary>docker/cli wraps both kinds as <c>template parsing error: …</c>.</summary>
    public string DockerMessage => "template parsing error: " + Message;

    /// <summary>The exit code of <c>docker inspect</c>: 64 when the template does not parse
    /// (cli.StatusError{StatusCode: 64}), 1 when it fails on an object.</summary>
    public int InspectExitCode => IsParseError ? 64 : 1;
}
