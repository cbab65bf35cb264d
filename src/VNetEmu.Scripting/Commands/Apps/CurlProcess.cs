using System.Globalization;
using System.Text;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>curl 8.5: -s -S -v -o FILE -w FORMAT (%{http_code} %{remote_ip} %{remote_port} %{size_download}
/// %{url_effective} %{exitcode}) -I -i -m --connect-timeout -H -X -d; error lines "curl: (N) …" and exit codes 3, 6, 7,
/// 28, 52, 56. The progress meter curl draws on a non-terminal stderr is not emulated.</summary>
public sealed class CurlProcess(CommandContext ctx) : ScriptProcess
{
    public const string Version = "8.5.0";
    private HttpFetch _fetch = null!;
    private bool _silent, _showError, _verbose, _include, _head;
    private string? _output, _writeOut, _url;

    public override void Start()
    {
        _fetch = new HttpFetch(ctx.Emulator, ctx.Namespace, ctx.Userspace);
        var extra = new List<KeyValuePair<string, string>>();
        string? method = null;
        string? data = null;
        var a = ctx.Args;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            string Next() => i + 1 < a.Count ? a[++i] : throw new CommandException($"curl: option {w}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information", 2);
            switch (w)
            {
                case "-s" or "--silent": _silent = true; break;
                case "-S" or "--show-error": _showError = true; break;
                case "-v" or "--verbose": _verbose = true; break;
                case "-i" or "--include": _include = true; break;
                case "-I" or "--head": _head = true; break;
                case "-f" or "--fail" or "-L" or "--location" or "-4": break;
                case "-o" or "--output": _output = Next(); break;
                case "-w" or "--write-out": _writeOut = Next(); break;
                case "-m" or "--max-time": _fetch.MaxTimeSeconds = Seconds(Next()); break;
                case "--connect-timeout": _fetch.ConnectTimeoutSeconds = Seconds(Next()); break;
                case "-H" or "--header":
                    string hv = Next();
                    int c = hv.IndexOf(':', StringComparison.Ordinal);
                    if (c > 0)
                    {
                        extra.Add(new(hv[..c].Trim(), hv[(c + 1)..].Trim()));
                    }
                    break;
                case "-X" or "--request": method = Next(); break;
                case "-d" or "--data": data = Next(); break;
                default:
                    if (w.Length > 2 && w[0] == '-' && w[1] != '-' && w.Skip(1).All(ch => "sSviIfL4".Contains(ch)))
                    {
                        foreach (char ch in w.Skip(1))
                        {
                            _silent |= ch == 's';
                            _showError |= ch == 'S';
                            _verbose |= ch == 'v';
                            _include |= ch == 'i';
                            _head |= ch == 'I';
                        }
                        break;
                    }
                    if (w.StartsWith('-'))
                    {
                        Fail(2, $"option {w}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information", force: true);
                        return;
                    }
                    _url = w;
                    break;
            }
        }
        if (_url is null)
        {
            Fail(2, "no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information", force: true);
            return;
        }
        _fetch.Method = method ?? (_head ? "HEAD" : data is not null ? "POST" : "GET");
        HttpFetch.TryParseUrl(_url, out string host, out ushort port, out _);
        _fetch.Headers.Add(new("Host", port == 80 ? host : $"{host}:{port}"));
        _fetch.Headers.Add(new("User-Agent", "curl/" + Version));
        _fetch.Headers.Add(new("Accept", "*/*"));
        if (data is not null)
        {
            _fetch.Body = Encoding.UTF8.GetBytes(data);
            _fetch.Headers.Add(new("Content-Length", _fetch.Body.Length.ToString(CultureInfo.InvariantCulture)));
            _fetch.Headers.Add(new("Content-Type", "application/x-www-form-urlencoded"));
        }
        foreach (var kv in extra)
        {
            _fetch.Headers.RemoveAll(h => h.Key.Equals(kv.Key, StringComparison.OrdinalIgnoreCase));
            _fetch.Headers.Add(kv);
        }
        _fetch.Start(_url, Done);
    }

    private static double Seconds(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new CommandException($"curl: option: expected a proper numerical parameter", 2);

    private void Done()
    {
        HttpFetch f = _fetch;
        long ms = f.ElapsedNs / 1_000_000;
        if (_verbose && f.Error is not (HttpFetchError.BadUrl or HttpFetchError.ResolveFailed))
        {
            Err($"*   Trying {f.RemoteAddress}:{f.Port}...");
            if (f.Connected)
            {
                Err($"* Connected to {f.Host} ({f.RemoteAddress}) port {f.Port}");
                foreach (string l in f.RequestHead.Split("\r\n").SkipLast(1))
                {
                    Err("> " + l);
                }
                if (f.ResponseHead.Length > 0)
                {
                    foreach (string l in f.ResponseHead.Split("\r\n"))
                    {
                        Err("< " + l);
                    }
                    Err("< ");
                }
            }
        }
        int code = 0;
        switch (f.Error)
        {
            case HttpFetchError.BadUrl:
                code = Fail(3, "URL rejected: Bad hostname");
                break;
            case HttpFetchError.ResolveFailed:
                code = Fail(6, $"Could not resolve host: {f.Host}");
                break;
            case HttpFetchError.ConnectFailed:
                code = Fail(7, $"Failed to connect to {f.Host} port {f.Port} after {ms} ms: {(f.TcpError == Engine.Sockets.TcpError.Refused ? "Couldn't connect to server" : f.TcpError.Message())}");
                break;
            case HttpFetchError.ConnectTimeout:
                code = Fail(28, _fetch.MaxTimeSeconds is not null && ms >= (long)(_fetch.MaxTimeSeconds * 1000)
                    ? $"Connection timed out after {ms} milliseconds"
                    : $"Failed to connect to {f.Host} port {f.Port} after {ms} ms: Timeout was reached");
                break;
            case HttpFetchError.Timeout:
                code = Fail(28, $"Operation timed out after {ms} milliseconds with {f.ResponseBody.Length} bytes received");
                break;
            case HttpFetchError.EmptyReply:
                code = Fail(52, "Empty reply from server");
                break;
            case HttpFetchError.RecvFailure:
                code = Fail(56, $"Recv failure: {f.TcpError.Message()}");
                break;
        }
        if (f.Error == HttpFetchError.None)
        {
            string body = (_include || _head ? f.ResponseHead + "\r\n\r\n" : "") + Encoding.UTF8.GetString(f.ResponseBody);
            if (_output is not null && _output != "-")
            {
                ctx.Userspace.Write(_output, body);
            }
            else
            {
                Stdout.Append(body);
            }
            if (_verbose)
            {
                Err($"* Connection #0 to host {f.Host} left intact");
            }
        }
        if (_writeOut is not null)
        {
            Stdout.Append(WriteOut(_writeOut, code));
        }
        Exit(code);
    }

    private string WriteOut(string format, int exitCode)
    {
        HttpFetch f = _fetch;
        return format.Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("%{http_code}", f.StatusCode.ToString("D3", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%{response_code}", f.StatusCode.ToString("D3", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%{remote_ip}", f.Connected || f.RemoteAddress.Value != 0 ? f.RemoteAddress.ToString() : "", StringComparison.Ordinal)
            .Replace("%{remote_port}", f.Connected ? f.Port.ToString(CultureInfo.InvariantCulture) : "0", StringComparison.Ordinal)
            .Replace("%{size_download}", f.ResponseBody.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%{url_effective}", _url, StringComparison.Ordinal)
            .Replace("%{exitcode}", exitCode.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private int Fail(int code, string message, bool force = false)
    {
        if (!_silent || _showError || force)
        {
            Err($"curl: ({code}) {message}");
        }
        if (force)
        {
            Stderr.Replace($"curl: ({code}) ", "curl: ");
            Exit(code);
        }
        return code;
    }
}
