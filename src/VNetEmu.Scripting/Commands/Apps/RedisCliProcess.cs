using System.Globalization;
using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Host.Apps.Redis;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>redis-cli 7.4 with a command on its command line, as scripts run it (stdout not a terminal): `-h HOST
/// -p PORT -n DB -t SECONDS -x -e --raw --no-raw CMD ARG…`. Output is raw unless `--no-raw` (then the terminal
/// form: `(nil)`, `(integer) 1`, quoted strings, numbered arrays); INFO prints verbatim. As redis-cli does, it
/// connects once quietly and once more, printing "Could not connect to Redis at HOST:PORT: …" and exiting 1, when
/// the first attempt failed. Interactive mode and the other options are not emulated and say so.</summary>
public sealed class RedisCliProcess(CommandContext ctx) : ScriptProcess
{
    private static readonly HashSet<string> s_notEmulated = new(StringComparer.Ordinal)
    {
        "-a", "--pass", "--user", "--askpass", "-u", "-s", "-r", "-i", "-c", "-3", "-2", "--tls", "--csv", "--json",
        "--quoted-json", "--quoted-input", "--pipe", "--eval", "--ldb", "--latency", "--latency-history",
        "--latency-dist", "--stat", "--scan", "--bigkeys", "--memkeys", "--hotkeys", "--rdb", "--functions-rdb",
        "--replica", "--slave", "--cluster", "--help", "--version", "-v", "-d", "-D", "-X", "--verbose", "--lru-test",
        "--intrinsic-latency", "--no-auth-warning", "--show-pushes", "--count", "--pattern", "--memkeys-samples",
    };

    private string _host = "127.0.0.1";
    private int _port = 6379;
    private int _db;
    private double? _connectTimeout;
    private bool _raw = true;
    private bool _errorCode;
    private bool _stdinLastArg;
    private List<byte[]> _command = [];
    private TcpSocket? _socket;
    private RespReader _reader = new();
    private Action<RespValue>? _onReply;
    private Engine.Time.TimerEntryHandle _timer;

    private World World => ctx.Emulator.World;

    public override void Start()
    {
        if (!ParseOptions(out int first))
        {
            return;
        }
        if (first >= ctx.Args.Count)
        {
            Fail("redis-cli: vnetemu: interactive mode (no command) is not emulated");
            return;
        }
        _command = [.. ctx.Args.Skip(first).Select(a => Encoding.UTF8.GetBytes(a))];
        if (_stdinLastArg)
        {
            _command.Add(Encoding.UTF8.GetBytes(ctx.Stdin ?? ""));
        }
        Connect(quiet: true, connected =>
        {
            if (connected)
            {
                Run();
                return;
            }
            Connect(quiet: false, again =>
            {
                if (again)
                {
                    Run();
                }
                else
                {
                    Exit(1);
                }
            });
        });
    }

    private bool ParseOptions(out int first)
    {
        IReadOnlyList<string> a = ctx.Args;
        int i = 1;
        for (; i < a.Count; i++)
        {
            string w = a[i];
            bool last = i == a.Count - 1;
            switch (w)
            {
                case "-h" when !last:
                    _host = a[++i];
                    break;
                case "-p" when !last:
                    _port = Atoi(a[++i]);
                    if (_port is < 0 or > 65535)
                    {
                        first = i;
                        Fail("Invalid server port.");
                        return false;
                    }
                    break;
                case "-n" when !last:
                    _db = Atoi(a[++i]);
                    break;
                case "-t" when !last:
                    if (!double.TryParse(a[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || double.IsNaN(t) || t < 0)
                    {
                        first = i;
                        Fail("Invalid connection timeout for -t.");
                        return false;
                    }
                    _connectTimeout = t > 0 ? t : null;
                    break;
                case "-x":
                    _stdinLastArg = true;
                    break;
                case "-e":
                    _errorCode = true;
                    break;
                case "--raw":
                    _raw = true;
                    break;
                case "--no-raw":
                    _raw = false;
                    break;
                default:
                    if (s_notEmulated.Contains(w) || w == "-h")
                    {
                        first = i;
                        Fail($"redis-cli: vnetemu: option {w} is not emulated");
                        return false;
                    }
                    if (w.StartsWith('-'))
                    {
                        first = i;
                        Fail($"Unrecognized option or bad number of args for: '{w}'");
                        return false;
                    }
                    first = i;
                    return true;
            }
        }
        first = i;
        return true;
    }

    /// <summary>C's atoi: leading blanks, a sign, digits; 0 when there are none.</summary>
    private static int Atoi(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }
        long v = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]) && v < int.MaxValue; i++)
        {
            v = v * 10 + (s[i] - '0');
        }
        return (int)Math.Clamp(negative ? -v : v, int.MinValue, int.MaxValue);
    }

    private void Fail(string message)
    {
        Err(message);
        Exit(1);
    }

    /// <summary>cliConnect: getaddrinfo, then a TCP connect (blocking, or bounded by -t); <paramref name="quiet"/>
    /// (CC_QUIET) keeps the failure to itself.</summary>
    private void Connect(bool quiet, Action<bool> done)
    {
        void Failed(string why)
        {
            if (!quiet)
            {
                Err($"Could not connect to Redis at {_host}:{_port}: {why}");
            }
            done(false);
        }
        new StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace).Resolve(_host, r =>
        {
            if (r.Status != StubStatus.Ok)
            {
                Failed(r.Status == StubStatus.NotFound ? "Name or service not known" : "Temporary failure in name resolution");
                return;
            }
            TcpSocket socket = ctx.Namespace.Sockets.Tcp.Connect(r.Addresses[0], (ushort)_port);
            bool over = false;
            socket.ConnectFailed += e =>
            {
                if (!over)
                {
                    over = true;
                    _timer.Cancel();
                    Failed(e.Message());
                }
            };
            socket.Connected += () =>
            {
                if (!over)
                {
                    over = true;
                    _timer.Cancel();
                    Attach(socket);
                    done(true);
                }
            };
            if (_connectTimeout is { } t)
            {
                _timer.Set(World.Schedule((long)(t * World.NanosPerSecond), () =>
                {
                    if (!over)
                    {
                        over = true;
                        socket.Close();
                        Failed(TcpError.TimedOut.Message());
                    }
                }));
            }
        });
    }

    private void Attach(TcpSocket socket)
    {
        _socket = socket;
        _reader = new RespReader();
        socket.DataReceived += data =>
        {
            _reader.Feed(data);
            while (_onReply is { } handler && _reader.TryRead(out RespValue reply))
            {
                _onReply = null;
                handler(reply);
            }
            if (_onReply is not null && _reader.Error is { } error)
            {
                ContextError(error);
            }
        };
        socket.RemoteClosed += () =>
        {
            if (_onReply is not null)
            {
                ContextError("Server closed the connection");
            }
        };
        socket.Aborted += e =>
        {
            if (_onReply is not null)
            {
                ContextError(e.Message());
            }
        };
    }

    /// <summary>cliPrintContextError, then exit(1).</summary>
    private void ContextError(string error)
    {
        _onReply = null;
        Err("Error: " + error);
        _socket?.Close();
        Exit(1);
    }

    private void Send(IReadOnlyList<byte[]> argv, Action<RespValue> onReply)
    {
        _onReply = onReply;
        _socket!.Send(RespValue.Array([.. argv.Select(RespValue.Bulk)]).Encode());
    }

    private void Run()
    {
        if (_db != 0)
        {
            // cliSelect: a failure is printed and the command still runs, in database 0, on the same connection.
            Send([.. new[] { "SELECT", _db.ToString(CultureInfo.InvariantCulture) }.Select(Encoding.UTF8.GetBytes)], reply =>
            {
                if (reply.Type == RespType.Error)
                {
                    Err($"SELECT {_db} failed: {reply.Text}");
                }
                SendCommand();
            });
            return;
        }
        SendCommand();
    }

    private void SendCommand()
    {
        string name = Encoding.UTF8.GetString(_command[0]);
        bool verbatim = name.Equals("info", StringComparison.OrdinalIgnoreCase);
        Send(_command, reply =>
        {
            if (_errorCode && reply.Type == RespType.Error)
            {
                Err(reply.Text);
                _socket!.Close();
                Exit(1);
                return;
            }
            Stdout.Append(verbatim ? FormatRaw(reply) : _raw ? FormatRaw(reply) + "\n" : FormatTty(reply, ""));
            _socket!.Close();
            Exit(0);
        });
    }

    /// <summary>cliFormatReplyRaw: strings and statuses as they are, errors with a newline, nil as nothing, array
    /// elements one per line.</summary>
    public static string FormatRaw(RespValue r) => r.Type switch
    {
        RespType.Error => r.Text + "\n",
        RespType.SimpleString => r.Text,
        RespType.Integer => r.Integer.ToString(CultureInfo.InvariantCulture),
        RespType.BulkString => r.Bytes is null ? "" : Encoding.UTF8.GetString(r.Bytes),
        _ => r.Items is null ? "" : string.Join("\n", r.Items.Select(FormatRaw)),
    };

    /// <summary>cliFormatReplyTTY for RESP2 replies.</summary>
    public static string FormatTty(RespValue r, string prefix)
    {
        switch (r.Type)
        {
            case RespType.Error:
                return $"(error) {r.Text}\n";
            case RespType.SimpleString:
                return r.Text + "\n";
            case RespType.Integer:
                return $"(integer) {r.Integer.ToString(CultureInfo.InvariantCulture)}\n";
            case RespType.BulkString:
                return r.Bytes is null ? "(nil)\n" : Repr(r.Bytes) + "\n";
        }
        if (r.Items is null)
        {
            return "(nil)\n";
        }
        if (r.Items.Count == 0)
        {
            return "(empty array)\n";
        }
        int width = r.Items.Count.ToString(CultureInfo.InvariantCulture).Length;
        string inner = prefix + new string(' ', width + 2);
        var o = new StringBuilder();
        for (int i = 0; i < r.Items.Count; i++)
        {
            o.Append(i == 0 ? "" : prefix).Append((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append(") ");
            o.Append(FormatTty(r.Items[i], inner));
        }
        return o.ToString();
    }

    /// <summary>sdscatrepr: double quotes, C escapes, \xHH for what isprint refuses.</summary>
    public static string Repr(byte[] bytes)
    {
        var o = new StringBuilder("\"");
        foreach (byte c in bytes)
        {
            o.Append(c switch
            {
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                7 => "\\a",
                8 => "\\b",
                >= 0x20 and < 0x7f => ((char)c).ToString(),
                _ => $"\\x{c:x2}",
            });
        }
        return o.Append('"').ToString();
    }

    public override void Stop()
    {
        _timer.Cancel();
        _socket?.Close();
        base.Stop();
    }
}
