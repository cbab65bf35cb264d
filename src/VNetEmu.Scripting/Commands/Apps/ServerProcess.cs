using System.Globalization;
using VNetEmu.Docker;
using VNetEmu.Host.Apps;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Host.Apps.Mysql;
using VNetEmu.Host.Apps.Postgres;
using VNetEmu.Host.Apps.Redis;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>An image's server program as a process: `nginx`, `httpd-foreground` (Apache), busybox `httpd -f [-p
/// PORT] [-h DIR]`, `python app.py` (a flask app on 5000), `redis-server [--port N]`, `postgres [-p N]`, `mysqld
/// [--port=N] [--default-authentication-plugin=P]`. It serves until stopped; its log lines are its output
/// (`docker logs`). Options these servers have but the emulator does not are refused by name.</summary>
public sealed class ServerProcess(CommandContext ctx, IServerApp app) : ScriptProcess
{
    public IServerApp App { get; } = app;

    /// <summary>The server a command line starts, or null when the command is not a server this emulator knows.</summary>
    public static ScriptProcess? TryCreate(CommandContext ctx)
    {
        IServerApp? app;
        try
        {
            app = Create(ctx);
        }
        catch (CommandException e)
        {
            return new InstantProcess((_, err) =>
            {
                err.Write(e.Message + "\n");
                return e.ExitCode;
            });
        }
        return app is null ? null : new ServerProcess(ctx, app);
    }

    private static IServerApp? Create(CommandContext ctx)
    {
        IReadOnlyList<string> a = ctx.Args;
        return a[0] switch
        {
            "nginx" => HttpServerApp.Nginx(),
            "httpd-foreground" => HttpServerApp.Httpd(),
            "httpd" when ctx.Userspace.Tools == ToolFamily.Busybox => BusyboxHttpd(ctx),
            "httpd" => HttpServerApp.Httpd(),
            "python" or "python3" when a.Count == 2 && a[1] == "app.py" => HttpServerApp.Flask(),
            "redis-server" or "postgres" or "mysqld" => DatabaseServer(ctx),
            _ => null,
        };
    }

    /// <summary>A user-defined image's server (`vnet image NAME --http PORT [--body TEXT|--proxy URL]`); without
    /// --body it serves "hello from HOSTNAME".</summary>
    public static ServerProcess ForImage(CommandContext ctx, AppSpec spec) => new(ctx, spec.ProxyUrl is { } url
        ? HttpServerApp.Proxy(url, spec.HttpPort!.Value)
        : HttpServerApp.Static(spec.Body ?? "hello from " + ctx.Userspace.Hostname + "\n", spec.HttpPort!.Value));

    private static IServerApp DatabaseServer(CommandContext ctx)
    {
        IReadOnlyList<string> a = ctx.Args;
        string program = a[0];
        ushort? port = null;
        string plugin = "caching_sha2_password";
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if ((program, w) is ("redis-server", "--port") or ("postgres", "-p") && i + 1 < a.Count && TryPort(a[i + 1], out ushort p))
            {
                port = p;
                i++;
            }
            else if (program == "redis-server" && w == "--protected-mode" && i + 1 < a.Count && a[i + 1] is "yes" or "no")
            {
                i++; // the image's build already turns protected mode off; without a password "yes" would refuse remote clients
                if (a[i] == "yes")
                {
                    throw new CommandException("vnetemu: redis-server --protected-mode yes is not emulated", 1);
                }
            }
            else if (program == "mysqld" && w.StartsWith("--port=", StringComparison.Ordinal) && TryPort(w[7..], out ushort mp))
            {
                port = mp;
            }
            else if (program == "mysqld" && w.StartsWith("--default-authentication-plugin=", StringComparison.Ordinal)
                && w[(w.IndexOf('=', StringComparison.Ordinal) + 1)..] is "mysql_native_password" or "caching_sha2_password")
            {
                plugin = w[(w.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
            else
            {
                throw new CommandException($"vnetemu: {program} option {w} is not emulated", 1);
            }
        }
        return program switch
        {
            "redis-server" => new RedisServerApp(port ?? 6379, configured: a.Count > 1),
            "postgres" => new PostgresServerApp(port ?? 5432),
            _ => new MysqlServerApp(port ?? 3306, plugin),
        };
    }

    private static bool TryPort(string s, out ushort port) =>
        ushort.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0;

    private static HttpServerApp BusyboxHttpd(CommandContext ctx)
    {
        ushort port = 80;
        string dir = "/"; // -h defaults to the current directory, / in a container
        IReadOnlyList<string> a = ctx.Args;
        for (int i = 1; i < a.Count - 1; i++)
        {
            if (a[i] == "-p" && ushort.TryParse(a[i + 1].Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort p))
            {
                port = p;
            }
            else if (a[i] == "-h")
            {
                dir = a[i + 1];
            }
        }
        string root = dir.TrimEnd('/');
        return HttpServerApp.BusyboxHttpd(path => ctx.ReadFile(root + path), port);
    }

    public override void Start()
    {
        try
        {
            App.Start(ctx.Emulator, ctx.Namespace, ctx.Userspace);
        }
        catch (CommandException e)
        {
            if (e.Message.Length > 0)
            {
                Err(e.Message);
            }
            Exit(e.ExitCode);
        }
    }

    public override void Stop()
    {
        if (!HasExited)
        {
            App.Stop();
            Exit(0);
        }
    }
}
