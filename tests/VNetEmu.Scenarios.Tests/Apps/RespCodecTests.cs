using System.Text;
using CsCheck;
using VNetEmu.Host.Apps.Redis;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>The RESP2 codec both ways: any value survives encode → decode, however its bytes are split and however
/// many are pipelined; the server's request reader gets back every command from multibulk and inline requests cut
/// anywhere; malformed requests give redis-server 7.4's protocol errors.</summary>
public class RespCodecTests
{
    private static readonly Gen<string> s_line = Gen.String[Gen.Char.Where(c => c is not ('\r' or '\n') && !char.IsSurrogate(c)), 0, 20];

    private static readonly Gen<RespValue> s_scalar = Gen.OneOf(
        s_line.Select(RespValue.Simple),
        s_line.Select(RespValue.Error),
        Gen.Long.Select(RespValue.Int),
        Gen.Byte.Array[0, 40].Select(b => RespValue.Bulk(b)),
        Gen.Const(RespValue.Nil),
        Gen.Const(RespValue.Array(null)));

    private static readonly Gen<RespValue> s_value = Gen.Recursive<RespValue>((depth, self) => depth >= 3
        ? s_scalar
        : Gen.Frequency((4, s_scalar), (1, self.List[0, 5].Select(items => RespValue.Array(items)))));

    /// <summary>Cut points: a sorted set of offsets into a buffer of <paramref name="length"/> bytes.</summary>
    private static Gen<int[]> Cuts(int length) => Gen.Int[0, length].Array[0, 8].Select(a => a.Distinct().Order().ToArray());

