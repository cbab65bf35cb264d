using System.Diagnostics.CodeAnalysis;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>An iptables, iptables-save, iptables-restore or ipset command gave up, with what the real tool prints.</summary>
/// <remarks>Thrown through <see cref="Fail"/>. <see cref="Write"/> renders it the way the real tool does: an
/// <c>xtables_error</c> is prefixed with the program name and version and followed, for a parameter problem, by
/// <c>Error occurred at line: N</c> (restore only) and the <c>Try `prog -h'</c> line.</remarks>
internal sealed class IptablesException : Exception
{
    public IptablesException(XtablesStatus status, string message, IptablesErrorStyle style)
        : base(message)
    {
        Status = status;
        Style = style;
    }

    public XtablesStatus Status { get; }

    public IptablesErrorStyle Style { get; }

    /// <summary>Writes the error as program <paramref name="program"/> prints it; returns the exit code.</summary>
    public int Write(TextWriter stderr, string program, int line)
    {
        switch (Style)
        {
            case IptablesErrorStyle.Xtables:
                stderr.Write($"{program} v{Versions.Iptables} (nf_tables): {Message}\n");
                if (Status == XtablesStatus.ParameterProblem)
                {
                    WriteTryHelp(stderr, program, line);
                }
                else if (Status == XtablesStatus.VersionProblem)
                {
                    stderr.Write($"Perhaps {program} or your kernel needs to be upgraded.\n");
                }
                break;
            case IptablesErrorStyle.TryHelp:
                stderr.Write(Message);
                WriteTryHelp(stderr, program, line);
                break;
            default:
                stderr.Write(Message);
                break;
        }
        return (int)Status;
    }

    private static void WriteTryHelp(TextWriter stderr, string program, int line)
    {
        if (line != -1)
        {
            stderr.Write($"Error occurred at line: {line}\n");
        }
        stderr.Write($"Try `{program} -h' or '{program} --help' for more information.\n");
    }
}

/// <summary>How an <see cref="IptablesException"/> is printed.</summary>
internal enum IptablesErrorStyle
{
    /// <summary><c>xtables_error()</c>: "prog v1.8.9 (nf_tables): message".</summary>
    Xtables,

    /// <summary>The message as is, then <c>exit_tryhelp()</c>.</summary>
    TryHelp,

    /// <summary>The message as is (it ends with its own newline).</summary>
    Plain,
}

/// <summary>Throw helpers, so callers stay small.</summary>
internal static class Fail
{
    [DoesNotReturn]
    public static void Parameter(string message) =>
        throw new IptablesException(XtablesStatus.ParameterProblem, message, IptablesErrorStyle.Xtables);

    [DoesNotReturn]
    public static void Version(string message) =>
        throw new IptablesException(XtablesStatus.VersionProblem, message, IptablesErrorStyle.Xtables);

    [DoesNotReturn]
    public static void Other(string message) =>
        throw new IptablesException(XtablesStatus.OtherProblem, message, IptablesErrorStyle.Xtables);

    [DoesNotReturn]
    public static void Resource(string message) =>
        throw new IptablesException(XtablesStatus.ResourceProblem, message, IptablesErrorStyle.Xtables);

    [DoesNotReturn]
    public static void TryHelp(string printedFirst) =>
        throw new IptablesException(XtablesStatus.ParameterProblem, printedFirst, IptablesErrorStyle.TryHelp);

    [DoesNotReturn]
    public static void Plain(int exitCode, string text) =>
        throw new IptablesException((XtablesStatus)exitCode, text, IptablesErrorStyle.Plain);
}
