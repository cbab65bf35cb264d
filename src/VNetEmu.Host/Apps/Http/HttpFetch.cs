using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Http;

/// <summary>One HTTP/1.1 exchange as curl and wget make it: resolve the URL's host with the process's
/// <see cref="StubResolver"/>, connect over TCP from its namespace, send the request, read the response to its
/// Content-Length or to the server's FIN. Timeouts (connect and whole operation) run on the virtual clock.</summary>
public sealed class HttpFetch(Emulator emulator, NetNamespace ns, Userspace userspace)
{
    public string Method { get; set; } = "GET";
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public byte[] Body { get; set; } = [];

    /// <summary>Whole-operation limit (curl -m, wget -T); null: none.</summary>
    public double? MaxTimeSeconds { get; set; }

    /// <summary>Connect limit (curl --connect-timeout); null: only the kernel's SYN retries.</summary>
    public double? ConnectTimeoutSeconds { get; set; }

    // results
    public HttpFetchError Error { get; private set; }
    public TcpError TcpError { get; private set; }
    public Ipv4Address RemoteAddress { get; private set; }
    public ushort Port { get; private set; }
    public string Host { get; private set; } = "";
    public string Path { get; private set; } = "/";
    public string RequestHead { get; private set; } = "";
    public byte[] Response { get; private set; } = [];
    public int StatusCode { get; private set; }
    public string StatusLine { get; private set; } = "";
    public string ResponseHead { get; private set; } = "";
    public byte[] ResponseBody { get; private set; } = [];
    public long ElapsedNs => emulator.World.Now - _start;
    public bool Connected { get; private set; }

    private long _start;
    private TcpSocket? _socket;
    private Action? _done;
    private bool _finished;
    private readonly List<byte> _received = [];

    /// <summary>Splits "http://host[:port]/path" (scheme optional, as curl allows).</summary>
    public static bool TryParseUrl(string url, out string host, out ushort port, out string path)
    {
        host = "";
        port = 80;
        path = "/";
        string rest = url;
        int scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            if (!rest[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            rest = rest[(scheme + 3)..];
        }
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string authority = slash >= 0 ? rest[..slash] : rest;
        path = slash >= 0 ? rest[slash..] : "/";
        int colon = authority.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!ushort.TryParse(authority[(colon + 1)..], out port) || port == 0)
            {
                return false;
            }
            authority = authority[..colon];
        }
        host = authority;
        return host.Length > 0;
    }

    public void Start(string url, Action done)
    {
        _done = done;
        _start = emulator.World.Now;
        if (!TryParseUrl(url, out string host, out ushort port, out string path))
        {
            emulator.World.Schedule(0, () => Finish(HttpFetchError.BadUrl));
            return;
        }
        (Host, Port, Path) = (host, port, path);
        if (MaxTimeSeconds is { } max)
        {
            emulator.World.Schedule((long)(max * World.NanosPerSecond), () => Finish(Connected ? HttpFetchError.Timeout : HttpFetchError.ConnectTimeout));
        }
        new StubResolver(emulator, ns, userspace).Resolve(host, r =>
        {
            if (_finished)
            {
                return;
            }
            if (r.Status != StubStatus.Ok)
            {
                Finish(HttpFetchError.ResolveFailed);
                return;
            }
            Connect(r.Addresses[0]);
        });
    }

    private void Connect(Ipv4Address address)
    {
        RemoteAddress = address;
        _socket = ns.Sockets.Tcp.Connect(address, Port);
        if (ConnectTimeoutSeconds is { } ct)
        {
            emulator.World.Schedule((long)(ct * World.NanosPerSecond), () =>
            {
                if (!Connected)
                {
                    Finish(HttpFetchError.ConnectTimeout);
                }
            });
        }
        _socket.ConnectFailed += e =>
        {
            TcpError = e;
            Finish(e == TcpError.TimedOut ? HttpFetchError.ConnectTimeout : HttpFetchError.ConnectFailed);
        };
        _socket.Connected += () =>
        {
            Connected = true;
            var head = new StringBuilder();
            head.Append(Method).Append(' ').Append(Path).Append(" HTTP/1.1\r\n");
            foreach ((string k, string v) in Headers)
            {
                head.Append(k).Append(": ").Append(v).Append("\r\n");
            }
            head.Append("\r\n");
            RequestHead = head.ToString();
            _socket.Send([.. Encoding.Latin1.GetBytes(RequestHead), .. Body]);
        };
        _socket.DataReceived += data =>
        {
            _received.AddRange(data);
            if (IsComplete())
            {
                Finish(HttpFetchError.None);
            }
        };
        _socket.RemoteClosed += () => Finish(_received.Count == 0 ? HttpFetchError.EmptyReply : HttpFetchError.None);
        _socket.Aborted += e =>
        {
            TcpError = e;
            Finish(_received.Count == 0 && e == TcpError.Reset ? HttpFetchError.RecvFailure : HttpFetchError.RecvFailure);
        };
    }

    private bool IsComplete()
    {
        int end = HttpRequest.IndexOfHeadEnd(_received);
        if (end < 0)
        {
            return false;
        }
        string head = Encoding.Latin1.GetString(_received.GetRange(0, end).ToArray());
        if (Method == "HEAD" || head.StartsWith("HTTP/1.1 204", StringComparison.Ordinal) || head.StartsWith("HTTP/1.1 304", StringComparison.Ordinal))
        {
            return true;
        }
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line[15..].Trim(), out int n))
            {
                return _received.Count >= end + 4 + n;
            }
        }
        return false;
    }

    private void Finish(HttpFetchError error)
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        Error = error;
        Response = [.. _received];
        int end = HttpRequest.IndexOfHeadEnd(_received);
        if (error == HttpFetchError.None && end < 0)
        {
            Error = _received.Count == 0 ? HttpFetchError.EmptyReply : HttpFetchError.RecvFailure;
        }
        if (end >= 0)
        {
            ResponseHead = Encoding.Latin1.GetString(_received.GetRange(0, end).ToArray());
            ResponseBody = _received.GetRange(end + 4, _received.Count - end - 4).ToArray();
            StatusLine = ResponseHead.Split("\r\n")[0];
            string[] p = StatusLine.Split(' ');
            StatusCode = p.Length > 1 && int.TryParse(p[1], out int code) ? code : 0;
        }
        if (_socket is not null && _socket.State != TcpState.Closed)
        {
            _socket.Close();
        }
        _done?.Invoke();
    }
}
