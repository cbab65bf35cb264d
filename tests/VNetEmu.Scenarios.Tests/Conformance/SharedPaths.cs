namespace VNetEmu.Scenarios.Tests.Conformance;

/// <summary>Finds the shared conformance suite (<c>shared/conformance</c>) beside the repository: walking up from the
/// test binaries reaches the repository root and then its parent, where CI and the workstation keep <c>shared/</c>.
/// Null when it is not there; the tests that need it are then skipped (see <see cref="Requirement"/>).</summary>
internal static class SharedPaths
{
    private static readonly Lazy<string?> s_conformance = new(Find);

    /// <summary><c>…/shared/conformance</c>, or null.</summary>
    public static string? Conformance => s_conformance.Value;

    public static string? Cases => Conformance is null ? null : Path.Combine(Conformance, "cases");

    public static string? NormalizeTool => Conformance is null ? null : Path.Combine(Conformance, "tools", "normalize");

    /// <summary>The public case names (<c>01-veth-ping</c> …), sorted; empty without the suite.</summary>
    public static IReadOnlyList<string> CaseNames =>
        Cases is null ? [] : Directory.GetDirectories(Cases).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(Path.Combine(candidate, "cases")))
            {
                return candidate;
            }
        }
        return null;
    }
}
