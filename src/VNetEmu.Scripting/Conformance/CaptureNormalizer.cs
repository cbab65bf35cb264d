using System.Text;
using System.Text.RegularExpressions;
using VNetEmu.Capture;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Normalizes capture files as <c>shared/conformance/tools/normalize</c> does, without tshark: a line per
/// frame (<see cref="PacketLineFormatter"/>), and the tool's naming of the results.</summary>
/// <remarks>
/// Naming (<c>normalize run</c>): a file whose frames carry more than one interface name, or any name with a
/// <c>:</c> (pcapng IDBs named <c>NS:DEV</c>), splits into one result per name, <c>:</c> and <c>/</c> becoming
/// <c>.</c> (<c>vc-a.veth0</c>); otherwise the file gives one result named after it without its
/// <c>.pcap</c>/<c>.pcapng</c>/<c>.cap</c> extension. As with tshark, an interface without frames gives no result,
/// and TCP relative sequence numbers are computed over the whole file (all its interfaces) in frame order.
/// </remarks>
public static partial class CaptureNormalizer
{
    /// <summary><c>normalize capture FILE [--interface NAME]</c>: every frame, or only those of the interface
    /// named <paramref name="interfaceName"/>.</summary>
    /// <exception cref="CaptureFormatException">The file is truncated or corrupt (tshark fails too).</exception>
    public static string Normalize(string path, string? interfaceName = null)
    {
        var lines = new StringBuilder();
        foreach ((string? name, string line) in ReadLines(path))
        {
            if (interfaceName is null || name == interfaceName)
            {
                lines.Append(line).Append('\n');
            }
        }
        return lines.ToString();
    }

    /// <summary>The results of one capture file, named as <c>normalize run</c> names them.</summary>
    /// <exception cref="CaptureFormatException">The file is truncated or corrupt.</exception>
    public static IReadOnlyList<NormalizedCapture> NormalizeFile(string path)
    {
        List<(string? Name, string Line)> frames = ReadLines(path);
        var names = new List<string>();
        foreach ((string? name, _) in frames)
        {
            if (!string.IsNullOrEmpty(name) && !names.Contains(name))
            {
                names.Add(name);
            }
        }
        if (names.Count > 1 || names.Exists(n => n.Contains(':')))
        {
            return names.ConvertAll(n => new NormalizedCapture(SeparatorPattern().Replace(n, "."), Join(frames, n)));
        }
        return [new NormalizedCapture(ExtensionPattern().Replace(Path.GetFileName(path), ""), Join(frames, null))];
    }

    /// <summary>All captures of a run (<c>RUN/captures/*.pcap*</c>, <c>*.cap</c>): files in name order, a later
    /// result replacing an earlier one of the same name, as the Python tool's files do. Sorted by name.</summary>
    /// <exception cref="CaptureFormatException">A file is truncated or corrupt.</exception>
    public static IReadOnlyList<NormalizedCapture> NormalizeDirectory(string capturesDirectory)
    {
        var results = new SortedDictionary<string, NormalizedCapture>(Comparer<string>.Create(PythonText.CompareCodePoints));
        foreach (string file in CaptureFiles(capturesDirectory))
        {
            foreach (NormalizedCapture capture in NormalizeFile(file))
            {
                results[capture.Name] = capture;
            }
        }
        return [.. results.Values];
    }

    /// <summary>The files <c>normalize run</c> reads from a captures directory, in its order (none if it does not
    /// exist).</summary>
    public static IReadOnlyList<string> CaptureFiles(string capturesDirectory)
    {
        if (!Directory.Exists(capturesDirectory))
        {
            return [];
        }
        var files = Directory.GetFiles(capturesDirectory)
            .Where(f => ExtensionPattern().IsMatch(Path.GetFileName(f)))
            .ToList();
        files.Sort((x, y) => PythonText.CompareCodePoints(Path.GetFileName(x), Path.GetFileName(y)));
        return files;
    }

    private static string Join(List<(string? Name, string Line)> frames, string? name)
    {
        var text = new StringBuilder();
        foreach ((string? n, string line) in frames)
        {
            if (name is null || n == name)
            {
                text.Append(line).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>One pass over the file with one formatter, as each tshark run of the Python tool makes.</summary>
    private static List<(string? Name, string Line)> ReadLines(string path)
    {
        var lines = new List<(string?, string)>();
        var formatter = new PacketLineFormatter();
        using CaptureReader reader = CaptureReader.Open(path);
        reader.ConvertToEthernet = false;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            CaptureInterface capturedOn = reader.Interfaces[frame.InterfaceId];
            lines.Add((capturedOn.Name, formatter.Format(frame.Data.Span, frame.OriginalLength, capturedOn.LinkType)));
        }
        return lines;
    }

    [GeneratedRegex("[:/]")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\.(pcapng|pcap|cap)$")]
    private static partial Regex ExtensionPattern();
}
