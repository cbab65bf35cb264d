namespace VNetEmu.Netfilter.Tests;

/// <summary>Finds the shared/ folder that sits beside the repository (shared/conformance, shared/reference), from
/// wherever the tests run; null when it is not there (the tests that need it are then skipped).</summary>
internal static class SharedData
{
    public static string? Directory { get; } = Find();

    private static string? Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "conformance")))
            {
                return candidate;
            }
        }
        return null;
    }

    public static string? Path2(params string[] parts) =>
        Directory is null ? null : Path.Combine([Directory, .. parts]);
}
