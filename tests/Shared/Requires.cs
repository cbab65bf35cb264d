using System.Diagnostics;

namespace VNetEmu.Tests;

/// <summary>What a test needs from outside the repository.</summary>
[Flags]
public enum Requirement
{
    /// <summary>../shared beside the repository (conformance cases, reference data).</summary>
    SharedSuite = 1,
    Python = 2,
    Tshark = 4,
    Tcpdump = 8,

    /// <summary>The host's /etc/services (tcpdump and libpcap read port names from it).</summary>
    Services = 16,
}

/// <summary>Finds the outside things tests compare against; a test that needs a missing one is reported as
/// skipped with the reason, never as passed.</summary>
public static class Requirements
{
    private static readonly Lazy<string?> s_shared = new(FindShared);
    private static readonly Lazy<bool> s_python = new(() => Runs("python3", "--version"));
    private static readonly Lazy<bool> s_tshark = new(() => File.Exists("/usr/bin/tshark") || Runs("tshark", "--version"));

    /// <summary>The shared/ folder beside the repository (it holds conformance/cases), or null.</summary>
    public static string? SharedDirectory => s_shared.Value;

    public static string? Tcpdump { get; } = new[] { "/usr/bin/tcpdump", "/usr/sbin/tcpdump" }.FirstOrDefault(File.Exists);

    /// <summary>Why a test that needs <paramref name="needs"/> cannot run here; null when it can.</summary>
    public static string? Missing(Requirement needs)
    {
        var missing = new List<string>();
        if (needs.HasFlag(Requirement.SharedSuite) && SharedDirectory is null)
        {
            missing.Add("../shared/conformance (the shared suite beside the repository)");
        }
        if (needs.HasFlag(Requirement.Python) && !s_python.Value)
        {
            missing.Add("python3");
        }
        if (needs.HasFlag(Requirement.Tshark) && !s_tshark.Value)
        {
            missing.Add("tshark");
        }
        if (needs.HasFlag(Requirement.Tcpdump) && Tcpdump is null)
        {
            missing.Add("tcpdump");
        }
        if (needs.HasFlag(Requirement.Services) && !File.Exists("/etc/services"))
        {
            missing.Add("/etc/services");
        }
        return missing.Count == 0 ? null : "needs " + string.Join(", ", missing) + " (scripts/setup.sh installs the tools)";
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "conformance", "cases")))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>True when <paramref name="program"/> starts and exits 0 with <paramref name="argument"/>.</summary>
    internal static bool Runs(string program, string argument)
    {
        try
        {
            var start = new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A fact that is skipped, with the reason, when something it needs is missing.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(Requirement needs)
    {
        Skip = Requirements.Missing(needs);
    }
}

/// <summary>A theory that is skipped, with the reason, when something it needs is missing.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(Requirement needs)
    {
        Skip = Requirements.Missing(needs);
    }
}
