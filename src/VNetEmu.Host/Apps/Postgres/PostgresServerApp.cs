using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;

namespace VNetEmu.Host.Apps.Postgres;

/// <summary>The official postgres:17 image's server on TCP 5432, honest about what it is: its entrypoint's
/// password check (no POSTGRES_PASSWORD and no POSTGRES_HOST_AUTH_METHOD=trust: the image's error, exit 1), and
/// the frontend/backend protocol 3.0 up to authentication (PostgreSQL docs, "Message Flow" and "Message
/// Formats"). SSLRequest and GSSENCRequest are refused with 'N'. A StartupMessage is answered by pg_hba's
/// <c>host all all all METHOD</c>: trust checks the role and database and sends AuthenticationOk, the
/// ParameterStatus set, BackendKeyData and ReadyForQuery; password asks for a cleartext password and checks it;
/// scram-sha-256 (the image's default) and md5 send AuthenticationSASL, and the SCRAM exchange after it is not
/// emulated (a FATAL error says so). After login every query is answered with an error saying SQL is not
/// emulated. ErrorResponse carries the S, V, C and M fields only.</summary>
public sealed class PostgresServerApp(ushort port = 5432) : IServerApp
{
    public const string Version = "17.2";
    public const string ServerVersion = "17.2 (Debian 17.2-1.pgdg120+1)";

    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;
    private const int CancelRequestCode = 80877102;
    private const int MaxStartupPacketLength = 10000;

    /// <summary>The docker-entrypoint.sh text when neither a password nor trust is given (postgres:17).</summary>
    public const string MissingPasswordError =
        "Error: Database is uninitialized and superuser password is not specified.\n"
        + "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n"
        + "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n"
        + "\n"
        + "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all\n"
        + "       connections without a password. This is *not* recommended.\n"
        + "\n"
        + "       See PostgreSQL documentation about \"trust\":\n"
        + "       https://www.postgresql.org/docs/current/auth-trust.html";

    private readonly List<string> _logs = [];
    private readonly List<TcpSocket> _connections = [];
    private TcpListener? _listener;
    private Emulator _emulator = null!;
    private string _user = "postgres";
    private string _password = "";
    private HashSet<string> _databases = [];
    private int _nextPid = 100;

    public ushort Port { get; } = port;

    /// <summary>pg_hba's method for host connections: POSTGRES_HOST_AUTH_METHOD, else scram-sha-256.</summary>
    public string AuthMethod { get; private set; } = "scram-sha-256";

    public IReadOnlyList<string> Logs => _logs;

    public void Start(Emulator emulator, NetNamespace ns, Userspace userspace)
    {
        _emulator = emulator;
        Dictionary<string, string> env = userspace.Environment;
        _password = env.GetValueOrDefault("POSTGRES_PASSWORD", "");
        AuthMethod = env.GetValueOrDefault("POSTGRES_HOST_AUTH_METHOD", "") is { Length: > 0 } m ? m : "scram-sha-256";
        if (_password.Length == 0 && AuthMethod != "trust")
        {
            CommandException.Throw(MissingPasswordError, 1);
        }
        if (AuthMethod is not ("trust" or "password" or "md5" or "scram-sha-256"))
        {
            CommandException.Throw($"vnetemu: POSTGRES_HOST_AUTH_METHOD={AuthMethod} is not emulated (trust, password, md5, scram-sha-256)", 1);
        }
        _user = env.GetValueOrDefault("POSTGRES_USER", "") is { Length: > 0 } u ? u : "postgres";
        string db = env.GetValueOrDefault("POSTGRES_DB", "") is { Length: > 0 } d ? d : _user;
        _databases = new HashSet<string>(StringComparer.Ordinal) { "postgres", "template0", "template1", db };
        if (!ns.Sockets.Tcp.TryListen(default, Port, out TcpListener listener))
        {
            CommandException.Throw($"{Timestamp()} [1] LOG:  could not bind IPv4 address \"0.0.0.0\": Address already in use", 1);
        }
        _listener = listener;
        listener.Accepted += OnAccepted;
        if (AuthMethod == "trust")
        {
            _logs.AddRange(TrustWarning.Split('\n'));
        }
        _logs.Add("");
        _logs.Add("PostgreSQL init process complete; ready for start up.");
        _logs.Add("");
        Log(1, "LOG", $"starting PostgreSQL {ServerVersion} on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit");
        Log(1, "LOG", $"listening on IPv4 address \"0.0.0.0\", port {Port}");
        Log(1, "LOG", $"listening on Unix socket \"/var/run/postgresql/.s.PGSQL.{Port}\"");
        Log(1, "LOG", "database system is ready to accept connections");
    }

