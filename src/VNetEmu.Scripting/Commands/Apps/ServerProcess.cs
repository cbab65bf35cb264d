using System.Globalization;
using VNetEmu.Host.Apps;
using VNetEmu.Host.Apps.Http;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>An image's server program as a process: `nginx`, `httpd-foreground` (Apache), busybox `httpd -f [-p
/// PORT] [-h DIR]`, `python app.py` (a flask app on 5000). It serves until stopped; its log lines are its output
/// (`docker logs`).</summary>
public sealed class ServerProcess(CommandContext ctx, IServerApp app) : ScriptProcess
{
    public IServerApp App { get; } = app;

    /// <summary>The server a command line starts, or null when the command is not a server this emulator knows.</summary>
    public static ScriptProcess? TryCreate(CommandContext ctx)
    {
        IReadOnlyList<string> a = ctx.Args;
        IServerApp? app = a[0] switch
        {
            "nginx" => HttpServerApp.Nginx(),
            "httpd-foreground" => HttpServerApp.Httpd(),
            "httpd" when ctx.Userspace.Tools == ToolFamily.Busybox => BusyboxHttpd(ctx),
            "httpd" => HttpServerApp.Httpd(),
            "python" or "python3" when a.Count == 2 && a[1] == "app.py" => HttpServerApp.Flask(),
            _ => null,
        };
        return app is null ? null : new ServerProcess(ctx, app);
    }

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
            Err(e.Message);
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
