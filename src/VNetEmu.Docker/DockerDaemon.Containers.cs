using VNetEmu.Engine.Namespaces;
using VNetEmu.Host;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    /// <summary>`docker create` (and the first half of `docker run`): checks names, image and network settings,
    /// records the container. Nothing exists on the network until it starts.</summary>
    public Container CreateContainer(ContainerCreateRequest request)
    {
        Image image = Images.Find(request.Image) ?? throw UnknownImage(request.Image);
        if (request.Name is { } wanted)
        {
            if (!IsValidName(wanted))
            {
                throw DockerException.Daemon($"Invalid container name ({wanted}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", 125);
            }
            if (FindContainer(wanted) is { } clash && clash.Name == wanted.TrimStart('/'))
            {
                throw DockerException.Daemon($"Conflict. The container name \"/{wanted.TrimStart('/')}\" is already in use by container \"{clash.Id}\". You have to remove (or rename) that container to be able to reuse that name.", 125);
            }
        }
        string mode = request.Network ?? (Version >= DockerVersion.V27 ? "bridge" : "default");
        Container? shares = null;
        var attachments = new List<NetworkAttachment>();
        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            string target = mode["container:".Length..];
            shares = FindContainer(target) ?? throw DockerException.Daemon($"No such container: {target}", 125);
            if (request.Hostname is not null || request.Ports.Count > 0 || request.PublishAll || request.Mac is not null || request.Dns.Count > 0 || request.ExtraHosts.Count > 0)
            {
                throw new DockerException("Conflicting options: hostname, dns, mac-address, publish and add-host cannot be combined with --network container:", 125);
            }
            mode = "container:" + shares.Id;
        }
        else if (mode is "host" or "none")
        {
            if (request.Ip is not null || request.Aliases.Count > 0)
            {
                throw DockerException.Daemon(request.Ip is not null
                    ? "user specified IP address is supported on user defined networks only"
                    : "network-scoped alias is supported only for containers in user defined networks", 125);
            }
        }
        else
        {
            DockerNetwork network = mode is "default" or "bridge" ? DefaultBridge : FindNetwork(mode) ?? throw DockerException.Daemon($"network {mode} not found", 125);
            if (network.Driver == "host" || network.Driver == "null")
            {
                mode = network.Name;
            }
            else
            {
                if (network.IsDefaultBridge && request.Ip is not null)
                {
                    throw DockerException.Daemon("user specified IP address is supported on user defined networks only", 125);
                }
                if (network.IsDefaultBridge && request.Aliases.Count > 0)
                {
                    throw DockerException.Daemon("network-scoped alias is supported only for containers in user defined networks", 125);
                }
                if (request.Ip is { } ip)
                {
                    CheckRequestedAddress(network, ip, 125);
                }
                // On a user network a legacy --link is an alias in the linking endpoint's DNS view (EndpointSettings.Links).
                var attachment = new NetworkAttachment(network) { RequestedAddress = request.Ip, Aliases = [.. request.Aliases] };
                if (!network.IsDefaultBridge)
                {
                    attachment.Links.AddRange(request.Links);
                }
                attachments.Add(attachment);
            }
        }
        foreach (var (target, _) in request.Links)
        {
            if (FindContainer(target) is null)
            {
                throw DockerException.Daemon($"could not get container for {target}: No such container: {target}", 125);
            }
        }
        string id = Ids.NewId();
        string name = request.Name?.TrimStart('/') ?? NameGenerator.Next(Ids, n => FindContainer(n) is not null);
        var userspace = new Userspace(request.Hostname ?? id[..12], image.Tools);
        foreach (var (path, content) in image.Files)
        {
            userspace.Write(path, content);
        }
        foreach (var (k, v) in request.Env)
        {
            userspace.Environment[k] = v;
        }
        userspace.Environment.TryAdd("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        userspace.Environment["HOSTNAME"] = userspace.Hostname;
        var container = new Container
        {
            Id = id,
            Name = name,
            Image = image,
            Cmd = request.Cmd.Count > 0 ? request.Cmd : image.Cmd,
            Created = Emulator.Clock,
            Userspace = userspace,
            NetworkMode = mode,
            AutoRemove = request.AutoRemove,
            Interactive = request.Interactive,
            Tty = request.Tty,
            Hostname = userspace.Hostname,
            HostnameGiven = request.Hostname is not null,
            MacAddressGiven = request.Mac,
            Dns = request.Dns,
            DnsSearch = request.DnsSearch,
            DnsOptions = request.DnsOptions,
            ExtraHosts = request.ExtraHosts,
            Links = request.Links,
            Ports = request.Ports,
            PublishAll = request.PublishAll,
            SharesWith = shares,
            Env = request.Env,
        };
        container.Attachments.AddRange(attachments);
        if (container.PublishAll)
        {
            foreach (string exposed in image.ExposedPorts)
            {
                string[] pp = exposed.Split('/');
                ushort cport = ushort.Parse(pp[0], System.Globalization.CultureInfo.InvariantCulture);
                if (!container.Ports.Exists(p => p.ContainerPort == cport && p.Protocol == pp[1]))
                {
                    container.Ports.Add(new PortBinding(pp[1], Ipv4Address.Any, false, 0, 0, cport));
                }
            }
        }
        Containers.Add(container);
        return container;
    }

    private static bool IsValidName(string name)
    {
        string n = name.TrimStart('/');
        if (n.Length == 0 || !char.IsAsciiLetterOrDigit(n[0]))
        {
            return false;
        }
        foreach (char c in n)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '.' and not '-')
            {
                return false;
            }
        }
        return true;
    }

    private DockerException UnknownImage(string reference)
    {
        string repo = reference.Contains(':', StringComparison.Ordinal) ? reference[..reference.LastIndexOf(':')] : reference;
        string tag = reference.Contains(':', StringComparison.Ordinal) ? reference : reference + ":latest";
        return new DockerException($"Unable to find image '{tag}' locally\ndocker: Error response from daemon: pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", 125);
    }

    private void CheckRequestedAddress(DockerNetwork network, Ipv4Address ip, int exitCode)
    {
        if (!network.UserSubnet)
        {
            throw DockerException.Daemon("user specified IP address is supported only when connecting to networks with user configured subnets", exitCode);
        }
        Ipv4Prefix within = network.IpRange ?? network.Pool!.Subnet;
        if (!within.Contains(ip))
        {
            throw DockerException.Daemon(Version >= DockerVersion.V27
                ? $"invalid endpoint settings:\nno configured subnet or ip-range contain the IP address {ip}"
                : $"Invalid address {ip}: It does not belong to any of this network's subnets", exitCode);
        }
    }

    /// <summary>`docker start` (and the second half of `docker run`): namespace, endpoints, files, published
    /// ports, embedded DNS, then the main process. On a port conflict nothing stays half made: the container is
    /// left `created` with the error recorded, as dockerd leaves it.</summary>
    public void StartContainer(Container container)
    {
        if (container.Running)
        {
            return;
        }
        if (container.SharesWith is { } target && !target.Running)
        {
            throw DockerException.Daemon(Version >= DockerVersion.V28
                ? $"cannot join network namespace of a non running container: container {target.Name} is {StateText(target.State)}"
                : $"cannot join network of a non running container: {target.Id}");
        }
        try
        {
            ConnectSandbox(container);
            PublishPorts(container);
        }
        catch (DockerException e)
        {
            DisconnectSandbox(container);
            container.ExitCode = 128;
            container.Error = e.Message.StartsWith("Error response from daemon: ", StringComparison.Ordinal) ? e.Message["Error response from daemon: ".Length..] : e.Message;
            throw;
        }
        container.State = ContainerState.Running;
        container.Error = "";
        container.ExitCode = 0;
        container.StartedAt = Emulator.Clock;
        container.Shim = Emulator.Processes.Start($"/usr/bin/containerd-shim-runc-v2 -namespace moby -id {container.Id} -address /run/containerd/containerd.sock", Host);
        container.MainProcess = Emulator.Processes.Start(string.Join(' ', container.Cmd), container.Namespace ?? Host, container.Shim.Pid);
        WriteFiles(container);
        StartEmbeddedDns(container);
        if (container.Process is { } previous)
        {
            container.EarlierLogs.Append(previous.Output);
        }
        ContainerProcess process = _launcher(container, container.Cmd);
        container.Process = process;
        process.Exited += code => OnProcessExited(container, process, code);
        process.Start();
    }

    private void OnProcessExited(Container container, ContainerProcess process, int code)
    {
        if (container.Process != process || !container.Running)
        {
            return;
        }
        container.State = ContainerState.Exited;
        Emulator.Processes.Exit(container.MainProcess);
        Emulator.Processes.Exit(container.Shim);
        container.MainProcess = container.Shim = null;
        container.ExitCode = code;
        container.FinishedAt = Emulator.Clock;
        StopEmbeddedDns(container);
        UnpublishPorts(container);
        DisconnectSandbox(container);
        if (container.AutoRemove)
        {
            Containers.Remove(container);
        }
    }

    /// <summary>`docker stop` / `docker kill`: ends the main process (and with it the container's network).</summary>
    public void StopContainer(Container container)
    {
        if (container.Running && container.Process is { } p)
        {
            p.Stop();
            if (container.Running)
            {
                OnProcessExited(container, p, 137);
            }
        }
    }

    /// <summary>`docker rm [-f]`.</summary>
    public void RemoveContainer(Container container, bool force)
    {
        if (container.Running)
        {
            if (!force)
            {
                throw DockerException.Daemon($"You cannot remove a running container {container.Id}. Stop the container before attempting removal or force remove");
            }
            StopContainer(container);
        }
        Containers.Remove(container);
    }

    /// <summary>`docker rename`.</summary>
    public void RenameContainer(Container container, string newName)
    {
        if (FindContainer(newName) is { } clash && clash != container)
        {
            throw DockerException.Daemon($"Error when allocating new name: Conflict. The container name \"/{newName}\" is already in use by container \"{clash.Id}\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        container.Name = newName;
    }

    public static string StateText(ContainerState s) => s switch
    {
        ContainerState.Created => "created",
        ContainerState.Running => "running",
        _ => "exited",
    };

    /// <summary>Builds what the container's processes run in: its own namespace with its endpoints, the host's,
    /// or another container's.</summary>
    private void ConnectSandbox(Container container)
    {
        if (container.NetworkMode == "host")
        {
            container.Namespace = Host;
            container.Userspace.Network = Host;
            return;
        }
        if (container.SharesWith is { } target)
        {
            container.Namespace = target.Namespace;
            container.Userspace.Network = target.Namespace;
            return;
        }
        string nsName = container.Name;
        if (Emulator.World.TryGetNamespace(nsName, out _))
        {
            nsName = container.Name + "-" + container.ShortId;
        }
        NetNamespace ns = Emulator.World.AddNamespace(nsName, hidden: true);
        ns.Loopback.SetAdminUp(true);
        ns.Ipv4.AddAddress(ns.Loopback, new Ipv4Prefix(Ipv4Address.Loopback, 8), default);
        foreach (string key in new[] { "all", "default", "lo" })
        {
            Emulator.Sysctls.Set(ns, $"net.ipv6.conf.{key}.disable_ipv6", "1");
        }
        container.Namespace = ns;
        container.Userspace.Network = ns;
        container.SandboxId = Ids.NewId();
        container.NextInterfaceIndex = 0;
        foreach (NetworkAttachment a in container.Attachments)
        {
            Join(container, a);
        }
        SetDefaultGateway(container);
    }

    private void DisconnectSandbox(Container container)
    {
        foreach (Endpoint e in container.Endpoints.ToArray())
        {
            Leave(e);
        }
        if (container.Namespace is { } ns && container.NetworkMode != "host" && container.SharesWith is null)
        {
            foreach (Container other in Containers)
            {
                if (other.SharesWith == container && other.Running)
                {
                    StopContainer(other);
                }
            }
            Emulator.World.RemoveNamespace(ns);
        }
        container.Namespace = null;
        container.Userspace.Network = null;
    }
}
