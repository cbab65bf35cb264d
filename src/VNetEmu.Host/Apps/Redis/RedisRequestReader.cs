using System.Runtime.InteropServices;

namespace VNetEmu.Host.Apps.Redis;

/// <summary>Splits a client's byte stream into commands as redis-server 7.4 does (networking.c
/// processInputBuffer): a request starting with <c>*</c> is a RESP multibulk of bulk strings, anything else an
/// inline command (one line, split like sdssplitargs with "double" and 'single' quotes). Bytes may arrive in any
/// pieces; pipelined commands come out one by one. A malformed request yields Redis's protocol error text
/// ("Protocol error: invalid multibulk length"), after which the server replies and closes the connection.</summary>
public sealed class RedisRequestReader
{
    /// <summary>PROTO_INLINE_MAX_SIZE: the longest line without a newline.</summary>
    public const int InlineMaxSize = 64 * 1024;

    /// <summary>proto-max-bulk-len's default (512 MB).</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    private readonly List<byte> _buffer = [];

    public int Buffered => _buffer.Count;

    public void Feed(ReadOnlySpan<byte> data) => _buffer.AddRange(data);

    /// <summary>The next command (its arguments, never empty); false when more bytes are needed, or with
    /// <paramref name="protocolError"/> set when the stream is malformed (the reader is then useless).</summary>
    public bool TryRead(out List<byte[]> args, out string? protocolError)
    {
        protocolError = null;
        while (true)
        {
            args = [];
            if (_buffer.Count == 0)
            {
                return false;
            }
            ReadOnlySpan<byte> b = CollectionsMarshal.AsSpan(_buffer);
            int used = b[0] == '*' ? Multibulk(b, args, out protocolError) : Inline(b, args, out protocolError);
            if (protocolError is not null)
            {
                _buffer.Clear();
                return false;
            }
            if (used == 0)
            {
                return false;
            }
            _buffer.RemoveRange(0, used);
            if (args.Count > 0)
            {
                return true;
            }
        }
    }

    private static int Inline(ReadOnlySpan<byte> b, List<byte[]> args, out string? error)
    {
        error = null;
        int newline = b.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (b.Length > InlineMaxSize)
            {
                error = "Protocol error: too big inline request";
            }
            return 0;
        }
        int end = newline > 0 && b[newline - 1] == '\r' ? newline - 1 : newline;
        if (!SplitArgs(b[..end], args))
        {
            error = "Protocol error: unbalanced quotes in request";
            return 0;
        }
        return newline + 1;
    }

    private static int Multibulk(ReadOnlySpan<byte> b, List<byte[]> args, out string? error)
    {
        error = null;
        int cr = b.IndexOf((byte)'\r');
        if (cr < 0)
        {
            if (b.Length > InlineMaxSize)
            {
                error = "Protocol error: too big mbulk count string";
            }
            return 0;
        }
        if (cr > b.Length - 2)
        {
            return 0;
        }
        if (!RespInteger.TryParse(b[1..cr], out long count) || count > int.MaxValue)
        {
            error = "Protocol error: invalid multibulk length";
            return 0;
        }
        int pos = cr + 2;
        for (long i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> rest = b[pos..];
            int lineEnd = rest.IndexOf((byte)'\r');
            if (lineEnd < 0)
            {
                if (rest.Length > InlineMaxSize)
                {
                    error = "Protocol error: too big bulk count string";
                }
                return 0;
            }
            if (lineEnd > rest.Length - 2)
            {
                return 0;
            }
            if (rest[0] != '$')
            {
                char got = rest[0] is (byte)'\r' or (byte)'\n' ? ' ' : (char)rest[0]; // addReplyErrorFormat blanks newlines
                error = $"Protocol error: expected '$', got '{got}'";
                return 0;
            }
            if (!RespInteger.TryParse(rest[1..lineEnd], out long length) || length < 0 || length > MaxBulkLength)
            {
                error = "Protocol error: invalid bulk length";
                return 0;
            }
            int data = pos + lineEnd + 2;
            if (b.Length - data < length + 2)
            {
                return 0;
            }
            args.Add(b.Slice(data, (int)length).ToArray());
            pos = data + (int)length + 2; // Redis skips the two bytes after the data without looking at them
        }
        return pos;
    }

    /// <summary>sdssplitargs: words separated by blanks; "…" with \n \r \t \b \a \xHH and \c escapes, '…' with \'
    /// only; a closing quote must be followed by a blank or the end. False: unbalanced quotes.</summary>
    public static bool SplitArgs(ReadOnlySpan<byte> line, List<byte[]> args)
    {
        int p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p]))
            {
                p++;
            }
            if (p >= line.Length || line[p] == 0)
            {
                return true;
            }
            var current = new List<byte>();
            bool inDouble = false, inSingle = false, done = false;
            while (!done)
            {
                byte c = At(line, p);
                if (inDouble)
                {
                    if (c == '\\' && At(line, p + 1) == 'x' && IsHex(At(line, p + 2)) && IsHex(At(line, p + 3)))
                    {
                        current.Add((byte)(Hex(At(line, p + 2)) * 16 + Hex(At(line, p + 3))));
                        p += 3;
                    }
                    else if (c == '\\' && At(line, p + 1) != 0)
                    {
                        p++;
                        current.Add(At(line, p) switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => 8,
                            (byte)'a' => 7,
                            byte other => other,
                        });
                    }
                    else if (c == '"')
                    {
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1)))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (c == 0)
                    {
                        return false;
                    }
                    else
                    {
                        current.Add(c);
                    }
                }
                else if (inSingle)
                {
                    if (c == '\\' && At(line, p + 1) == '\'')
                    {
                        p++;
                        current.Add((byte)'\'');
                    }
                    else if (c == '\'')
                    {
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1)))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (c == 0)
                    {
                        return false;
                    }
                    else
                    {
                        current.Add(c);
                    }
                }
                else
                {
                    switch (c)
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDouble = true;
                            break;
                        case (byte)'\'':
                            inSingle = true;
                            break;
                        default:
                            current.Add(c);
                            break;
                    }
                }
                if (At(line, p) != 0)
                {
                    p++;
                }
            }
            args.Add([.. current]);
        }
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
