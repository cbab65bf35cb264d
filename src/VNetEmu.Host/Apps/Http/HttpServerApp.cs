using System.Globalization;
using System.Text;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Http;

/// <summary>An HTTP/1.0 and 1.1 server on a TCP listener (keep-alive, Content-Length, HEAD) answering as one of the
/// real images does (<see cref="HttpPreset"/>), with its access log in <see cref="Logs"/> (`docker logs`). Date
/// headers and log times come from the virtual clock.</summary>
public sealed class HttpServerApp : IServerApp
{
    private readonly List<string> _logs = [];
    private readonly List<TcpSocket> _connections = [];
    private TcpListener? _listener;
    private Emulator _emulator = null!;
    private NetNamespace _ns = null!;
    private Userspace _userspace = null!;

    public HttpServerApp(HttpPreset preset, ushort port, string? body = null, string? proxyTo = null)
    {
        Preset = preset;
        Port = port;
        Body = body ?? preset switch
        {
            HttpPreset.Nginx => HttpPages.NginxIndex,
            HttpPreset.Httpd => HttpPages.HttpdIndex,
            HttpPreset.Flask => HttpPages.FlaskBody,
            _ => "",
        };
        ProxyTo = proxyTo;
    }

    public static HttpServerApp Nginx(ushort port = 80) => new(HttpPreset.Nginx, port);
    public static HttpServerApp Httpd(ushort port = 80) => new(HttpPreset.Httpd, port);
    public static HttpServerApp Flask(ushort port = 5000) => new(HttpPreset.Flask, port);
    /// <summary>busybox `httpd`: serves the files <paramref name="files"/> finds under its home (a path such as
    /// "/index.html" → its content, or null: 404), "/" as "/index.html".</summary>
    public static HttpServerApp BusyboxHttpd(Func<string, string?> files, ushort port = 80) => new(HttpPreset.BusyboxHttpd, port) { Files = files };
    public static HttpServerApp Static(string body, ushort port = 80) => new(HttpPreset.Static, port, body);

    /// <summary>A reverse proxy to <paramref name="backendUrl"/> (e.g. "http://backend:8080"), resolved per request.</summary>
    public static HttpServerApp Proxy(string backendUrl, ushort port = 80) => new(HttpPreset.Proxy, port, null, backendUrl);

    public HttpPreset Preset { get; }
    public ushort Port { get; }
    public string Body { get; }
    public string? ProxyTo { get; }

    /// <summary>When set, the document tree: request path → file content (null: no such file).</summary>
    public Func<string, string?>? Files { get; init; }
    public IReadOnlyList<string> Logs => _logs;

