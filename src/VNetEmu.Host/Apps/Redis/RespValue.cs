using System.Globalization;
using System.Text;

namespace VNetEmu.Host.Apps.Redis;

/// <summary>One RESP2 value (https://redis.io/docs/latest/develop/reference/protocol-spec/): a simple string or
/// error (one line of text), an integer, a bulk string (bytes, or the null bulk string <c>$-1</c>), or an array
/// (of values, or the null array <c>*-1</c>).</summary>
public sealed class RespValue
{
    private static readonly RespValue s_ok = Simple("OK");
    private static readonly RespValue s_nil = new(RespType.BulkString, null, 0, null, null);

    private RespValue(RespType type, string? text, long integer, byte[]? bytes, IReadOnlyList<RespValue>? items)
    {
        Type = type;
        Text = text ?? "";
        Integer = integer;
        Bytes = bytes;
        Items = items;
    }

    public RespType Type { get; }

    /// <summary>The line of a simple string or error ("" for the other types). Never contains CR or LF.</summary>
    public string Text { get; }

    public long Integer { get; }

    /// <summary>A bulk string's bytes; null for the null bulk string and for the other types.</summary>
    public byte[]? Bytes { get; }

    /// <summary>An array's elements; null for the null array and for the other types.</summary>
    public IReadOnlyList<RespValue>? Items { get; }

    /// <summary>The null bulk string or the null array.</summary>
    public bool IsNull => Type == RespType.BulkString ? Bytes is null : Type == RespType.Array && Items is null;

    public static RespValue Ok => s_ok;

    /// <summary>The null bulk string, <c>$-1</c> (RESP2's nil).</summary>
    public static RespValue Nil => s_nil;

    public static RespValue Simple(string text) => new(RespType.SimpleString, CheckLine(text), 0, null, null);

    public static RespValue Error(string text) => new(RespType.Error, CheckLine(text), 0, null, null);

    public static RespValue Int(long value) => new(RespType.Integer, null, value, null, null);

    public static RespValue Bulk(byte[]? bytes) => bytes is null ? s_nil : new(RespType.BulkString, null, 0, bytes, null);

    public static RespValue Bulk(string text) => Bulk(Encoding.UTF8.GetBytes(text));

    public static RespValue Array(IReadOnlyList<RespValue>? items) => new(RespType.Array, null, 0, null, items);

    /// <summary>The bytes on the wire.</summary>
    public byte[] Encode()
    {
        var output = new List<byte>();
        WriteTo(output);
        return [.. output];
    }

    public void WriteTo(List<byte> output)
    {
        switch (Type)
        {
            case RespType.SimpleString:
                Line(output, '+', Text);
                break;
            case RespType.Error:
                Line(output, '-', Text);
                break;
            case RespType.Integer:
                Line(output, ':', Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.BulkString when Bytes is null:
                Line(output, '$', "-1");
                break;
            case RespType.BulkString:
                Line(output, '$', Bytes.Length.ToString(CultureInfo.InvariantCulture));
                output.AddRange(Bytes);
                output.Add((byte)'\r');
                output.Add((byte)'\n');
                break;
            case RespType.Array when Items is null:
                Line(output, '*', "-1");
                break;
            case RespType.Array:
                Line(output, '*', Items.Count.ToString(CultureInfo.InvariantCulture));
                foreach (RespValue item in Items)
                {
                    item.WriteTo(output);
                }
                break;
        }
    }

    /// <summary>RESP-like text for test failures: <c>+OK</c>, <c>$"abc"</c>, <c>[:1, $nil]</c>.</summary>
    public override string ToString() => Type switch
    {
        RespType.SimpleString => "+" + Text,
        RespType.Error => "-" + Text,
        RespType.Integer => ":" + Integer.ToString(CultureInfo.InvariantCulture),
        RespType.BulkString => Bytes is null ? "$nil" : "$\"" + Encoding.UTF8.GetString(Bytes) + "\"",
        _ => Items is null ? "*nil" : "[" + string.Join(", ", Items) + "]",
    };

    private static void Line(List<byte> output, char type, string text)
    {
        output.Add((byte)type);
        output.AddRange(Encoding.UTF8.GetBytes(text));
        output.Add((byte)'\r');
        output.Add((byte)'\n');
    }

    private static string CheckLine(string text) => text.AsSpan().IndexOfAny('\r', '\n') < 0
        ? text
        : throw new ArgumentException("a simple string or error cannot contain CR or LF", nameof(text));
}
