using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;

namespace VNetEmu.Host.Apps.Mysql;

/// <summary>The official mysql:8.0 image's server on TCP 3306, up to its first packet: its entrypoint's password
/// check (none of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD: the image's error,
/// exit 1), then on every connection the Protocol::HandshakeV10 packet MySQL 8.0.40 sends (capabilities
/// 0xdfffffff, utf8mb4_0900_ai_ci, autocommit, a 20-byte scramble, caching_sha2_password). Authentication is not
/// emulated: a HandshakeResponse is answered with an ERR packet that says so, a packet too short to be one with
/// "Bad handshake", and a client that sends nothing is disconnected after connect_timeout (10 s).</summary>
public sealed class MysqlServerApp(ushort port = 3306, string authPlugin = "caching_sha2_password") : IServerApp
{
    public const string Version = "8.0.40";
    public const string ImageVersion = "8.0.40-1.el9";
    public const long ConnectTimeoutNs = 10 * Engine.World.NanosPerSecond;

    /// <summary>docker-entrypoint.sh's mysql_error text without its timestamp prefix.</summary>
    public const string MissingPasswordError =
        "Database is uninitialized and password option is not specified\n"
        + "    You need to specify one of the following as an environment variable:\n"
        + "    - MYSQL_ROOT_PASSWORD\n"
        + "    - MYSQL_ALLOW_EMPTY_PASSWORD\n"
        + "    - MYSQL_RANDOM_ROOT_PASSWORD";

    private readonly List<string> _logs = [];
    private readonly List<TcpSocket> _connections = [];
    private TcpListener? _listener;
    private Emulator _emulator = null!;
    private uint _nextConnectionId = 8;

    public ushort Port { get; } = port;
    public string AuthPlugin { get; } = authPlugin;
    public IReadOnlyList<string> Logs => _logs;

    public void Start(Emulator emulator, NetNamespace ns, Userspace userspace)
    {
        _emulator = emulator;
        Note($"Entrypoint script for MySQL Server {ImageVersion} started.");
        Note("Switching to dedicated user 'mysql'");
        Note($"Entrypoint script for MySQL Server {ImageVersion} started.");
        Dictionary<string, string> env = userspace.Environment;
        if (new[] { "MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD" }.All(k => env.GetValueOrDefault(k, "").Length == 0))
        {
            CommandException.Throw($"{EntrypointTime()} [ERROR] [Entrypoint]: {MissingPasswordError}", 1);
        }
        if (!ns.Sockets.Tcp.TryListen(default, Port, out TcpListener listener))
        {
            CommandException.Throw($"{ServerTime()} 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use", 1);
        }
        _listener = listener;
        listener.Accepted += OnAccepted;
        Note("MySQL init process done. Ready for start up.");
        _logs.Add($"{ServerTime()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{Version}'  socket: '/var/run/mysqld/mysqld.sock'  port: {Port}  MySQL Community Server - GPL.");
    }

    public void Stop()
    {
        _listener?.Close();
        _listener = null;
        foreach (TcpSocket s in _connections.ToList())
        {
            s.Close();
        }
        _connections.Clear();
    }

    private string EntrypointTime() => _emulator.Clock.ToString("yyyy-MM-dd HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private string ServerTime() => _emulator.Clock.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private void Note(string text) => _logs.Add($"{EntrypointTime()} [Note] [Entrypoint]: {text}");

    /// <summary>Protocol::HandshakeV10 in a packet with sequence id 0 (MySQL source docs, "Connection Phase").</summary>
    public static byte[] Handshake(uint connectionId, ReadOnlySpan<byte> scramble, string authPlugin)
    {
        const uint capabilities = 0xdfffffff; // every CLIENT_* flag up to 1<<31 except CLIENT_CAPABILITY_EXTENSION (1<<29)
        Span<byte> word = stackalloc byte[4];
        var p = new List<byte> { 10 };
        p.AddRange(Encoding.ASCII.GetBytes(Version));
        p.Add(0);
        BinaryPrimitives.WriteUInt32LittleEndian(word, connectionId);
        p.AddRange(word);
        p.AddRange(scramble[..8]);
        p.Add(0);
        BinaryPrimitives.WriteUInt32LittleEndian(word, capabilities);
        p.AddRange(word[..2]);
        p.Add(255); // utf8mb4_0900_ai_ci
        p.Add(0x02); // SERVER_STATUS_AUTOCOMMIT
        p.Add(0);
        p.AddRange(word[2..]);
        p.Add((byte)(scramble.Length + 1));
        p.AddRange(new byte[10]);
        p.AddRange(scramble[8..]);
        p.Add(0);
        p.AddRange(Encoding.ASCII.GetBytes(authPlugin));
        p.Add(0);
        return Packet(0, [.. p]);
    }

    /// <summary>ERR_Packet: 0xff, the error code, '#', the SQLSTATE and the message.</summary>
    public static byte[] Error(byte sequence, ushort code, string sqlState, string message) =>
        Packet(sequence, [0xff, (byte)code, (byte)(code >> 8), (byte)'#', .. Encoding.ASCII.GetBytes(sqlState), .. Encoding.UTF8.GetBytes(message)]);

    private static byte[] Packet(byte sequence, byte[] payload) =>
        [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence, .. payload];

    /// <summary>generate_user_salt: random bytes masked to 7 bits, with NUL and '$' moved up by one.</summary>
    private byte[] Scramble()
    {
        var s = new byte[20];
        _emulator.World.Random.NextBytes(s);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] &= 0x7f;
            if (s[i] is 0 or (byte)'$')
            {
                s[i]++;
            }
        }
        return s;
    }

    private void OnAccepted(TcpSocket socket)
    {
        _connections.Add(socket);
        var buffer = new List<byte>();
        bool done = false;
        socket.Send(Handshake(_nextConnectionId++, Scramble(), AuthPlugin));
        Engine.Time.TimerEntry timeout = _emulator.World.Schedule(ConnectTimeoutNs, () =>
        {
            if (!done)
            {
                done = true;
                socket.Close();
            }
        });
        socket.DataReceived += data =>
        {
            buffer.AddRange(data);
            if (done || buffer.Count < 4)
            {
                return;
            }
            int length = buffer[0] | buffer[1] << 8 | buffer[2] << 16;
            if (buffer.Count < 4 + length)
            {
                return;
            }
            done = true;
            timeout.Cancel();
            byte sequence = (byte)(buffer[3] + 1);
            socket.Send(length < 32
                ? Error(sequence, 1043, "08S01", "Bad handshake")
                : Error(sequence, 1235, "42000", "vnetemu: authentication is not emulated (this mysqld sends its handshake only)"));
            socket.Close();
        };
        socket.RemoteClosed += () => socket.Close();
        socket.Closed += () =>
        {
            timeout.Cancel();
            _connections.Remove(socket);
        };
        socket.Aborted += _ => _connections.Remove(socket);
    }
}