    public void Start(Emulator emulator, NetNamespace ns, Userspace userspace)
    {
        (_emulator, _ns, _userspace) = (emulator, ns, userspace);
        if (!ns.Sockets.Tcp.TryListen(default, Port, out TcpListener listener))
        {
            CommandException.Throw(Preset == HttpPreset.Nginx
                ? $"nginx: [emerg] bind() to 0.0.0.0:{Port} failed (98: Address in use)"
                : $"bind: Address in use", 1);
        }
        _listener = listener;
        listener.Accepted += OnAccepted;
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

    private void OnAccepted(TcpSocket socket)
    {
        _connections.Add(socket);
        var buffer = new List<byte>();
        bool busy = false;
        void Pump()
        {
            while (!busy)
            {
                int used = HttpRequest.TryParse(buffer, out HttpRequest? request);
                if (used < 0)
                {
                    socket.Close();
                    return;
                }
                if (used == 0)
                {
                    return;
                }
                buffer.RemoveRange(0, used);
                busy = true;
                Answer(socket, request!, keepAlive =>
                {
                    busy = false;
                    if (!keepAlive)
                    {
                        socket.Close();
                        return;
                    }
                    Pump();
                });
            }
        }
        socket.DataReceived += data =>
        {
            buffer.AddRange(data);
            Pump();
        };
        socket.RemoteClosed += () => socket.Close();
        socket.Closed += () => _connections.Remove(socket);
        socket.Aborted += _ => _connections.Remove(socket);
    }

    private string Date(string format) => _emulator.Clock.ToString(format, CultureInfo.InvariantCulture);

    private string HttpDate => Date("ddd, dd MMM yyyy HH:mm:ss 'GMT'");

    private void Answer(TcpSocket socket, HttpRequest request, Action<bool> done)
    {
        bool keepAlive = request.KeepAlive && Preset is not (HttpPreset.Flask or HttpPreset.BusyboxHttpd);
        if (Preset == HttpPreset.Proxy)
        {
            Forward(socket, request, keepAlive, done);
            return;
        }
        string path = request.Target.Split('?')[0];
        string? file = Files is null || path.Contains("/../", StringComparison.Ordinal) ? null : Files(path.EndsWith('/') ? path + "index.html" : path);
        bool found = Files is not null ? file is not null : path is "/" or "/index.html" || Preset is HttpPreset.Static or HttpPreset.Flask && path == "/";
        int code = found ? 200 : 404;
        string reason = found ? "OK" : "Not Found";
        string body = found ? file ?? Body : Preset switch
        {
            HttpPreset.Nginx => HttpPages.NginxError(404, "Not Found"),
            HttpPreset.Httpd => "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n",
            HttpPreset.BusyboxHttpd => "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n",
            _ => "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n",
        };
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var h = new List<string>();
        switch (Preset)
        {
            case HttpPreset.Nginx:
                h.Add("Server: " + HttpPages.NginxVersion);
                h.Add("Date: " + HttpDate);
                h.Add("Content-Type: text/html");
                h.Add("Content-Length: " + bytes.Length);
                if (found)
                {
                    h.Add("Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT");
                }
                h.Add("Connection: " + (keepAlive ? "keep-alive" : "close"));
                if (found)
                {
                    h.Add($"ETag: \"6745ef54-{bytes.Length:x}\"");
                    h.Add("Accept-Ranges: bytes");
                }
                break;
            case HttpPreset.Httpd:
                h.Add("Date: " + HttpDate);
                h.Add("Server: " + HttpPages.HttpdServer);
                if (found)
                {
                    h.Add("Last-Modified: Mon, 11 Jun 2007 18:53:14 GMT");
                    h.Add("ETag: \"2d-432a5e4a73a80\"");
                    h.Add("Accept-Ranges: bytes");
                }
                h.Add("Content-Length: " + bytes.Length);
                h.Add("Content-Type: text/html" + (found ? "" : "; charset=iso-8859-1"));
                break;
            case HttpPreset.Flask:
                h.Add("Server: " + HttpPages.WerkzeugServer);
                h.Add("Date: " + HttpDate);
                h.Add("Content-Type: text/html; charset=utf-8");
                h.Add("Content-Length: " + bytes.Length);
                h.Add("Connection: close");
                break;
            case HttpPreset.BusyboxHttpd:
                h.Add("Content-type: text/html");
                h.Add("Date: " + HttpDate);
                h.Add("Connection: close");
                h.Add("Content-Length: " + bytes.Length);
                break;
            default:
                h.Add("Content-Type: text/plain");
                h.Add("Content-Length: " + bytes.Length);
                break;
        }
        string version = Preset == HttpPreset.Flask || request.Version == "HTTP/1.1" ? "HTTP/1.1" : "HTTP/1.0";
        if (Preset is HttpPreset.Nginx or HttpPreset.Httpd)
        {
            version = "HTTP/1.1";
        }
        Send(socket, $"{version} {code} {reason}", h, request.Method == "HEAD" ? [] : bytes);
        Log(socket, request, code, bytes.Length);
        done(keepAlive);
    }

    private static void Send(TcpSocket socket, string statusLine, List<string> headers, byte[] body)
    {
        string head = statusLine + "\r\n" + string.Concat(headers.Select(x => x + "\r\n")) + "\r\n";
        socket.Send([.. Encoding.Latin1.GetBytes(head), .. body]);
    }

    private void Log(TcpSocket socket, HttpRequest request, int code, int size)
    {
        string client = socket.RemoteAddress.ToString();
        string line = $"{request.Method} {request.Target} {request.Version}";
        string ua = request.Header("User-Agent") ?? "-";
        _logs.Add(Preset switch
        {
            HttpPreset.Nginx or HttpPreset.Proxy => $"{client} - - [{Date("dd/MMM/yyyy:HH:mm:ss")} +0000] \"{line}\" {code} {size} \"{request.Header("Referer") ?? "-"}\" \"{ua}\" \"{request.Header("X-Forwarded-For") ?? "-"}\"",
            HttpPreset.Httpd => $"{client} - - [{Date("dd/MMM/yyyy:HH:mm:ss")} +0000] \"{line}\" {code} {size}",
            HttpPreset.Flask => $"{client} - - [{Date("dd/MMM/yyyy HH:mm:ss")}] \"{line}\" {code} -",
            HttpPreset.BusyboxHttpd => $"[::ffff:{client}]:{socket.RemotePort}: response:{code}",
            _ => $"{client} \"{line}\" {code} {size}",
        });
    }

    private void Forward(TcpSocket socket, HttpRequest request, bool keepAlive, Action<bool> done)
    {
        var fetch = new HttpFetch(_emulator, _ns, _userspace) { Method = request.Method, Body = request.Body, MaxTimeSeconds = 60 };
        HttpFetch.TryParseUrl(ProxyTo!, out string backendHost, out ushort backendPort, out string prefix);
        string target = prefix.TrimEnd('/') + request.Target;
        fetch.Headers.Add(new("Host", backendHost + (backendPort == 80 ? "" : ":" + backendPort)));
        fetch.Headers.Add(new("X-Forwarded-For", socket.RemoteAddress.ToString()));
        fetch.Headers.Add(new("Connection", "close"));
        foreach (var kv in request.Headers.Where(x => !x.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) && !x.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)))
        {
            fetch.Headers.Add(kv);
        }
        fetch.Start($"http://{backendHost}:{backendPort}{target}", () =>
        {
            if (socket.State is not (TcpState.Established or TcpState.CloseWait))
            {
                done(false);
                return;
            }
            if (fetch.Error != HttpFetchError.None || fetch.StatusCode == 0)
            {
                byte[] bad = Encoding.UTF8.GetBytes(HttpPages.NginxError(502, "Bad Gateway"));
                Send(socket, "HTTP/1.1 502 Bad Gateway", ["Server: " + HttpPages.NginxVersion, "Date: " + HttpDate, "Content-Type: text/html", "Content-Length: " + bad.Length, "Connection: " + (keepAlive ? "keep-alive" : "close")], request.Method == "HEAD" ? [] : bad);
                Log(socket, request, 502, bad.Length);
                _logs.Add($"{Date("yyyy/MM/dd HH:mm:ss")} [error] 29#29: *1 connect() failed ({(fetch.Error == HttpFetchError.ResolveFailed ? "host not found" : fetch.TcpError.Message())}) while connecting to upstream, client: {socket.RemoteAddress}, server: localhost, request: \"{request.Method} {request.Target} {request.Version}\", upstream: \"{ProxyTo}\"");
                done(keepAlive);
                return;
            }
            var headers = fetch.ResponseHead.Split("\r\n").Skip(1)
                .Where(l => !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Server:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Date:", StringComparison.OrdinalIgnoreCase))
                .ToList();
            headers.Insert(0, "Server: " + HttpPages.NginxVersion);
            headers.Insert(1, "Date: " + HttpDate);
            headers.Add("Connection: " + (keepAlive ? "keep-alive" : "close"));
            Send(socket, "HTTP/1.1 " + string.Join(' ', fetch.StatusLine.Split(' ').Skip(1)), headers, request.Method == "HEAD" ? [] : fetch.ResponseBody);
            Log(socket, request, fetch.StatusCode, fetch.ResponseBody.Length);
            done(keepAlive);
        });
    }
}
