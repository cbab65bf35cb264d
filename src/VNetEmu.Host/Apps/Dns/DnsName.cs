using System.Text;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>Domain names on the wire (RFC 1035 §3.1, §4.1.4): labels, compression pointers on write, and reading that
/// survives hostile bytes: a pointer must point before the name that uses it (so no loop), a name is at most 255
/// bytes. A dot or backslash inside a label is escaped as <c>\.</c> / <c>\\</c>, as dig prints it.</summary>
internal static class DnsName
{
    public const int MaxLength = 255;

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/>; <paramref name="next"/> is the offset just
    /// past it in the original position. False for anything malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, int offset, out string name, out int next)
    {
        var sb = new StringBuilder();
        name = "";
        next = -1;
        int pos = offset;
        int limit = offset; // a pointer must go strictly before the label that holds it
        int wireLength = 1;
        while (true)
        {
            if (pos >= message.Length)
            {
                return false;
            }
            byte len = message[pos];
            if (len == 0)
            {
                if (next < 0)
                {
                    next = pos + 1;
                }
                break;
            }
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 1 >= message.Length)
                {
                    return false;
                }
                int target = (len & 0x3F) << 8 | message[pos + 1];
                if (next < 0)
                {
                    next = pos + 2;
                }
                if (target >= limit)
                {
                    return false;
                }
                limit = target;
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0 || pos + 1 + len > message.Length)
            {
                return false;
            }
            wireLength += len + 1;
            if (wireLength > MaxLength)
            {
                return false;
            }
            if (sb.Length > 0)
            {
                sb.Append('.');
            }
            AppendLabel(sb, message.Slice(pos + 1, len));
            pos += 1 + len;
        }
        name = sb.ToString();
        return true;
    }

    private static void AppendLabel(StringBuilder sb, ReadOnlySpan<byte> label)
    {
        foreach (byte b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7E)
            {
                sb.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }
    }

    /// <summary>The labels of a name in text form (escapes undone); an empty name or "." is the root.</summary>
    public static List<byte[]> Labels(string name)
    {
        var labels = new List<byte[]>();
        var current = new List<byte>();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '\\' && i + 1 < name.Length)
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    current.Add((byte)int.Parse(name.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
                    i += 3;
                }
                else
                {
                    current.Add((byte)name[++i]);
                }
            }
            else if (c == '.')
            {
                if (current.Count > 0)
                {
                    labels.Add([.. current]);
                }
                current.Clear();
            }
            else
            {
                current.Add((byte)c);
            }
        }
        if (current.Count > 0)
        {
            labels.Add([.. current]);
        }
        foreach (byte[] l in labels)
        {
            if (l.Length > 63)
            {
                throw new ArgumentException($"label longer than 63 bytes in '{name}'", nameof(name));
            }
        }
        return labels;
    }

    public static void WriteUncompressed(List<byte> output, string name)
    {
        foreach (byte[] label in Labels(name))
        {
            output.Add((byte)label.Length);
            output.AddRange(label);
        }
        output.Add(0);
    }

    /// <summary>Reads an uncompressed name from RDATA kept in canonical form (null when malformed).</summary>
    public static string? ReadUncompressed(ReadOnlySpan<byte> data, int offset, out int next)
    {
        // With no earlier bytes every pointer is rejected, which is what "uncompressed" means.
        if (TryRead(data, offset, out string name, out next) && !HasPointer(data, offset))
        {
            return name;
        }
        next = -1;
        return null;
    }

    private static bool HasPointer(ReadOnlySpan<byte> data, int offset)
    {
        for (int pos = offset; pos < data.Length && data[pos] != 0; pos += data[pos] + 1)
        {
            if ((data[pos] & 0xC0) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes a name, pointing at an earlier copy of its longest known suffix (RFC 1035 §4.1.4).</summary>
    public static void WriteCompressed(List<byte> output, string name, Dictionary<string, int> offsets)
    {
        List<byte[]> labels = Labels(name);
        for (int i = 0; i < labels.Count; i++)
        {
            string suffix = string.Join('.', labels.Skip(i).Select(l => Encoding.Latin1.GetString(l))).ToLowerInvariant();
            if (offsets.TryGetValue(suffix, out int at))
            {
                output.Add((byte)(0xC0 | at >> 8));
                output.Add((byte)at);
                return;
            }
            if (output.Count < 0x3FFF)
            {
                offsets[suffix] = output.Count;
            }
            output.Add((byte)labels[i].Length);
            output.AddRange(labels[i]);
        }
        output.Add(0);
    }
}
