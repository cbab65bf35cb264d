using VNetEmu.Engine;
using VNetEmu.Engine.Devices;
using VNetEmu.Host.Apps.Redis;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>redis-cli and nc against the redis-server app across the emulated network: replies as redis-cli prints
/// them off a terminal, Redis's error texts, pipelining, values spread over many segments, expiry on the virtual
/// clock, and how connections fail.</summary>
public class RedisEndToEndTests
{
    private static AppsTestbed Bed(out RedisServerApp redis)
    {
        var bed = new AppsTestbed(ToolFamily.Gnu);
        redis = new RedisServerApp();
        redis.Start(bed.Emulator, bed.Server, bed.ServerUser);
        return bed;
    }

    private static string Cli(AppsTestbed bed, string args)
    {
        var r = bed.Run("redis-cli -h 10.9.0.2 " + args);
        Assert.True(r.Exit == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        return r.Stdout;
    }

    [Fact]
    public void RawOutput_IsWhatRedisCliPrintsOffATerminal()
    {
        using AppsTestbed bed = Bed(out _);
        Assert.Equal("PONG\n", Cli(bed, "PING"));
        Assert.Equal("hi there\n", Cli(bed, "PING 'hi there'"));
        Assert.Equal("OK\n", Cli(bed, "SET greeting hello"));
        Assert.Equal("hello\n", Cli(bed, "GET greeting"));
        Assert.Equal("\n", Cli(bed, "GET nothing"));
        Assert.Equal("1\n", Cli(bed, "INCR visits"));
        Assert.Equal("2\n", Cli(bed, "INCR visits"));
        Assert.Equal("1\n", Cli(bed, "DECR visits"));
        Assert.Equal("2\n", Cli(bed, "EXISTS greeting visits nothing"));
        Assert.Equal("greeting\nvisits\n", Cli(bed, "KEYS '*'"));
        Assert.Equal("visits\n", Cli(bed, "KEYS 'v?sit*'"));
        Assert.Equal("echo\n", Cli(bed, "ECHO echo"));
        Assert.Equal("1\n", Cli(bed, "DEL greeting greeting"));
        Assert.Equal("\n", Cli(bed, "KEYS 'nomatch*'"));
        Assert.Equal("-2\n", Cli(bed, "TTL greeting"));
        Assert.Equal("-1\n", Cli(bed, "TTL visits"));
        Assert.Equal("1\n", Cli(bed, "DBSIZE"));
        Assert.Equal("OK\n", Cli(bed, "SET k v NX"));
        Assert.Equal("\n", Cli(bed, "SET k w NX"));
        Assert.Equal("v\n", Cli(bed, "SET k w XX GET"));
        Assert.Equal("w\n", Cli(bed, "GET k"));
    }

    [Fact]
    public void ErrorReplies_AreRedisTexts_OnStdout_WithExit0_OrStderrAndExit1WithE()
    {
        using AppsTestbed bed = Bed(out _);
        Assert.Equal("ERR unknown command 'FOO', with args beginning with: 'a' 'b c' \n\n", Cli(bed, "FOO a 'b c'"));
        Assert.Equal("ERR unknown command 'nope', with args beginning with: \n\n", Cli(bed, "nope"));
        Assert.Equal("ERR wrong number of arguments for 'get' command\n\n", Cli(bed, "GET"));
        Assert.Equal("ERR wrong number of arguments for 'ping' command\n\n", Cli(bed, "PING a b"));
        Assert.Equal("ERR syntax error\n\n", Cli(bed, "SET k v NX XX"));
        Assert.Equal("ERR invalid expire time in 'set' command\n\n", Cli(bed, "SET k v EX 0"));
        Assert.Equal("OK\n", Cli(bed, "SET word abc"));
        Assert.Equal("ERR value is not an integer or out of range\n\n", Cli(bed, "INCR word"));
        Assert.Equal("OK\n", Cli(bed, "SET max 9223372036854775807"));
        Assert.Equal("ERR increment or decrement would overflow\n\n", Cli(bed, "INCR max"));
        Assert.Equal("ERR vnetemu: command 'hset' is not emulated\n\n", Cli(bed, "HSET h f v"));
        Assert.Equal("ERR DB index is out of range\n\n", Cli(bed, "SELECT 16"));
        var e = bed.Run("redis-cli -h 10.9.0.2 -e GET");
        Assert.Equal(("", "ERR wrong number of arguments for 'get' command\n", 1), (e.Stdout, e.Stderr, e.Exit));
    }

    [Fact]
    public void NoRaw_PrintsTheTerminalForms()
    {
        using AppsTestbed bed = Bed(out _);
        Cli(bed, "SET a 'x\"y'");
        Cli(bed, "SET b 2");
        Assert.Equal("(nil)\n", Cli(bed, "--no-raw GET missing"));
        Assert.Equal("\"x\\\"y\"\n", Cli(bed, "--no-raw GET a"));
        Assert.Equal("(integer) 3\n", Cli(bed, "--no-raw INCR b"));
        Assert.Equal("1) \"a\"\n2) \"b\"\n", Cli(bed, "--no-raw KEYS '*'"));
        Assert.Equal("(empty array)\n", Cli(bed, "--no-raw KEYS 'z*'"));
        Assert.Equal("(error) ERR wrong number of arguments for 'get' command\n", Cli(bed, "--no-raw GET"));
        Assert.Equal("PONG\n", Cli(bed, "--no-raw PING"));
    }

    [Fact]
    public void Info_IsPrintedVerbatim_AndSelectWithN_UsesAnotherDatabase()
    {
        using AppsTestbed bed = Bed(out RedisServerApp redis);
        string info = Cli(bed, "INFO server");
        Assert.StartsWith("# Server\r\nredis_version:7.4.1\r\nredis_mode:standalone\r\n", info);
        Assert.Contains("\r\ntcp_port:6379\r\n", info);
        Assert.EndsWith("port=6379\r\n", info);
        Assert.Equal("OK\n", Cli(bed, "-n 3 SET only3 yes"));
        Assert.Equal("\n", Cli(bed, "GET only3"));
        Assert.Equal("yes\n", Cli(bed, "-n 3 GET only3"));
        Assert.Contains("only3", redis.Database(3).Keys);
        Assert.Equal("# Keyspace\r\ndb3:keys=1,expires=0,avg_ttl=0,subexpiry=0\r\n", Cli(bed, "INFO keyspace"));
        var bad = bed.Run("redis-cli -h 10.9.0.2 -n 99 GET only3");
        Assert.Equal(("\n", "SELECT 99 failed: ERR DB index is out of range\n", 0), (bad.Stdout, bad.Stderr, bad.Exit));
    }

    [Fact]
    public void Expiry_RunsOnTheVirtualClock()
    {
        using AppsTestbed bed = Bed(out _);
        Assert.Equal("OK\n", Cli(bed, "SET session abc EX 10"));
        Assert.Equal("10\n", Cli(bed, "TTL session"));
        bed.Emulator.World.Advance(4 * World.NanosPerSecond);
        Assert.Equal("6000\n", Cli(bed, "PTTL session"));
        Assert.Equal("OK\n", Cli(bed, "SET session abc KEEPTTL"));
        bed.Emulator.World.Advance(6 * World.NanosPerSecond);
        Assert.Equal("\n", Cli(bed, "GET session"));
        Assert.Equal("0\n", Cli(bed, "EXISTS session"));
    }

    [Fact]
    public void ValueLargerThanManySegments_IsReassembledBothWays()
    {
        using AppsTestbed bed = Bed(out RedisServerApp redis);
        string big = string.Concat(Enumerable.Range(0, 12_000).Select(i => (char)('a' + i % 26)));
        Assert.Equal("OK\n", Cli(bed, "SET big " + big));
        Assert.Equal(big.Length, redis.Database(0)["big"].Value.Length);
        Assert.Equal(big + "\n", Cli(bed, "GET big"));
    }

    [Fact]
    public void Pipelined_InlineAndMultibulk_OverNc_AnswerInOrder_QuitCloses()
    {
        using AppsTestbed bed = Bed(out _);
        var r = bed.Run("nc -w 5 10.9.0.2 6379", "PING\r\nSET a 1\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\nincr a\nQUIT\r\nPING\r\n");
        Assert.Equal(("+PONG\r\n+OK\r\n$1\r\n1\r\n:2\r\n+OK\r\n", 0), (r.Stdout, r.Exit));
        Assert.True(r.ElapsedNs < World.NanosPerSecond, "the server closed after QUIT, nc did not wait for -w");
    }

    [Fact]
    public void ProtocolError_IsAnsweredThenTheConnectionCloses()
    {
        using AppsTestbed bed = Bed(out _);
        var r = bed.Run("nc -w 5 10.9.0.2 6379", "PING\r\n*1\r\n+PING\r\nPING\r\n");
        Assert.Equal("+PONG\r\n-ERR Protocol error: expected '$', got '+'\r\n", r.Stdout);
        Assert.True(r.ElapsedNs < World.NanosPerSecond);
    }

    [Fact]
    public void HttpLikePost_IsTheSecurityGuard_ConnectionDroppedWithoutReply()
    {
        using AppsTestbed bed = Bed(out RedisServerApp redis);
        var r = bed.Run("nc -w 5 10.9.0.2 6379", "POST / HTTP/1.1\r\nPING\r\n");
        Assert.Equal(("", 0), (r.Stdout, r.Exit));
        Assert.Matches(@"^1:M 01 Jan 2026 00:00:00\.\d{3} # Possible SECURITY ATTACK detected\. .* Connection from 10\.9\.0\.1:\d+ aborted\.$", redis.Logs[^1]);
    }

    [Fact]
    public void ConnectionRefused_IsTriedTwice_ThenReported()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        int syns = 0;
        bed.Emulator.World.AddTap((NetDevice device, long _, Engine.Buffers.Frame frame, bool outgoing) =>
        {
            Span<byte> d = frame.Data;
            if (outgoing && device.Name == "eth0" && device.Namespace == bed.Client && d.Length > 34 && d[12] == 8 && d[13] == 0 && d[23] == 6)
            {
                int tcp = 14 + (d[14] & 0x0f) * 4;
                syns += (d[tcp + 13] & 0x12) == 0x02 ? 1 : 0;
            }
        });
        var r = bed.Run("redis-cli -h 10.9.0.2 PING");
        Assert.Equal(("", "Could not connect to Redis at 10.9.0.2:6379: Connection refused\n", 1), (r.Stdout, r.Stderr, r.Exit));
        Assert.Equal(2, syns);
        var t = bed.Run("redis-cli -h 10.9.0.77 -t 1 PING");
        Assert.Equal(("Could not connect to Redis at 10.9.0.77:6379: Connection timed out\n", 1), (t.Stderr, t.Exit));
        Assert.Equal(2 * World.NanosPerSecond, t.ElapsedNs);
    }

