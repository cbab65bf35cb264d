using System.Diagnostics;

namespace VNetEmu.Scenarios.Tests.Conformance;

/// <summary>Runs the reference <c>shared/conformance/tools/normalize</c> (python3, and tshark for captures) to
/// cross-check the C# port. The tests that use it are skipped when python3, tshark or the suite is missing.</summary>
internal static class PythonTool
{
    private static readonly Lazy<bool> s_python = new(() => Requirements.Runs("python3", "--version"));
    private static readonly Lazy<bool> s_tshark = new(() => File.Exists("/usr/bin/tshark") || Requirements.Runs("tshark", "--version"));

    public static bool CanNormalizeTranscripts => SharedPaths.NormalizeTool is not null && s_python.Value;

    public static bool CanNormalizeCaptures => CanNormalizeTranscripts && s_tshark.Value;

    /// <summary>Standard output of <c>python3 normalize ARGS…</c>; throws if it exits with an error.</summary>
    public static string Normalize(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SharedPaths.NormalizeTool!);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LC_ALL"] = "C.UTF-8";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"normalize {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }
        return output;
    }
}
