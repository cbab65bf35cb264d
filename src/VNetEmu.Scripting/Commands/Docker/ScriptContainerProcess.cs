using VNetEmu.Docker;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>A container's main process: the image's command run by the scenario shell inside the container's
/// namespace and userspace, on the virtual clock (for a `vnet image` image, the HTTP server it defines). A shell
/// kept open with `-it` waits for `docker stop`.</summary>
public sealed class ScriptContainerProcess : ContainerProcess
{
    private readonly ScriptProcess? _process;
    private readonly System.Text.StringBuilder _held = new();

    public ScriptContainerProcess(Emulator emulator, Container container, IReadOnlyList<string> argv)
    {
        bool shell = argv.Count == 1 && argv[0] is "sh" or "/bin/sh" or "bash" or "/bin/bash" or "zsh" or "ash";
        if (shell && container.Interactive)
        {
            return; // an interactive shell with nobody typing: runs until stopped
        }
        var ctx = new CommandContext(emulator, container.Namespace!, argv, shell ? "" : null, Background: true) { Userspace = container.Userspace };
        _process = container.Image.App is { HttpPort: not null } app && argv is [ImageCatalog.UserAppCommand]
            ? Apps.ServerProcess.ForImage(ctx, app)
            : Shell.Create(ctx);
        ScriptProcess inner = _process;
        _process.Exited += () => OnExited(inner.ExitCode ?? 0);
    }

    public override void Start()
    {
        try
        {
            _process?.Start();
        }
        catch (CommandException e)
        {
            _held.Append(e.Message).Append('\n');
            OnExited(e.ExitCode);
        }
    }

    public override string Output => _process switch
    {
        null => _held.ToString(),
        Apps.ServerProcess server => _held.ToString() + string.Concat(server.App.Logs.Select(l => l + "\n")) + server.Stderr,
        _ => _held.ToString() + _process.Stdout + _process.Stderr,
    };

    /// <summary>The process's stdout and stderr separately, for a foreground `docker run`.</summary>
    public ScriptProcess? Inner => _process;

    public override void Stop()
    {
        if (_process is null)
        {
            OnExited(137);
            return;
        }
        _process.Stop();
        OnExited(_process.ExitCode ?? 137);
    }
}
