using System.Globalization;
using System.Text;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>busybox 1.35 `wget [-q] [-O FILE|-O-] [-T SEC] URL`: "Connecting to h (a:p)", "writing to stdout" /
/// "saving to 'f'", "'f' saved"; errors "wget: bad address 'h'", "wget: can't connect to remote host (a): …",
/// "wget: download timed out", "wget: server returned error: HTTP/1.1 404 Not Found"; exit 1 on any error.</summary>
public sealed class WgetProcess(CommandContext ctx) : ScriptProcess
{
    private HttpFetch _fetch = null!;
    private bool _quiet;
    private string? _output;
    private string? _url;

    public override void Start()
    {
        _fetch = new HttpFetch(ctx.Emulator, ctx.Namespace, ctx.Userspace) { MaxTimeSeconds = 900 };
        var a = ctx.Args;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if (w.StartsWith('-') && w.Length > 1)
            {
                for (int k = 1; k < w.Length; k++)
                {
                    char c = w[k];
                    string Value()
                    {
                        string v = k + 1 < w.Length ? w[(k + 1)..] : i + 1 < a.Count ? a[++i] : "";
                        k = w.Length;
                        return v;
                    }
                    switch (c)
                    {
                        case 'q': _quiet = true; break;
                        case 'O': _output = Value(); break;
                        case 'T': _fetch.MaxTimeSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                        case 'S' or '4': break;
                        default:
                            Err($"wget: unrecognized option '{w}'");
                            Exit(1);
                            return;
                    }
                }
                continue;
            }
            _url = w;
        }
        if (_url is null)
        {
            Err("BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...");
            Exit(1);
            return;
        }
        if (!HttpFetch.TryParseUrl(_url, out string host, out ushort port, out string path))
        {
            Err($"wget: not an http or ftp url: {_url}");
            Exit(1);
            return;
        }
        _fetch.Headers.Add(new("Host", port == 80 ? host : $"{host}:{port}"));
        _fetch.Headers.Add(new("User-Agent", "Wget"));
        _fetch.Headers.Add(new("Connection", "close"));
        _output ??= path.TrimEnd('/').Split('/')[^1] is { Length: > 0 } f ? f : "index.html";
        _fetch.Start(_url, Done);
    }

    private void Done()
    {
        HttpFetch f = _fetch;
        if (f.Error == HttpFetchError.ResolveFailed)
        {
            Fail($"bad address '{f.Host}'");
            return;
        }
        if (!_quiet && f.RemoteAddress.Value != 0)
        {
            Err($"Connecting to {f.Host} ({f.RemoteAddress}:{f.Port})");
        }
        switch (f.Error)
        {
            case HttpFetchError.ConnectFailed:
                Fail($"can't connect to remote host ({f.RemoteAddress}): {f.TcpError.Message()}");
                return;
            case HttpFetchError.ConnectTimeout or HttpFetchError.Timeout:
                Fail("download timed out");
                return;
            case HttpFetchError.EmptyReply or HttpFetchError.RecvFailure or HttpFetchError.BadUrl:
                Fail("error getting response" + (f.TcpError == Engine.Sockets.TcpError.None ? "" : ": " + f.TcpError.Message()));
                return;
        }
        if (f.StatusCode != 200)
        {
            Fail($"server returned error: {f.StatusLine}");
            return;
        }
        string body = Encoding.UTF8.GetString(f.ResponseBody);
        if (_output == "-")
        {
            if (!_quiet)
            {
                Err("writing to stdout");
            }
            Stdout.Append(body);
            if (!_quiet)
            {
                Err($"-                    100% |********************************| {f.ResponseBody.Length,5}  0:00:00 ETA");
                Err("written to stdout");
            }
        }
        else
        {
            if (!_quiet)
            {
                Err($"saving to '{_output}'");
            }
            ctx.Userspace.Write(_output!, body);
            if (!_quiet)
            {
                Err($"{_output,-20} 100% |********************************| {f.ResponseBody.Length,5}  0:00:00 ETA");
                Err($"'{_output}' saved");
            }
        }
        Exit(0);
    }

    private void Fail(string message)
    {
        Err("wget: " + message);
        Exit(1);
    }
}
