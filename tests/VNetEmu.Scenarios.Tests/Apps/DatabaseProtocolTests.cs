using System.Buffers.Binary;
using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Mysql;
using VNetEmu.Host.Apps.Postgres;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>The postgres and mysql apps byte by byte from a raw TCP client: what they send on connect, how they
/// answer the first messages, and where the emulation says it stops.</summary>
public class DatabaseProtocolTests
{
    /// <summary>Connects from the client namespace, sends <paramref name="send"/> (each after the previous one's
    /// answer has had time to arrive), and returns what came back and whether the server closed.</summary>
    private static (byte[] Received, bool ServerClosed) Exchange(AppsTestbed bed, ushort port, params byte[][] send)
    {
        World world = bed.Emulator.World;
        TcpSocket socket = bed.Client.Sockets.Tcp.Connect(AppsTestbed.ServerIp, port);
        var received = new List<byte>();
        bool closed = false;
        socket.DataReceived += d => received.AddRange(d);
        socket.RemoteClosed += () => closed = true;
        world.RunUntil(() => socket.State == TcpState.Established, World.NanosPerSecond);
        Assert.Equal(TcpState.Established, socket.State);
        world.Advance(World.NanosPerSecond / 10);
        foreach (byte[] bytes in send)
        {
            socket.Send(bytes);
            world.Advance(World.NanosPerSecond / 10);
        }
        socket.Close();
        world.Advance(World.NanosPerSecond);
        return ([.. received], closed);
    }