    private static IEnumerable<byte[]> Split(byte[] bytes, int[] cuts)
    {
        int from = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            yield return bytes[from..cut];
            from = cut;
        }
    }

    [Fact]
    public void AnyValue_RoundTrips() =>
        s_value.Sample(v =>
        {
            var reader = new RespReader();
            reader.Feed(v.Encode());
            Assert.True(reader.TryRead(out RespValue back), reader.Error);
            Assert.Equal(v.Encode(), back.Encode());
            Assert.Equal(v.ToString(), back.ToString());
            Assert.Equal(0, reader.Buffered);
        }, iter: 3000);

    [Fact]
    public void PipelinedValues_SplitAnywhere_ComeBackInOrder() =>
        s_value.List[1, 6].SelectMany(values =>
        {
            byte[] bytes = [.. values.SelectMany(v => v.Encode())];
            return Cuts(bytes.Length).Select(cuts => (values, bytes, cuts));
        }).Sample(t =>
        {
            var reader = new RespReader();
            var got = new List<RespValue>();
            foreach (byte[] piece in Split(t.bytes, t.cuts))
            {
                reader.Feed(piece);
                while (reader.TryRead(out RespValue v))
                {
                    got.Add(v);
                }
                Assert.Null(reader.Error);
            }
            Assert.Equal(t.values.Select(v => v.ToString()), got.Select(v => v.ToString()));
        }, iter: 2000);

    [Fact]
    public void Commands_AsMultibulkOrInline_SplitAnywhere_ReachTheServerWhole()
    {
        Gen<byte[]> word = Gen.Byte.Array[0, 12];
        Gen<byte[]> inlineWord = Gen.Char["abcXYZ019_-:?"].Array[1, 8].Select(c => Encoding.ASCII.GetBytes(c));
        Gen<(List<byte[]> Args, bool Inline)> command = Gen.OneOf(
            word.List[1, 5].Select(a => (a, false)),
            inlineWord.List[1, 5].Select(a => (a, true))); // a request starting with * is a multibulk, never inline
        command.List[1, 5].SelectMany(commands =>
        {
            byte[] bytes = [.. commands.SelectMany(c => c.Inline
                ? Encoding.ASCII.GetBytes(string.Join(' ', c.Args.Select(Encoding.ASCII.GetString)) + "\r\n")
                : RespValue.Array([.. c.Args.Select(a => RespValue.Bulk(a))]).Encode())];
            return Cuts(bytes.Length).Select(cuts => (commands, bytes, cuts));
        }).Sample(t =>
        {
            var reader = new RedisRequestReader();
            var got = new List<List<byte[]>>();
            foreach (byte[] piece in Split(t.bytes, t.cuts))
            {
                reader.Feed(piece);
                while (reader.TryRead(out List<byte[]> args, out string? error))
                {
                    Assert.Null(error);
                    got.Add(args);
                }
            }
            Assert.Equal(t.commands.Count, got.Count);
            for (int i = 0; i < got.Count; i++)
            {
                Assert.Equal(t.commands[i].Args, got[i]);
            }
        }, iter: 2000);
    }

    [Fact]
    public void KnownBytes_EncodeAsRedisWritesThem()
    {
        Assert.Equal("+OK\r\n"u8.ToArray(), RespValue.Ok.Encode());
        Assert.Equal("$-1\r\n"u8.ToArray(), RespValue.Nil.Encode());
        Assert.Equal("*-1\r\n"u8.ToArray(), RespValue.Array(null).Encode());
        Assert.Equal(":-42\r\n"u8.ToArray(), RespValue.Int(-42).Encode());
        Assert.Equal("*2\r\n$3\r\nGET\r\n$0\r\n\r\n"u8.ToArray(), RespValue.Array([RespValue.Bulk("GET"), RespValue.Bulk("")]).Encode());
        Assert.Throws<ArgumentException>(() => RespValue.Error("two\nlines"));
    }

    [Theory]
    [InlineData("*abc\r\n", "Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n+PING\r\n", "Protocol error: expected '$', got '+'")]
    [InlineData("*1\r\n$-2\r\n", "Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$012\r\n", "Protocol error: invalid bulk length")]
    [InlineData("SET \"a b\"x\r\n", "Protocol error: unbalanced quotes in request")]
    [InlineData("SET 'open\r\n", "Protocol error: unbalanced quotes in request")]
    public void MalformedRequests_GetRedisProtocolErrors(string request, string error)
    {
        var reader = new RedisRequestReader();
        reader.Feed(Encoding.ASCII.GetBytes(request));
        Assert.False(reader.TryRead(out _, out string? got));
        Assert.Equal(error, got);
    }

    [Fact]
    public void TooBigInlineRequest_IsAnError_OnlyPastTheLimit()
    {
        var reader = new RedisRequestReader();
        reader.Feed(new byte[RedisRequestReader.InlineMaxSize].AsSpan().ToArray().Select(_ => (byte)'a').ToArray());
        Assert.False(reader.TryRead(out _, out string? error));
        Assert.Null(error);
        reader.Feed("a"u8);
        Assert.False(reader.TryRead(out _, out error));
        Assert.Equal("Protocol error: too big inline request", error);
    }

    [Fact]
    public void EmptyLinesAndZeroLengthMultibulks_AreSkipped()
    {
        var reader = new RedisRequestReader();
        reader.Feed("\r\n\n*0\r\n*-1\r\nPING\n"u8);
        Assert.True(reader.TryRead(out List<byte[]> args, out _));
        Assert.Equal("PING", Encoding.ASCII.GetString(Assert.Single(args)));
        Assert.False(reader.TryRead(out _, out _));
    }

    [Theory]
    [InlineData("set k v", new[] { "set", "k", "v" })]
    [InlineData("  set   \"a b\"  'c d' ", new[] { "set", "a b", "c d" })]
    [InlineData("echo \"x\\ty\\x41\\\"\"", new[] { "echo", "x\ty\u0041\"" })]
    [InlineData("echo 'it\\'s'", new[] { "echo", "it's" })]
    [InlineData("echo a\"b\"", new[] { "echo", "ab" })]
    public void SplitArgs_IsSdssplitargs(string line, string[] expected)
    {
        var args = new List<byte[]>();
        Assert.True(RedisRequestReader.SplitArgs(Encoding.ASCII.GetBytes(line), args));
        Assert.Equal(expected, args.Select(Encoding.ASCII.GetString));
    }

    [Theory]
    [InlineData("+OK\r\n:x\r\n", "Bad integer value")]
    [InlineData("HTTP/1.1 400\r\n", "Protocol error, got \"H\" as reply type byte")]
    [InlineData("\n", "Protocol error, got \"\\n\" as reply type byte")]
    [InlineData("$-5\r\n", "Bulk string length out of range")]
    [InlineData("*1x\r\n", "Bad multi-bulk length")]
    public void MalformedReplies_GetHiredisErrors(string stream, string error)
    {
        var reader = new RespReader();
        reader.Feed(Encoding.ASCII.GetBytes(stream));
        while (reader.TryRead(out _))
        {
        }
        Assert.Equal(error, reader.Error);
    }

    [Theory]
    [InlineData("*", "", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("user:*", "user:1", true)]
    [InlineData("user:*", "users", false)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("*b*", "abc", true)]
    public void Glob_IsStringmatchlen(string pattern, string text, bool match) =>
        Assert.Equal(match, RedisGlob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void UnknownCommandText_QuotesTheArgsUpTo128Bytes()
    {
        List<byte[]> argv = [.. new[] { "foo", "a", "b" }.Select(Encoding.ASCII.GetBytes)];
        Assert.Equal("unknown command 'foo', with args beginning with: 'a' 'b' ", RedisServerApp.UnknownCommand(argv));
        Assert.Equal("unknown command 'x', with args beginning with: ", RedisServerApp.UnknownCommand([[(byte)'x']]));
        string longArg = new('z', 200);
        string text = RedisServerApp.UnknownCommand([.. new[] { "x", longArg, "more" }.Select(Encoding.ASCII.GetBytes)]);
        Assert.Equal("unknown command 'x', with args beginning with: '" + new string('z', 128) + "' ", text);
        Assert.Equal("unknown command 'x', with args beginning with: 'a b' ", RedisServerApp.UnknownCommand([.. new[] { "x", "a\nb" }.Select(Encoding.ASCII.GetBytes)]));
    }

    [Theory]
    [InlineData("0", true, 0L)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("007", false, 0L)]
    [InlineData("+1", false, 0L)]
    [InlineData("-0", false, 0L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("", false, 0L)]
    public void Integers_AreString2ll(string text, bool ok, long value)
    {
        Assert.Equal(ok, RespInteger.TryParse(text, out long v));
        if (ok)
        {
            Assert.Equal(value, v);
        }
    }
}
