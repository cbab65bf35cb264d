using System.Globalization;
using System.Text;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;

namespace VNetEmu.Host.Apps.Redis;

/// <summary>redis-server 7.4.1 as the official image runs it (no config file, protected mode off, 16 databases):
/// RESP2 and inline commands on TCP 6379, pipelined and split across segments alike, with the strings commands
/// of <see cref="Execute"/>; its log lines (`docker logs`) in Redis's format on the virtual clock. Keys live in
/// memory only: nothing is saved.</summary>
public sealed partial class RedisServerApp : IServerApp
{
    public const string Version = "7.4.1";
    public const int DatabaseCount = 16;

    private readonly List<string> _logs = [];
    private readonly List<Client> _clients = [];
    private readonly Dictionary<string, Entry>[] _databases = new Dictionary<string, Entry>[DatabaseCount];
    private readonly bool _configured;
    private TcpListener? _listener;
    private Emulator _emulator = null!;
    private long _startedNs;
    private string _runId = "";

    /// <param name="port">--port.</param>
    /// <param name="configured">Started with options on its command line ("Configuration loaded") rather than with
    /// none ("no config file specified").</param>
    public RedisServerApp(ushort port = 6379, bool configured = false)
    {
        Port = port;
        _configured = configured;
        for (int i = 0; i < DatabaseCount; i++)
        {
            _databases[i] = new Dictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    public ushort Port { get; }

    public IReadOnlyList<string> Logs => _logs;

    /// <summary>A database's keys (Latin-1 strings of the key bytes) and values, for tests.</summary>
    public IReadOnlyDictionary<string, Entry> Database(int index) => _databases[index];

    /// <summary>A string value and its expiry (Unix ms; null: none).</summary>
    public sealed record Entry(byte[] Value, long? ExpireAtMs);

    public void Start(Emulator emulator, NetNamespace ns, Userspace userspace)
    {
        _emulator = emulator;
        _startedNs = emulator.World.Now;
        Span<byte> id = stackalloc byte[20];
        emulator.World.Random.NextBytes(id);
        _runId = Convert.ToHexStringLower(id);
        Log('C', '*', "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        Log('C', '*', $"Redis version={Version}, bits=64, commit=00000000, modified=0, pid=1, just started");
        Log('C', _configured ? '*' : '#', _configured
            ? "Configuration loaded"
            : "Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf");
        Log('M', '*', "monotonic clock: POSIX clock_gettime");
        if (!ns.Sockets.Tcp.TryListen(default, Port, out TcpListener listener))
        {
            Log('M', '#', $"Warning: Could not create server TCP listening socket *:{Port}: bind: Address already in use");
            Log('M', '#', $"Failed listening on port {Port} (tcp), aborting.");
            CommandException.Throw("", 1);
        }
        _listener = listener;
        listener.Accepted += socket => _clients.Add(new Client(this, socket));
        Log('M', '*', $"Running mode=standalone, port={Port}.");
        Log('M', '*', "Server initialized");
        Log('M', '*', "Ready to accept connections tcp");
    }

    public void Stop()
    {
        _listener?.Close();
        _listener = null;
        foreach (Client c in _clients.ToList())
        {
            c.Socket.Close();
        }
        _clients.Clear();
    }

    private long NowMs => _emulator.Clock.ToUnixTimeMilliseconds();

    /// <summary>serverLog: "1:M 01 Jan 2026 00:00:00.000 * text" (role C before the server is set up, M after;
    /// level '*' notice, '#' warning).</summary>
    private void Log(char role, char level, string text) =>
        _logs.Add($"1:{role} {_emulator.Clock.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture)} {level} {text}");

    /// <summary>One connection: its request reader, selected database and pending output.</summary>
    private sealed class Client
    {
        private readonly RedisServerApp _server;
        private readonly RedisRequestReader _reader = new();
        private readonly List<byte> _pending = [];
        private bool _closing;

        public Client(RedisServerApp server, TcpSocket socket)
        {
            _server = server;
            Socket = socket;
            socket.DataReceived += OnData;
            socket.Writable += Flush;
            socket.RemoteClosed += () =>
            {
                _closing = true; // what is still queued goes out first, then the FIN
                Flush();
            };
            socket.Closed += () => server._clients.Remove(this);
            socket.Aborted += _ => server._clients.Remove(this);
        }

        public TcpSocket Socket { get; }

        public int Db { get; set; }

        private void OnData(byte[] data)
        {
            if (_closing)
            {
                return;
            }
            _reader.Feed(data);
            string? protocolError = null;
            while (!_closing && _reader.TryRead(out List<byte[]> args, out protocolError))
            {
                RespValue? reply = _server.Execute(this, args, out bool close);
                if (close && reply is null)
                {
                    _pending.Clear(); // freeClientAsync: nothing more is written
                    Socket.Close();
                    return;
                }
                reply!.WriteTo(_pending);
                _closing = close;
            }
            if (protocolError is not null)
            {
                RespValue.Error("ERR " + protocolError).WriteTo(_pending);
                _closing = true;
            }
            Flush();
        }

        private void Flush()
        {
            if (_pending.Count > 0)
            {
                int sent = Socket.Send(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending));
                _pending.RemoveRange(0, sent);
            }
            if (_closing && _pending.Count == 0)
            {
                Socket.Close();
            }
        }
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
