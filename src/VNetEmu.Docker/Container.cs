using VNetEmu.Engine.Namespaces;
using VNetEmu.Host;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>A container: its identity, configuration (as `docker inspect` shows it), state, network namespace
/// (its own, the host's, or another container's) with its endpoints, published ports, files and main process.</summary>
public sealed class Container
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required Image Image { get; init; }
    public required IReadOnlyList<string> Cmd { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required Userspace Userspace { get; init; }

    /// <summary>`default` (the default bridge on 20.10), `bridge`, a network name, `host`, `none` or `container:ID`.</summary>
    public required string NetworkMode { get; init; }
    public ContainerState State { get; set; } = ContainerState.Created;
    public int ExitCode { get; set; }
    public string Error { get; set; } = "";
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The main process's pid on the host while running (`{{.State.Pid}}`, `nsenter -t PID`), else 0.</summary>
    public int Pid => MainProcess?.Pid ?? 0;

    /// <summary>The main process and its containerd shim on the host's process table while running.</summary>
    public HostProcess? MainProcess { get; set; }
    public HostProcess? Shim { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool AutoRemove { get; init; }
    public bool Interactive { get; init; }
    public bool Tty { get; init; }
    public string Hostname { get; set; } = "";
    public bool HostnameGiven { get; init; }
    public MacAddress? MacAddressGiven { get; init; }
    public List<string> Dns { get; init; } = [];
    public List<string> DnsSearch { get; init; } = [];
    public List<string> DnsOptions { get; init; } = [];
    public List<string> ExtraHosts { get; init; } = [];

    /// <summary>--link NAME:ALIAS as given.</summary>
    public List<(string Target, string Alias)> Links { get; init; } = [];
    public List<PortBinding> Ports { get; init; } = [];
    public bool PublishAll { get; init; }
    public Dictionary<string, string> Env { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The network namespace its processes run in (null while it has none: created, or `none`… stopped).</summary>
    public NetNamespace? Namespace { get; set; }

    /// <summary>For `container:X`: the container whose namespace this one shares.</summary>
    public Container? SharesWith { get; init; }

    /// <summary>Endpoints in the order the container joined its networks (the first one's at eth0).</summary>
    public List<Endpoint> Endpoints { get; } = [];

    /// <summary>Networks it is configured for (name → requested IP and aliases), kept while stopped.</summary>
    public List<NetworkAttachment> Attachments { get; } = [];
    public ContainerProcess? Process { get; set; }

    /// <summary>Output of earlier runs of its main process (`docker logs` shows all of them).</summary>
    public System.Text.StringBuilder EarlierLogs { get; } = new();
    public string SandboxId { get; set; } = "";
    public string SandboxKey => SandboxId.Length > 0 ? "/var/run/docker/netns/" + SandboxId[..12] : "";

    /// <summary>Sandbox-wide counter for `ethN` names (≤27 only grows).</summary>
    public int NextInterfaceIndex { get; set; }

    public string ShortId => Id[..12];
    public bool Running => State == ContainerState.Running;

    public string Logs => EarlierLogs.ToString() + (Process?.Output ?? "");
}