    private const string TrustWarning =
        "********************************************************************************\n"
        + "WARNING: POSTGRES_HOST_AUTH_METHOD has been set to \"trust\". This will allow\n"
        + "         anyone with access to the Postgres port to access your database without\n"
        + "         a password, even if POSTGRES_PASSWORD is set. See PostgreSQL\n"
        + "         documentation about \"trust\":\n"
        + "         https://www.postgresql.org/docs/current/auth-trust.html\n"
        + "         In Docker's default configuration, this is effectively any other\n"
        + "         container on the same system.\n"
        + "\n"
        + "         It is not recommended to use POSTGRES_HOST_AUTH_METHOD=trust. Replace\n"
        + "         it with \"-e POSTGRES_PASSWORD=password\" instead to set a password in\n"
        + "         \"docker run\".\n"
        + "********************************************************************************";

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

    private string Timestamp() => _emulator.Clock.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    private void Log(int pid, string level, string text) => _logs.Add($"{Timestamp()} [{pid}] {level}:  {text}");

    private enum Phase
    {
        Startup,
        Password,
        Sasl,
        Ready,
        SkipToSync,
        Closed,
    }

    private void OnAccepted(TcpSocket socket)
    {
        _connections.Add(socket);
        var buffer = new List<byte>();
        var phase = Phase.Startup;
        int pid = _nextPid++;
        string user = "", database = "", application = "", encoding = "UTF8";

        void Fatal(string code, string message)
        {
            Log(pid, "FATAL", message);
            Send(socket, ErrorResponse("FATAL", code, message));
            phase = Phase.Closed;
            socket.Close();
        }

        void Login()
        {
            if (user != _user)
            {
                Fatal("28000", $"role \"{user}\" does not exist");
                return;
            }
            if (!_databases.Contains(database))
            {
                Fatal("3D000", $"database \"{database}\" does not exist");
                return;
            }
            if (database == "template0")
            {
                Fatal("55000", "database \"template0\" is not currently accepting connections");
                return;
            }
            var o = new List<byte>();
            o.AddRange(Message('R', Int32(0)));
            foreach ((string name, string value) in new[]
            {
                ("application_name", application), ("client_encoding", encoding), ("DateStyle", "ISO, MDY"),
                ("default_transaction_read_only", "off"), ("in_hot_standby", "off"), ("integer_datetimes", "on"),
                ("IntervalStyle", "postgres"), ("is_superuser", "on"), ("scram_iterations", "4096"),
                ("server_encoding", "UTF8"), ("server_version", ServerVersion), ("session_authorization", user),
                ("standard_conforming_strings", "on"), ("TimeZone", "Etc/UTC"),
            })
            {
                o.AddRange(Message('S', [.. CString(name), .. CString(value)]));
            }
            o.AddRange(Message('K', [.. Int32(pid), .. Int32(_emulator.World.Random.Next())]));
            o.AddRange(s_readyForQuery);
            Send(socket, [.. o]);
            phase = Phase.Ready;
        }

        void Startup(byte[] packet)
        {
            int code = BinaryPrimitives.ReadInt32BigEndian(packet);
            switch (code)
            {
                case SslRequestCode or GssEncRequestCode:
                    Send(socket, "N"u8.ToArray());
                    return;
                case CancelRequestCode:
                    phase = Phase.Closed;
                    socket.Close();
                    return;
            }
            int major = code >> 16, minor = code & 0xffff;
            if (major != 3)
            {
                Fatal("0A000", $"unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0");
                return;
            }
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var unknown = new List<string>();
            string[] words = Encoding.UTF8.GetString(packet, 4, packet.Length - 4).Split('\0');
            for (int i = 0; i + 1 < words.Length && words[i].Length > 0; i += 2)
            {
                if (words[i].StartsWith("_pq_.", StringComparison.Ordinal))
                {
                    unknown.Add(words[i]);
                }
                else
                {
                    parameters[words[i]] = words[i + 1];
                }
            }
            if (!parameters.TryGetValue("user", out string? u) || u.Length == 0)
            {
                Fatal("28000", "no PostgreSQL user name specified in startup packet");
                return;
            }
            user = u;
            database = parameters.GetValueOrDefault("database") is { Length: > 0 } d ? d : user;
            application = parameters.GetValueOrDefault("application_name", "");
            encoding = parameters.GetValueOrDefault("client_encoding", "UTF8");
            if (minor > 0 || unknown.Count > 0)
            {
                // NegotiateProtocolVersion: the newest minor version we speak and the options we did not take.
                var body = new List<byte>();
                body.AddRange(Int32(0));
                body.AddRange(Int32(unknown.Count));
                foreach (string option in unknown)
                {
                    body.AddRange(CString(option));
                }
                Send(socket, Message('v', [.. body]));
            }
            switch (AuthMethod)
            {
                case "trust":
                    Login();
                    return;
                case "password":
                    Send(socket, Message('R', Int32(3)));
                    phase = Phase.Password;
                    return;
                default:
                    Send(socket, Message('R', [.. Int32(10), .. CString("SCRAM-SHA-256"), 0]));
                    phase = Phase.Sasl;
                    return;
            }
        }

        void Typed(byte type, byte[] body)
        {
            switch (phase)
            {
                case Phase.Password when type == 'p':
                    string given = Encoding.UTF8.GetString(body).TrimEnd('\0');
                    if (user != _user || given != _password)
                    {
                        Fatal("28P01", $"password authentication failed for user \"{user}\"");
                        return;
                    }
                    Login();
                    return;
                case Phase.Sasl when type == 'p':
                    Fatal("0A000", "vnetemu: SCRAM-SHA-256 authentication is not emulated; use POSTGRES_HOST_AUTH_METHOD=trust or password");
                    return;
                case Phase.Password or Phase.Sasl:
                    Fatal("08P01", $"expected password response, got message type {type}");
                    return;
            }
            switch (type)
            {
                case (byte)'X':
                    phase = Phase.Closed;
                    socket.Close();
                    return;
                case (byte)'Q':
                    Send(socket, [.. ErrorResponse("ERROR", "0A000", "vnetemu: SQL is not emulated"), .. s_readyForQuery]);
                    return;
                case (byte)'S':
                    phase = Phase.Ready;
                    Send(socket, s_readyForQuery);
                    return;
                case (byte)'P' or (byte)'B' or (byte)'D' or (byte)'E' or (byte)'C' or (byte)'H' or (byte)'F':
                    if (phase == Phase.Ready)
                    {
                        // The extended protocol: after an error the backend discards messages up to Sync.
                        Send(socket, ErrorResponse("ERROR", "0A000", "vnetemu: SQL is not emulated"));
                        phase = Phase.SkipToSync;
                    }
                    return;
                default:
                    Fatal("08P01", $"invalid frontend message type {type}");
                    return;
            }
        }

        socket.DataReceived += data =>
        {
            buffer.AddRange(data);
            while (phase != Phase.Closed)
            {
                bool startup = phase == Phase.Startup;
                int header = startup ? 4 : 5;
                if (buffer.Count < header)
                {
                    return;
                }
                int length = BinaryPrimitives.ReadInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer)[(header - 4)..]);
                if (startup && (length < 8 || length > MaxStartupPacketLength))
                {
                    Log(pid, "FATAL", "invalid length of startup packet");
                    phase = Phase.Closed;
                    socket.Close();
                    return;
                }
                if (!startup && length < 4)
                {
                    Fatal("08P01", $"invalid message length");
                    return;
                }
                int total = header - 4 + length;
                if (buffer.Count < total)
                {
                    return;
                }
                byte type = buffer[0];
                byte[] body = buffer.GetRange(header, total - header).ToArray();
                buffer.RemoveRange(0, total);
                if (startup)
                {
                    Startup(body);
                }
                else
                {
                    Typed(type, body);
                }
            }
        };
        socket.RemoteClosed += () => socket.Close();
        socket.Closed += () => _connections.Remove(socket);
        socket.Aborted += _ => _connections.Remove(socket);
    }

    private static readonly byte[] s_readyForQuery = Message('Z', [(byte)'I']);

    private static void Send(TcpSocket socket, byte[] bytes)
    {
        if (socket.State is TcpState.Established or TcpState.CloseWait)
        {
            socket.Send(bytes);
        }
    }

    /// <summary>A typed backend message: the type byte, Int32 length (itself included), the body.</summary>
    public static byte[] Message(char type, byte[] body)
    {
        var m = new byte[5 + body.Length];
        m[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(m.AsSpan(1), 4 + body.Length);
        body.CopyTo(m, 5);
        return m;
    }

    /// <summary>ErrorResponse with severity (S and V), SQLSTATE (C) and message (M).</summary>
    public static byte[] ErrorResponse(string severity, string code, string message) => Message('E',
        [(byte)'S', .. CString(severity), (byte)'V', .. CString(severity), (byte)'C', .. CString(code), (byte)'M', .. CString(message), 0]);

    private static byte[] Int32(int value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }

    private static byte[] CString(string s) => [.. Encoding.UTF8.GetBytes(s), 0];
}
