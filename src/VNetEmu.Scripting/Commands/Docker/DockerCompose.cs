using System.Globalization;
using VNetEmu.Docker;
using VNetEmu.Docker.Compose;
using VNetEmu.Docker.Formatting;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker compose [-f FILE] [-p NAME] [--profile P] up -d|create|down|ps|version`: compose v2.32's
/// command line on top of <see cref="ComposeBackend"/>. FILE is read from disk relative to the scenario's folder
/// (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml there when no -f). Progress and
/// warnings go to stderr, `ps` to stdout; an error is compose's message and exit status.</summary>
public sealed class DockerCompose(CommandContext ctx) : ScriptProcess
{
    /// <summary>compose-go's DefaultFileNames, in its order of preference.</summary>
    public static readonly string[] DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

    private static readonly HashSet<string> s_rootValued = ["-f", "--file", "-p", "--project-name", "--profile", "--progress", "--ansi", "--env-file", "--project-directory", "--parallel"];
    private static readonly HashSet<string> s_rootBooleans = ["--compatibility", "--dry-run", "--all-resources", "-v", "--version"];

    private readonly StringWriter _err = new() { NewLine = "\n" };
    private IEnumerator<long>? _steps;

    public override void Start()
    {
        try
        {
            Run();
        }
        catch (Exception e) when (e is ComposeException or DockerException or GoTemplateException)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        Stderr.Append(_err.ToString());
        _err.GetStringBuilder().Clear();
        (string message, int code) = e switch
        {
            ComposeException c => (c.Message, c.ExitCode),
            GoTemplateException t => (t.IsParseError ? t.DockerMessage : t.Message, ComposeException.Failure),
            _ => (e.Message, ComposeException.Failure),
        };
        Err(message);
        Exit(code);
    }

    private ComposeBackend Backend => ctx.Emulator.Service(_ => new ComposeBackend(DockerCommand.Daemon(ctx)));

    private void Run()
    {
        _ = Backend; // the daemon is up before any docker command runs, compose's included
        DockerArgs root = Parse(ctx.Args.Skip(2).ToList(), s_rootValued, s_rootBooleans, stopAtPositional: true);
        if (root.Has("-v", "--version"))
        {
            Out("Docker Compose version v" + ComposeLabels.ComposeVersion);
            Exit(0);
            return;
        }
        foreach (string flag in new[] { "--dry-run", "--env-file", "--project-directory", "--compatibility" })
        {
            if (root.Has(flag) || root.Value(flag) is not null)
            {
                throw new ComposeException($"vnetemu: docker compose {flag} is not emulated yet", ComposeException.Failure);
            }
        }
        if (root.Value("--progress") is string progress && progress is not ("auto" or "plain"))
        {
            throw new ComposeException($"vnetemu: docker compose --progress {progress} is not emulated (stderr is not a terminal: plain)", ComposeException.Failure);
        }
        if (root.Value("--ansi") is string ansi && ansi is not ("auto" or "never"))
        {
            throw new ComposeException($"vnetemu: docker compose --ansi {ansi} is not emulated (stderr is not a terminal)", ComposeException.Failure);
        }
        if (root.Positional.Count == 0)
        {
            Out("\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker\n\nRun 'docker compose COMMAND --help' for more information on a command.");
            Exit(0);
            return;
        }
        string sub = root.Positional[0];
        List<string> rest = root.Positional.Skip(1).ToList();
        switch (sub)
        {
            case "up" or "create":
                Up(root, sub, rest);
                return;
            case "down":
                Down(root, rest);
                break;
            case "ps":
                Ps(root, rest);
                break;
            case "version":
                Out("Docker Compose version v" + ComposeLabels.ComposeVersion);
                break;
            case "attach" or "build" or "commit" or "config" or "cp" or "events" or "exec" or "export" or "images" or "kill" or "logs"
                or "ls" or "pause" or "port" or "pull" or "push" or "restart" or "rm" or "run" or "scale" or "start" or "stats" or "stop"
                or "top" or "unpause" or "wait" or "watch" or "alpha" or "bridge" or "publish" or "viz":
                throw new ComposeException($"vnetemu: docker compose {sub} is not emulated yet (up, create, down, ps and version are)", ComposeException.Failure);
            default:
                throw new ComposeException($"unknown docker command: \"compose {sub}\"", ComposeException.CommandSyntax);
        }
        Stderr.Append(_err.ToString());
        Exit(0);
    }

    /// <summary>cobra/pflag through <see cref="DockerArgs"/>; compose's flag error function prints pflag's message
    /// alone and exits 16.</summary>
    private static DockerArgs Parse(List<string> args, HashSet<string> valued, HashSet<string> booleans, bool stopAtPositional)
    {
        try
        {
            return DockerArgs.Parse(args, valued, booleans, stopAtPositional, "docker compose");
        }
        catch (DockerException e)
        {
            throw new ComposeException(e.Message.Split('\n')[0], ComposeException.CommandSyntax);
        }
    }

    private void Up(DockerArgs root, string sub, List<string> rest)
    {
        DockerArgs a = Parse(rest, ["--pull", "-t", "--timeout", "--scale", "--exit-code-from", "--attach", "--no-attach", "--wait-timeout"],
            ["-d", "--detach", "--remove-orphans", "--force-recreate", "--no-recreate", "--no-start", "--no-color", "--no-log-prefix",
             "--quiet-pull", "--no-build", "--build", "--no-deps", "-y", "--wait", "--abort-on-container-exit", "--abort-on-container-failure",
             "--always-recreate-deps", "-V", "--renew-anon-volumes", "--timestamps", "--attach-dependencies", "-w", "--watch", "--menu"],
            stopAtPositional: false);
        foreach (string flag in new[] { "--build", "--wait", "--abort-on-container-exit", "--abort-on-container-failure", "--always-recreate-deps",
            "--attach-dependencies", "-w", "--watch", "--no-deps", "--scale", "--exit-code-from", "--attach", "--no-attach", "--wait-timeout" })
        {
            if (a.Flags.Any(f => f.Name == flag))
            {
                throw new ComposeException($"vnetemu: docker compose {sub} {flag} is not emulated yet", ComposeException.Failure);
            }
        }
        if (a.Has("--force-recreate") && a.Has("--no-recreate"))
        {
            throw new ComposeException("--force-recreate and --no-recreate are incompatible", ComposeException.Failure);
        }
        bool detach = sub == "create" || a.Has("-d", "--detach") || a.Has("--no-start");
        if (!detach)
        {
            throw new ComposeException("vnetemu: docker compose up without -d (attached to the containers' output) is not emulated yet; use up -d", ComposeException.Failure);
        }
        ComposeProject project = Select(LoadProject(root), a.Positional);
        var options = new ComposeUpOptions
        {
            RemoveOrphans = a.Has("--remove-orphans"),
            ForceRecreate = a.Has("--force-recreate"),
            NoRecreate = a.Has("--no-recreate"),
            NoStart = sub == "create" || a.Has("--no-start"),
        };
        _steps = Backend.Up(project, options, _err).GetEnumerator();
        Resume();
    }

    /// <summary>SIGTERM while waiting on a depends_on condition: compose stops where it is.</summary>
    public override void Stop()
    {
        _steps?.Dispose();
        _steps = null;
        WriteProgress();
        base.Stop();
    }

    /// <summary>Runs <see cref="ComposeBackend.Up"/> until it waits on the virtual clock or ends.</summary>
    private void Resume()
    {
        if (_steps is null || HasExited)
        {
            return;
        }
        try
        {
            if (_steps.MoveNext())
            {
                WriteProgress();
                ctx.Emulator.World.Schedule(_steps.Current, Resume);
                return;
            }
        }
        catch (Exception e) when (e is ComposeException or DockerException)
        {
            Fail(e);
            return;
        }
        WriteProgress();
        Exit(0);
    }

    private void WriteProgress()
    {
        Stderr.Append(_err.ToString());
        _err.GetStringBuilder().Clear();
    }

    /// <summary>compose's WithSelectedServices: the named services and what they depend on; the others are left
    /// as if disabled (not orphans).</summary>
    private static ComposeProject Select(ComposeProject project, List<string> services)
    {
        if (services.Count == 0)
        {
            return project;
        }
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(services);
        while (todo.Count > 0)
        {
            string name = todo.Pop();
            ComposeService s = project.Services.FirstOrDefault(x => x.Name == name)
                ?? throw new ComposeException($"no such service: {name}", ComposeException.Failure);
            if (keep.Add(name))
            {
                foreach (string d in s.DependsOn)
                {
                    todo.Push(d);
                }
            }
        }
        List<ComposeService> kept = project.Services.Where(s => keep.Contains(s.Name)).ToList();
        return project with
        {
            Services = kept,
            Networks = project.Networks.Values.Where(n => kept.Any(s => s.Networks.Any(sn => sn.Key == n.Key))).ToDictionary(n => n.Key, StringComparer.Ordinal),
            DisabledServices = [.. project.DisabledServices, .. project.Services.Where(s => !keep.Contains(s.Name)).Select(s => s.Name)],
        };
    }

    private void Down(DockerArgs root, List<string> rest)
    {
        DockerArgs a = Parse(rest, ["-t", "--timeout", "--rmi"], ["--remove-orphans", "-v", "--volumes"], stopAtPositional: false);
        if (a.Value("--rmi") is not null)
        {
            throw new ComposeException("vnetemu: docker compose down --rmi is not emulated yet", ComposeException.Failure);
        }
        if (a.Positional.Count > 0)
        {
            throw new ComposeException("vnetemu: docker compose down SERVICE… is not emulated yet", ComposeException.Failure);
        }
        (ComposeProject? project, string name) = ProjectOrName(root);
        Backend.Down(name, project, a.Has("--remove-orphans"), _err);
    }

    private void Ps(DockerArgs root, List<string> rest)
    {
        DockerArgs a = Parse(rest, ["--format", "--filter", "--status"], ["-a", "--all", "-q", "--quiet", "--services", "--no-trunc", "--orphans"], stopAtPositional: false);
        if (a.Value("--format") is "json")
        {
            throw new ComposeException("vnetemu: docker compose ps --format json is not emulated yet (Go templates and table are)", ComposeException.Failure);
        }
        var statuses = a.Values("--status");
        if (a.Value("--filter") is string filter)
        {
            string[] kv = filter.Split('=', 2);
            statuses.Add(kv.Length == 2 && kv[0] == "status" ? kv[1]
                : throw new ComposeException(kv.Length != 2 ? "arguments to --filter should be in form KEY=VAL" : $"unknown filter {kv[0]}", ComposeException.Failure));
        }
        (ComposeProject? project, string name) = ProjectOrName(root);
        foreach (string s in a.Positional)
        {
            if (project is not null && !project.Services.Any(x => x.Name == s))
            {
                throw new ComposeException($"no such service: {s}", ComposeException.Failure);
            }
        }
        ComposeBackend backend = Backend;
        bool all = a.Has("-a", "--all") || statuses.Count > 0;
        bool orphans = !a.Flags.Any(f => f.Name == "--orphans" && f.Value == "false");
        DockerDaemon d = backend.Daemon;
        List<ComposeContainer> rows = backend.ProjectContainers(name, includeOneOff: all)
            .Where(c => all || c.Running)
            .Where(c => a.Positional.Count == 0 || a.Positional.Contains(backend.ServiceOf(c)))
            .Where(c => orphans || project is null || project.Services.Any(s => s.Name == backend.ServiceOf(c)))
            .Where(c => statuses.Count == 0 || statuses.Contains(DockerDaemon.StateText(c.State)))
            .Select(c => Row(backend, d, c, name))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (a.Has("-q", "--quiet"))
        {
            rows.ForEach(r => Out(r.Id));
            return;
        }
        if (a.Has("--services"))
        {
            Out(string.Join("\n", rows.Select(r => r.Service).Distinct()));
            return;
        }
        Stdout.Append(ComposePs.Render(rows, a.Value("--format"), a.Has("--no-trunc")));
    }

    private static ComposeContainer Row(ComposeBackend backend, DockerDaemon d, Container c, string project)
    {
        DateTimeOffset now = d.Emulator.Clock;
        string status = c.State switch
        {
            ContainerState.Running => "Up " + GoTime.HumanDuration(now - (c.StartedAt ?? now)),
            ContainerState.Created => "Created",
            _ => $"Exited ({c.ExitCode.ToString(CultureInfo.InvariantCulture)}) {GoTime.HumanDuration(now - (c.FinishedAt ?? now))} ago",
        };
        return new ComposeContainer(c.Name, c.Image.Name, string.Join(' ', c.Cmd), backend.ServiceOf(c),
            GoTime.HumanDuration(now - c.Created) + " ago", status, DockerContainerCommands.PortsText(d, c))
        {
            Id = c.Id,
            State = DockerDaemon.StateText(c.State),
            Project = project,
            ExitCode = c.State == ContainerState.Exited ? c.ExitCode : 0,
        };
    }

    /// <summary>compose's projectOrName: with -f, or without -p, the file is loaded (its name wins); with only
    /// -p, the project is just that name.</summary>
    private (ComposeProject? Project, string Name) ProjectOrName(DockerArgs root)
    {
        string? name = root.Value("-p", "--project-name");
        if (root.Values("-f", "--file").Count == 0 && name is not null)
        {
            ComposeLoader.CheckProjectName(name);
            return (null, name);
        }
        ComposeProject project = LoadProject(root);
        return (project, project.Name);
    }

    /// <summary>Finds, reads and loads the compose file; prints compose-go's warnings.</summary>
    private ComposeProject LoadProject(DockerArgs root)
    {
        List<string> files = root.Values("-f", "--file");
        if (files.Count > 1)
        {
            throw new ComposeException("vnetemu: merging several compose files (-f … -f …) is not emulated yet", ComposeException.Failure);
        }
        string folder = ctx.Emulator.WorkingDirectory; // the scenario's folder, as for every path a scenario names
        string path;
        if (files.Count == 1)
        {
            path = files[0] == "-" ? throw new ComposeException("vnetemu: docker compose -f - (the file on stdin) is not emulated yet", ComposeException.Failure)
                : Path.GetFullPath(Path.Combine(folder, files[0]));
        }
        else
        {
            List<string> found = DefaultFileNames.Select(f => Path.Combine(folder, f)).Where(File.Exists).ToList();
            if (found.Count == 0)
            {
                throw new ComposeException("no configuration file provided: not found", ComposeException.FileNotFound);
            }
            path = found[0];
            if (found.Count > 1)
            {
                Warn($"Found multiple config files with supported names: {string.Join(", ", found)}");
                Warn($"Using {path}");
            }
            if (new[] { "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml" }.Any(o => File.Exists(Path.Combine(folder, o))))
            {
                throw new ComposeException("vnetemu: compose override files (compose.override.yaml) are not emulated yet", ComposeException.Failure);
            }
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ComposeException($"open {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}", ComposeException.FileNotFound);
        }
        string? name = root.Value("-p", "--project-name");
        if (name is not null)
        {
            ComposeLoader.CheckProjectName(name);
        }
        ComposeProject project = ComposeLoader.Load(path, text, string.IsNullOrEmpty(name) ? null : name, root.Values("--profile"));
        foreach (string w in project.Warnings)
        {
            Warn(w);
        }
        return project;
    }

    private void Warn(string message) => _err.Write(Backend.Warning(message) + "\n");
}
