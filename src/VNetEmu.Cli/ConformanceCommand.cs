using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Cli;

/// <summary>`vnetemu conformance DIR [--out OUT] [--case NAME]`: runs every case (a folder with case.vnet) in a
/// scratch folder laid out as conformance/README.md §3 (OUT/NN-name/transcript.raw and captures/), compares it with
/// the kernel's recording, prints one line per case and `N passed, N failed`.</summary>
public static class ConformanceCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? dir = null, outDir = null, only = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    outDir = CliMain.Value(args, ref i);
                    break;
                case "--case":
                    only = CliMain.Value(args, ref i);
                    break;
                default:
                    if (args[i].StartsWith('-') || dir is not null)
                    {
                        throw new UsageException($"unexpected argument '{args[i]}'");
                    }
                    dir = args[i];
                    break;
            }
        }
        if (dir is null)
        {
            throw new UsageException("conformance needs a directory of cases");
        }
        if (!Directory.Exists(dir))
        {
            throw new CliException($"{(dir.Length == 0 ? "''" : dir)}: No such directory");
        }
        string casesDir = Directory.Exists(Path.Combine(dir, "cases")) ? Path.Combine(dir, "cases") : dir;
        var cases = Directory.GetDirectories(casesDir).Where(d => File.Exists(Path.Combine(d, "case.vnet")))
            .OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (File.Exists(Path.Combine(dir, "case.vnet")))
        {
            cases = [dir];
        }
        if (cases.Count == 0)
        {
            throw new CliException($"{dir}: no conformance cases here (a case is a folder with case.vnet)");
        }
        if (only is not null)
        {
            cases = cases.Where(c => Path.GetFileName(c).Contains(only, StringComparison.Ordinal)).ToList();
            if (cases.Count == 0)
            {
                throw new CliException($"no case in {dir} matches '{only}'");
            }
        }
        string root = outDir ?? Path.Combine(Path.GetTempPath(), "vnetemu-conformance-" + Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"{root}: {OsError.Text(e, root)}");
        }
        int passed = 0, failed = 0;
        foreach (string caseDir in cases)
        {
            string name = Path.GetFileName(caseDir.TrimEnd('/'));
            string runDir = Path.Combine(root, name);
            CaseComparison comparison;
            try
            {
                comparison = RunCase(caseDir, runDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{runDir}: {OsError.Text(e, runDir)}");
            }
            if (comparison.Passed)
            {
                passed++;
                stdout.Write($"{name}: PASS\n");
            }
            else
            {
                failed++;
                FileDifference d = comparison.FirstDifference!;
                string where = d.Line > 0 ? $"{d.File}:{d.Line}" : d.File;
                stdout.Write($"{name}: FAIL at {where}: expected {Show(d.Expected)}, got {Show(d.Actual)}\n");
            }
        }
        if (outDir is null && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        stdout.Write($"{passed} passed, {failed} failed\n");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static string Show(string? line) => line is null ? "(nothing)" : $"'{line}'";

    /// <summary>Runs one case into <paramref name="runDir"/> and compares it.</summary>
    public static CaseComparison RunCase(string caseDir, string runDir)
    {
        CaseRun.Execute(caseDir, runDir);
        return CaseComparer.Compare(caseDir, runDir);
    }
}
