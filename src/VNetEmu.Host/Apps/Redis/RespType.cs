namespace VNetEmu.Host.Apps.Redis;

/// <summary>The five RESP2 types, by their first byte: <c>+</c> simple string, <c>-</c> error, <c>:</c> integer,
/// <c>$</c> bulk string, <c>*</c> array.</summary>
public enum RespType : byte
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
}