    private static byte[] Startup(params string[] parameters)
    {
        var body = new List<byte>();
        body.AddRange(new byte[] { 0, 3, 0, 0 });
        foreach (string p in parameters)
        {
            body.AddRange(Encoding.UTF8.GetBytes(p));
            body.Add(0);
        }
        body.Add(0);
        var m = new byte[4 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(m, m.Length);
        body.CopyTo(m, 4);
        return m;
    }

    /// <summary>Splits backend messages into (type, body) pairs.</summary>
    private static List<(char Type, string Body)> Messages(byte[] bytes)
    {
        var list = new List<(char, string)>();
        int i = 0;
        while (i + 5 <= bytes.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 1));
            list.Add(((char)bytes[i], Encoding.UTF8.GetString(bytes, i + 5, length - 4)));
            i += 1 + length;
        }
        Assert.Equal(bytes.Length, i);
        return list;
    }

    private static AppsTestbed Postgres(params (string, string)[] env)
    {
        var bed = new AppsTestbed(ToolFamily.Gnu);
        foreach ((string k, string v) in env)
        {
            bed.ServerUser.Environment[k] = v;
        }
        new PostgresServerApp().Start(bed.Emulator, bed.Server, bed.ServerUser);
        return bed;
    }

    [Fact]
    public void Postgres_WithoutPassword_RefusesToStart_WithTheImagesError()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        var e = Assert.Throws<CommandException>(() => new PostgresServerApp().Start(bed.Emulator, bed.Server, bed.ServerUser));
        Assert.Equal(1, e.ExitCode);
        Assert.StartsWith("Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD", e.Message);
        Assert.Empty(bed.Server.Sockets.Tcp.Listeners);
    }

    [Fact]
    public void Postgres_SslRequest_IsRefusedWithN_ThenTrustLogsIn()
    {
        using AppsTestbed bed = Postgres(("POSTGRES_HOST_AUTH_METHOD", "trust"));
        byte[] ssl = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];
        (byte[] got, bool closed) = Exchange(bed, 5432, ssl, Startup("user", "postgres", "database", "postgres", "application_name", "psql"));
        Assert.Equal((byte)'N', got[0]);
        var m = Messages(got[1..]);
        Assert.Equal(('R', "\0\0\0\0"), m[0]);
        Assert.Contains(('S', "server_version\u000017.2 (Debian 17.2-1.pgdg120+1)\0"), m);
        Assert.Contains(('S', "application_name\u0000psql\0"), m);
        Assert.Equal('K', m[^2].Type);
        Assert.Equal(('Z', "I"), m[^1]);
        Assert.False(closed);
    }

    [Fact]
    public void Postgres_Trust_ChecksRoleAndDatabase_AndSaysSqlIsNotEmulated()
    {
        using AppsTestbed bed = Postgres(("POSTGRES_HOST_AUTH_METHOD", "trust"), ("POSTGRES_DB", "app"));
        (byte[] role, bool roleClosed) = Exchange(bed, 5432, Startup("user", "bob"));
        Assert.Equal(('E', "SFATAL\0VFATAL\0C28000\0Mrole \"bob\" does not exist\0\0"), Assert.Single(Messages(role)));
        Assert.True(roleClosed);
        (byte[] db, _) = Exchange(bed, 5432, Startup("user", "postgres", "database", "shop"));
        Assert.Contains("C3D000\0Mdatabase \"shop\" does not exist", Encoding.UTF8.GetString(db));
        byte[] query = [(byte)'Q', 0, 0, 0, 13, .. "SELECT 1"u8, 0];
        (byte[] q, _) = Exchange(bed, 5432, Startup("user", "postgres", "database", "app"), query);
        var m = Messages(q);
        Assert.Equal(('E', "SERROR\0VERROR\0C0A000\0Mvnetemu: SQL is not emulated\0\0"), m[^2]);
        Assert.Equal(('Z', "I"), m[^1]);
    }

    [Fact]
    public void Postgres_DefaultScram_AsksForSasl_AndSaysTheExchangeIsNotEmulated()
    {
        using AppsTestbed bed = Postgres(("POSTGRES_PASSWORD", "secret"));
        byte[] sasl = [(byte)'p', 0, 0, 0, 8, .. "abcd"u8];
        (byte[] got, bool closed) = Exchange(bed, 5432, Startup("user", "postgres"), sasl);
        var m = Messages(got);
        Assert.Equal(('R', "\0\0\0\nSCRAM-SHA-256\0\0"), m[0]);
        Assert.Equal('E', m[1].Type);
        Assert.Contains("C0A000\0Mvnetemu: SCRAM-SHA-256 authentication is not emulated", m[1].Body);
        Assert.True(closed);
    }

    [Fact]
    public void Postgres_PasswordMethod_ChecksTheCleartextPassword()
    {
        using AppsTestbed bed = Postgres(("POSTGRES_PASSWORD", "secret"), ("POSTGRES_HOST_AUTH_METHOD", "password"));
        byte[] Password(string p) => [(byte)'p', .. BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(4 + p.Length + 1)), .. Encoding.UTF8.GetBytes(p), 0];
        (byte[] bad, _) = Exchange(bed, 5432, Startup("user", "postgres"), Password("wrong"));
        var m = Messages(bad);
        Assert.Equal(('R', "\0\0\0\u0003"), m[0]);
        Assert.Equal(('E', "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"postgres\"\0\0"), m[1]);
        (byte[] good, _) = Exchange(bed, 5432, Startup("user", "postgres"), Password("secret"));
        Assert.Equal(('Z', "I"), Messages(good)[^1]);
    }

    [Fact]
    public void Postgres_BadStartupLength_IsDroppedSilently_OldProtocolRefused()
    {
        using AppsTestbed bed = Postgres(("POSTGRES_PASSWORD", "secret"));
        (byte[] got, bool closed) = Exchange(bed, 5432, "hello\n"u8.ToArray());
        Assert.Empty(got);
        Assert.True(closed);
        byte[] v2 = Startup("user", "postgres");
        v2[4] = 0;
        v2[5] = 2;
        (byte[] old, _) = Exchange(bed, 5432, v2);
        Assert.Contains("C0A000\0Munsupported frontend protocol 2.0: server supports 3.0 to 3.0\0", Encoding.UTF8.GetString(old));
    }

    [Fact]
    public void Mysql_SendsAProtocol10Handshake_OnConnect()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        bed.ServerUser.Environment["MYSQL_ROOT_PASSWORD"] = "secret";
        new MysqlServerApp().Start(bed.Emulator, bed.Server, bed.ServerUser);
        (byte[] got, bool closed) = Exchange(bed, 3306);
        Assert.False(closed);
        Assert.Equal(4 + 74, got.Length);
        Assert.Equal(new byte[] { 74, 0, 0, 0, 10 }, got[..5]);
        Assert.Equal("8.0.40\0", Encoding.ASCII.GetString(got, 5, 7));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(got.AsSpan(12)));
        byte[] scramble = [.. got[16..24], .. got[43..55]];
        Assert.All(scramble, b => Assert.True(b is > 0 and < 0x80 and not (byte)'$'));
        Assert.Equal(new byte[] { 0, 0xff, 0xff, 0xff, 0x02, 0x00, 0xff, 0xdf, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, got[24..43]);
        Assert.Equal("\0caching_sha2_password\0", Encoding.ASCII.GetString(got, 55, 23));
    }

    [Fact]
    public void Mysql_AnswersTheResponseWithAnErrPacket_AndDisconnectsSilentClientsAfter10s()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        bed.ServerUser.Environment["MYSQL_ALLOW_EMPTY_PASSWORD"] = "yes";
        new MysqlServerApp().Start(bed.Emulator, bed.Server, bed.ServerUser);
        byte[] shortPacket = [3, 0, 0, 1, 1, 2, 3];
        (byte[] got, bool closed) = Exchange(bed, 3306, shortPacket);
        Assert.True(closed);
        Assert.Equal([.. new byte[] { 22, 0, 0, 2, 0xff, 0x13, 0x04 }, .. "#08S01Bad handshake"u8], got[78..]);
        var r = bed.Run("nc 10.9.0.2 3306");
        Assert.Equal(0, r.Exit);
        Assert.Contains("8.0.40\0", r.Stdout);
        Assert.Equal(10 * World.NanosPerSecond, r.ElapsedNs);
    }

    [Fact]
    public void Mysql_WithoutAPasswordOption_RefusesToStart()
    {
        using var bed = new AppsTestbed(ToolFamily.Gnu);
        var app = new MysqlServerApp();
        var e = Assert.Throws<CommandException>(() => app.Start(bed.Emulator, bed.Server, bed.ServerUser));
        Assert.Equal("2026-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: " + MysqlServerApp.MissingPasswordError, e.Message);
        Assert.Equal("2026-01-01 00:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.0.40-1.el9 started.", app.Logs[0]);
    }
}
