namespace VNetEmu.Host.Apps.Http;

/// <summary>A parsed HTTP/1.x request head (RFC 9112 §3): method, target, version and headers (names case-insensitive).</summary>
public sealed record HttpRequest(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Keep-alive per RFC 9112 §9.3: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "keep-alive".</summary>
    public bool KeepAlive => Version == "HTTP/1.1"
        ? !string.Equals(Header("Connection"), "close", StringComparison.OrdinalIgnoreCase)
        : string.Equals(Header("Connection"), "keep-alive", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one request from the front of <paramref name="buffer"/>; 0 when more bytes are needed, -1 when
    /// it is not HTTP; else the bytes it used.</summary>
    public static int TryParse(List<byte> buffer, out HttpRequest? request)
    {
        request = null;
        int end = IndexOfHeadEnd(buffer);
        if (end < 0)
        {
            return buffer.Count > 65536 ? -1 : 0;
        }
        string head = System.Text.Encoding.Latin1.GetString(buffer.GetRange(0, end).ToArray());
        string[] lines = head.Split("\r\n");
        string[] first = lines[0].Split(' ');
        if (first.Length != 3 || !first[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return -1;
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }
        var partial = new HttpRequest(first[0], first[1], first[2], headers, []);
        int length = int.TryParse(partial.Header("Content-Length"), out int n) && n >= 0 ? n : 0;
        int total = end + 4 + length;
        if (buffer.Count < total)
        {
            return 0;
        }
        request = partial with { Body = buffer.GetRange(end + 4, length).ToArray() };
        return total;
    }

    internal static int IndexOfHeadEnd(List<byte> b)
    {
        for (int i = 0; i + 3 < b.Count; i++)
        {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
