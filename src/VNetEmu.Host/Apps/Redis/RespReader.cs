using System.Runtime.InteropServices;
using System.Text;

namespace VNetEmu.Host.Apps.Redis;

/// <summary>Decodes RESP2 replies from a byte stream as hiredis does: bytes arrive in any pieces
/// (<see cref="Feed"/>), each <see cref="TryRead"/> returns the next complete value, so pipelined replies and
/// replies split across segments read the same. A malformed stream sets <see cref="Error"/> to hiredis's text
/// ("Protocol error, got "H" as reply type byte", "Bad integer value", …) and stays failed.</summary>
public sealed class RespReader
{
    private readonly List<byte> _buffer = [];

    /// <summary>Why the stream is malformed; null while it is fine.</summary>
    public string? Error { get; private set; }

    /// <summary>Bytes received and not yet returned as values.</summary>
    public int Buffered => _buffer.Count;

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (Error is null)
        {
            _buffer.AddRange(data);
        }
    }

    /// <summary>The next complete value; false when more bytes are needed or the stream is malformed
    /// (<see cref="Error"/> set).</summary>
    public bool TryRead(out RespValue value)
    {
        value = RespValue.Nil;
        if (Error is not null)
        {
            return false;
        }
        int pos = 0;
        switch (Parse(CollectionsMarshal.AsSpan(_buffer), ref pos, out RespValue? parsed))
        {
            case Status.Complete:
                _buffer.RemoveRange(0, pos);
                value = parsed!;
                return true;
            case Status.Invalid:
                _buffer.Clear();
                return false;
            default:
                return false;
        }
    }

    private enum Status
    {
        Complete,
        NeedMore,
        Invalid,
    }

    private Status Parse(ReadOnlySpan<byte> b, ref int pos, out RespValue? value)
    {
        value = null;
        if (pos >= b.Length)
        {
            return Status.NeedMore;
        }
        byte type = b[pos];
        if (type is not ((byte)'+' or (byte)'-' or (byte)':' or (byte)'$' or (byte)'*'))
        {
            return Fail($"Protocol error, got {CharToString(type)} as reply type byte");
        }
        int lineStart = pos + 1;
        int cr = IndexOfCrLf(b, lineStart);
        if (cr < 0)
        {
            return Status.NeedMore;
        }
        ReadOnlySpan<byte> line = b[lineStart..cr];
        int next = cr + 2;
        switch (type)
        {
            case (byte)'+' or (byte)'-':
                string text = Encoding.UTF8.GetString(line);
                if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
                {
                    return Fail("Bad simple string value");
                }
                value = type == '+' ? RespValue.Simple(text) : RespValue.Error(text);
                pos = next;
                return Status.Complete;
            case (byte)':':
                if (!RespInteger.TryParse(line, out long integer))
                {
                    return Fail("Bad integer value");
                }
                value = RespValue.Int(integer);
                pos = next;
                return Status.Complete;
            case (byte)'$':
                if (!RespInteger.TryParse(line, out long length))
                {
                    return Fail("Bad bulk string length");
                }
                if (length < -1 || length > int.MaxValue)
                {
                    return Fail("Bulk string length out of range");
                }
                if (length == -1)
                {
                    value = RespValue.Nil;
                    pos = next;
                    return Status.Complete;
                }
                if (next + length + 2 > b.Length)
                {
                    return Status.NeedMore;
                }
                value = RespValue.Bulk(b.Slice(next, (int)length).ToArray());
                pos = next + (int)length + 2; // hiredis trusts the CRLF after the bytes
                return Status.Complete;
            default:
                if (!RespInteger.TryParse(line, out long count))
                {
                    return Fail("Bad multi-bulk length");
                }
                if (count < -1 || count > int.MaxValue)
                {
                    return Fail("Multi-bulk length out of range");
                }
                if (count == -1)
                {
                    value = RespValue.Array(null);
                    pos = next;
                    return Status.Complete;
                }
                var items = new List<RespValue>((int)Math.Min(count, 1024));
                int p = next;
                for (long i = 0; i < count; i++)
                {
                    Status s = Parse(b, ref p, out RespValue? item);
                    if (s != Status.Complete)
                    {
                        return s;
                    }
                    items.Add(item!);
                }
                value = RespValue.Array(items);
                pos = p;
                return Status.Complete;
        }
    }

    private Status Fail(string error)
    {
        Error = error;
        return Status.Invalid;
    }

    private static int IndexOfCrLf(ReadOnlySpan<byte> b, int from)
    {
        for (int i = from; i + 1 < b.Length; i++)
        {
            if (b[i] == '\r' && b[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>hiredis's chrtos: a byte in double quotes, C-escaped.</summary>
    private static string CharToString(byte c) => c switch
    {
        (byte)'\\' or (byte)'"' => $"\"\\{(char)c}\"",
        (byte)'\n' => "\"\\n\"",
        (byte)'\r' => "\"\\r\"",
        (byte)'\t' => "\"\\t\"",
        7 => "\"\\a\"",
        8 => "\"\\b\"",
        >= 0x20 and < 0x7f => $"\"{(char)c}\"",
        _ => $"\"\\x{c:x2}\"",
    };
}
