using System.Text;
using VNetEmu.Capture;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Judges a run of a conformance case as <c>shared/conformance/tools/normalize compare CASE RUN</c> does:
/// <c>RUN/transcript.raw</c> normalized against <c>CASE/expected.txt</c>, every <c>RUN/captures/*.pcap*</c>
/// normalized against <c>CASE/captures/*.txt</c>, a unified diff per differing file, a message per missing or
/// extra file, then <c>NN-name: PASS</c> or <c>NN-name: FAIL (N file(s) differ)</c>.</summary>
/// <remarks>Where the Python tool stops with an error, this reports instead and goes on: a run without
/// <c>transcript.raw</c> is missing <c>expected.txt</c>; a capture file that cannot be read is
/// <see cref="FileDifferenceKind.Unreadable"/>.</remarks>
public static class CaseComparer
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static CaseComparison Compare(string caseDirectory, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(caseDirectory);
        ArgumentNullException.ThrowIfNull(runDirectory);
        var differences = new List<FileDifference>();
        var report = new StringBuilder();

        string transcriptPath = Path.Combine(runDirectory, "transcript.raw");
        string? transcript = File.Exists(transcriptPath) ? TranscriptNormalizer.Normalize(ReadText(transcriptPath)) : null;
        var captures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in CaptureNormalizer.CaptureFiles(Path.Combine(runDirectory, "captures")))
        {
            try
            {
                foreach (NormalizedCapture capture in CaptureNormalizer.NormalizeFile(file))
                {
                    captures[capture.Name + ".txt"] = capture.Text;
                }
            }
            catch (Exception e) when (e is CaptureFormatException or IOException or UnauthorizedAccessException)
            {
                string message = $"normalize: cannot read captures/{Path.GetFileName(file)}: {e.Message}\n";
                differences.Add(new FileDifference("captures/" + Path.GetFileName(file), FileDifferenceKind.Unreadable, 0, null, null, message));
                report.Append(message);
            }
        }

        CompareFile(differences, report, "expected.txt", Path.Combine(caseDirectory, "expected.txt"), transcript);
        string caseCaptures = Path.Combine(caseDirectory, "captures");
        var names = new HashSet<string>(captures.Keys, StringComparer.Ordinal);
        if (Directory.Exists(caseCaptures))
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(caseCaptures))
            {
                string name = Path.GetFileName(entry);
                if (name.EndsWith(".txt", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
        }
        foreach (string name in PythonText.Sorted(names))
        {
            CompareFile(differences, report, "captures/" + name, Path.Combine(caseCaptures, name), captures.GetValueOrDefault(name));
        }

        var result = new CaseComparison(BaseName(caseDirectory), differences, "");
        report.Append(result.Summary).Append('\n');
        return result with { Report = report.ToString() };
    }

    private static void CompareFile(List<FileDifference> differences, StringBuilder report, string label, string expectedPath, string? actual)
    {
        if (!File.Exists(expectedPath))
        {
            string message = $"extra output (not in the case): {label}\n";
            differences.Add(new FileDifference(label, FileDifferenceKind.Extra, 0, null, null, message));
            report.Append(message);
            return;
        }
        if (actual is null)
        {
            string message = $"missing output: {label}\n";
            differences.Add(new FileDifference(label, FileDifferenceKind.Missing, 0, null, null, message));
            report.Append(message);
            return;
        }
        // The Python tool writes its output and reads both files back in text mode.
        string expected = PythonText.TranslateNewlines(ReadText(expectedPath));
        actual = PythonText.TranslateNewlines(actual);
        if (expected == actual)
        {
            return;
        }
        List<string> a = PythonText.SplitLinesKeepEnds(expected), b = PythonText.SplitLinesKeepEnds(actual);
        int line = 0;
        while (line < a.Count && line < b.Count && a[line] == b[line])
        {
            line++;
        }
        string diff = UnifiedDiff.Format(a, b, "expected/" + label, "got/" + label);
        differences.Add(new FileDifference(label, FileDifferenceKind.Different, line + 1,
            line < a.Count ? WithoutLineEnd(a[line]) : null, line < b.Count ? WithoutLineEnd(b[line]) : null, diff));
        report.Append(diff);
    }

    private static string WithoutLineEnd(string line) =>
        line.EndsWith("\r\n", StringComparison.Ordinal) ? line[..^2] : line.Length > 0 && IsLineBreak(line[^1]) ? line[..^1] : line;

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    private static string ReadText(string path) => s_utf8.GetString(File.ReadAllBytes(path));

    /// <summary><c>os.path.basename(os.path.normpath(path))</c> on POSIX.</summary>
    private static string BaseName(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        int initialSlashes = path.StartsWith('/') ? (path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? 2 : 1) : 0;
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part != ".." || (initialSlashes == 0 && parts.Count == 0) || (parts.Count > 0 && parts[^1] == ".."))
            {
                parts.Add(part);
            }
            else if (parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
        }
        string normalized = new string('/', initialSlashes) + string.Join('/', parts);
        if (normalized.Length == 0)
        {
            normalized = ".";
        }
        return normalized[(normalized.LastIndexOf('/') + 1)..];
    }
}