    [Fact]
    public void OptionErrors_AreRedisClis_OrSayNotEmulated()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        Assert.Equal(("Unrecognized option or bad number of args for: '--frob'\n", 1), Pick(bed.Run("redis-cli --frob PING")));
        Assert.Equal(("Invalid server port.\n", 1), Pick(bed.Run("redis-cli -p 70000 PING")));
        Assert.Equal(("redis-cli: vnetemu: option -a is not emulated\n", 1), Pick(bed.Run("redis-cli -a secret PING")));
        Assert.Equal(("redis-cli: vnetemu: interactive mode (no command) is not emulated\n", 1), Pick(bed.Run("redis-cli -h 10.9.0.2")));
    }

    [Fact]
    public void ServerClosingBeforeAReply_OrNotSpeakingResp_IsAContextError()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        Assert.True(bed.Server.Sockets.Tcp.TryListen(default, 6379, out Engine.Sockets.TcpListener listener));
        listener.Accepted += s => s.DataReceived += _ => s.Close();
        Assert.Equal(("Error: Server closed the connection\n", 1), Pick(bed.Run("redis-cli -h 10.9.0.2 PING")));
        var mysql = new Host.Apps.Mysql.MysqlServerApp();
        bed.ServerUser.Environment["MYSQL_ROOT_PASSWORD"] = "x";
        mysql.Start(bed.Emulator, bed.Server, bed.ServerUser);
        Assert.Equal(("Error: Protocol error, got \"J\" as reply type byte\n", 1), Pick(bed.Run("redis-cli -h 10.9.0.2 -p 3306 PING")));
    }

    private static (string, int) Pick((string Stdout, string Stderr, int Exit, long) r) => (r.Stderr, r.Exit);
}
