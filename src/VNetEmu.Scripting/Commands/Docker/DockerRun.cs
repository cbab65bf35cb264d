using VNetEmu.Docker;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker run` and `docker create`: the CLI's flags, its client-side errors (`docker: TEXT.` + `See
/// 'docker run --help'.`, exit 125), then create, start, and — without `-d` — the container's output and exit
/// status as the command's own.</summary>
public sealed class DockerRun : ScriptProcess
{
    private static readonly HashSet<string> s_valued =
    [
        "--name", "--network", "--net", "--ip", "--network-alias", "--net-alias", "--hostname", "-h", "--mac-address",
        "-p", "--publish", "--dns", "--dns-search", "--dns-option", "--dns-opt", "--add-host", "--link", "-e", "--env",
        "--restart", "-w", "--workdir", "-v", "--volume", "--entrypoint", "-l", "--label", "--expose", "--cap-add",
        "--cap-drop", "-u", "--user", "--memory", "-m", "--cpus", "--stop-timeout", "--platform", "--pull", "--log-driver",
        "--sysctl", "--ulimit", "--mount", "--env-file", "--security-opt", "--tmpfs", "--health-cmd", "--shm-size",
    ];

    private static readonly HashSet<string> s_booleans =
    [
        "-d", "--detach", "-i", "--interactive", "-t", "--tty", "--rm", "-P", "--publish-all", "--init", "--privileged",
        "--read-only", "-q", "--quiet", "--no-healthcheck",
    ];

    private readonly CommandContext _ctx;
    private readonly bool _create;
    private Container? _container;
    private ScriptContainerProcess? _process;
    private DockerDaemon? _daemon;

    public DockerRun(CommandContext ctx, bool create)
    {
        _ctx = ctx;
        _create = create;
    }

    private string Usage => _create ? "docker create" : "docker run";

    public override void Start()
    {
        try
        {
            Run();
        }
        catch (DockerException e)
        {
            string text = e.Message;
            if (text.Contains("\nSee '", StringComparison.Ordinal) || text.StartsWith("vnetemu:", StringComparison.Ordinal))
            {
                Err(text);
            }
            else if (text.StartsWith("Unable to find image", StringComparison.Ordinal))
            {
                Err(text + ".\n" + SeeHelp());
            }
            else
            {
                Err("docker: " + text + ".\n" + SeeHelp());
            }
            Exit(125);
        }
    }

    private string SeeHelp() => DockerCommand.Options(_ctx).Version >= DockerVersion.V28
        ? $"\nRun '{Usage} --help' for more information"
        : $"See '{Usage} --help'.";

    private void Run()
    {
        DockerArgs a = DockerArgs.Parse(_ctx.Args.Skip(2).ToList(), s_valued, s_booleans, stopAtPositional: true, Usage);
        if (a.Positional.Count == 0)
        {
            throw new DockerException($"\"{Usage}\" requires at least 1 argument.\nSee '{Usage} --help'.\n\nUsage:  {Usage} [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n{(_create ? "Create a new container" : "Create and run a new container from an image")}");
        }
        var ports = new List<PortBinding>();
        foreach (string p in a.Values("-p", "--publish"))
        {
            ports.AddRange(PortSpec.Parse(p));
        }
        Ipv4Address? ip = null;
        if (a.Value("--ip") is { } ipText)
        {
            if (!Ipv4Address.TryParse(ipText, out Ipv4Address parsed))
            {
                throw new DockerException($"invalid argument \"{ipText}\" for \"--ip\" flag: invalid string being converted to IP address: {ipText}\nSee '{Usage} --help'.");
            }
            ip = parsed;
        }
        MacAddress? mac = null;
        if (a.Value("--mac-address") is { } macText)
        {
            if (!MacAddress.TryParse(macText, out MacAddress m))
            {
                throw new DockerException($"{macText} is not a valid mac address");
            }
            mac = m;
        }
        var links = new List<(string, string)>();
        foreach (string l in a.Values("--link"))
        {
            int colon = l.IndexOf(':', StringComparison.Ordinal);
            links.Add(colon < 0 ? (l, l) : (l[..colon], l[(colon + 1)..]));
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string e in a.Values("-e", "--env"))
        {
            int eq = e.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[e[..eq]] = e[(eq + 1)..];
            }
        }
        DockerDaemon daemon = DockerCommand.Daemon(_ctx);
        _daemon = daemon;
        string? network = a.Value("--network", "--net");
        if (network == "host" && ports.Count > 0)
        {
            Err("WARNING: Published ports are discarded when using host network mode");
            ports.Clear();
        }
        var request = new ContainerCreateRequest
        {
            Name = a.Value("--name"),
            Image = a.Positional[0],
            Cmd = a.Positional.Skip(1).ToList(),
            Network = network,
            Ip = ip,
            Aliases = a.Values("--network-alias", "--net-alias"),
            Hostname = a.Value("--hostname", "-h"),
            Mac = mac,
            Ports = ports,
            PublishAll = a.Has("-P", "--publish-all"),
            Dns = a.Values("--dns"),
            DnsSearch = a.Values("--dns-search"),
            DnsOptions = a.Values("--dns-option", "--dns-opt"),
            ExtraHosts = a.Values("--add-host"),
            Links = links,
            AutoRemove = a.Has("--rm"),
            Interactive = a.Has("-i", "--interactive"),
            Tty = a.Has("-t", "--tty"),
            Env = env,
        };
        _container = daemon.CreateContainer(request);
        if (_create)
        {
            Out(_container.Id);
            Exit(0);
            return;
        }
        bool detach = a.Has("-d", "--detach");
        try
        {
            daemon.StartContainer(_container);
        }
        catch (DockerException e)
        {
            // The 20.10+ client prints a detached container's id as soon as it is created, then the start error
            // without the "See 'docker run --help'" hint (reportError(..., withHelp: false)); --rm still removes it.
            if (detach)
            {
                Out(_container.Id);
            }
            Err("docker: " + e.Message + ".");
            if (_container.AutoRemove)
            {
                daemon.RemoveContainer(_container, force: true);
            }
            Exit(125);
            return;
        }
        if (detach)
        {
            Out(_container.Id);
            Exit(0);
            return;
        }
        _process = _container.Process as ScriptContainerProcess;
        if (_process is null || _process.HasExited || !_container.Running)
        {
            Finish();
            return;
        }
        _process.Exited += _ => Finish();
    }

    private void Finish()
    {
        if (_process?.Inner is { } inner)
        {
            Stdout.Append(inner.Stdout);
            Stderr.Append(inner.Stderr);
        }
        Exit(_container!.ExitCode);
    }

    public override void Stop()
    {
        if (_container is not null && _daemon is not null && _container.Running)
        {
            _daemon.StopContainer(_container);
        }
        base.Stop();
    }
}
