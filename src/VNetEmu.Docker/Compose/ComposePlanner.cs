namespace VNetEmu.Docker.Compose;

/// <summary>Turns a <see cref="ComposeProject"/> into the steps of <c>docker compose up -d</c> and
/// <c>docker compose down</c>. Containers are created with <c>create</c> + <c>network connect</c> + <c>start</c>,
/// as compose does through the API: all created first, then started, dependencies first.</summary>
public static class ComposePlanner
{
    /// <summary>compose's error for a missing external network, with the network's name.</summary>
    public static string ExternalNotFound(string name) => $"network {name} declared as external, but could not be found";

    private static string Line(string resource, string name, string status) => $" {resource} {name}  {status}";

    /// <summary>The networks the services use (compose drops unused ones), by key.</summary>
    public static IReadOnlyList<ComposeNetwork> UsedNetworks(ComposeProject project) =>
        project.Networks.Values
            .Where(n => project.Services.Any(s => s.Networks.Any(sn => sn.Key == n.Key)))
            .OrderBy(n => n.Key, StringComparer.Ordinal).ToList();

    /// <summary><c>docker compose up -d</c> for a project none of whose resources exist yet.</summary>
    public static ComposePlan Up(ComposeProject project)
    {
        var steps = new List<ComposeStep>();
        IReadOnlyList<ComposeNetwork> used = UsedNetworks(project);
        foreach (ComposeNetwork network in used.Where(n => !n.External))
        {
            steps.Add(new ComposeStep(ComposeStepKind.CreateNetwork, network.Name, NetworkCreate(project, network),
                [Line("Network", network.Name, "Creating"), Line("Network", network.Name, "Created")]));
        }
        foreach (ComposeService service in project.Services)
        {
            steps.Add(new ComposeStep(ComposeStepKind.CreateContainer, service.ContainerName, ContainerCreate(project, service),
                [Line("Container", service.ContainerName, "Creating"), Line("Container", service.ContainerName, "Created")]));
            foreach (ServiceNetwork extra in service.Networks.Skip(1))
            {
                var argv = new List<string> { "network", "connect" };
                argv.AddRange(Aliases(service, extra).SelectMany(a => new[] { "--alias", a }));
                if (extra.Ipv4Address is not null)
                {
                    argv.AddRange(["--ip", extra.Ipv4Address]);
                }
                argv.AddRange([project.Networks[extra.Key].Name, service.ContainerName]);
                steps.Add(new ComposeStep(ComposeStepKind.ConnectNetwork, service.ContainerName, argv, []));
            }
        }
        foreach (ComposeService service in project.Services)
        {
            steps.Add(new ComposeStep(ComposeStepKind.StartContainer, service.ContainerName, ["start", service.ContainerName],
                [Line("Container", service.ContainerName, "Starting"), Line("Container", service.ContainerName, "Started")]));
        }
        return new ComposePlan(steps, used.Where(n => n.External).Select(n => n.Name).ToList());
    }

    /// <summary><c>docker compose down</c>: containers in reverse start order, then the project's networks.
    /// <paramref name="exists"/> says which containers and networks are there (all when null).</summary>
    public static ComposePlan Down(ComposeProject project, Func<string, bool>? exists = null)
    {
        exists ??= _ => true;
        var steps = new List<ComposeStep>();
        foreach (ComposeService service in project.Services.Reverse().Where(s => exists(s.ContainerName)))
        {
            string name = service.ContainerName;
            steps.Add(new ComposeStep(ComposeStepKind.StopContainer, name, ["stop", name],
                [Line("Container", name, "Stopping"), Line("Container", name, "Stopped")]));
            steps.Add(new ComposeStep(ComposeStepKind.RemoveContainer, name, ["rm", name],
                [Line("Container", name, "Removing"), Line("Container", name, "Removed")]));
        }
        foreach (ComposeNetwork network in UsedNetworks(project).Where(n => !n.External && exists(n.Name)))
        {
            steps.Add(new ComposeStep(ComposeStepKind.RemoveNetwork, network.Name, ["network", "rm", network.Name],
                [Line("Network", network.Name, "Removing"), Line("Network", network.Name, "Removed")]));
        }
        return new ComposePlan(steps, []);
    }

    private static List<string> NetworkCreate(ComposeProject project, ComposeNetwork network)
    {
        var argv = new List<string> { "network", "create" };
        if (network.Driver is not null)
        {
            argv.AddRange(["--driver", network.Driver]);
        }
        foreach (KeyValuePair<string, string> opt in network.DriverOpts)
        {
            argv.AddRange(["--opt", opt.Key + "=" + opt.Value]);
        }
        if (network.IpamDriver is not null)
        {
            argv.AddRange(["--ipam-driver", network.IpamDriver]);
        }
        foreach (IpamPool pool in network.IpamConfig)
        {
            if (pool.Subnet is not null)
            {
                argv.AddRange(["--subnet", pool.Subnet]);
            }
            if (pool.IpRange is not null)
            {
                argv.AddRange(["--ip-range", pool.IpRange]);
            }
            if (pool.Gateway is not null)
            {
                argv.AddRange(["--gateway", pool.Gateway]);
            }
        }
        if (network.Internal)
        {
            argv.Add("--internal");
        }
        if (network.Attachable)
        {
            argv.Add("--attachable");
        }
        if (network.EnableIpv6)
        {
            argv.Add("--ipv6");
        }
        foreach (KeyValuePair<string, string> label in network.Labels)
        {
            argv.AddRange(["--label", label.Key + "=" + label.Value]);
        }
        argv.AddRange(["--label", "com.docker.compose.network=" + network.Key, "--label", "com.docker.compose.project=" + project.Name]);
        argv.Add(network.Name);
        return argv;
    }

    private static IEnumerable<string> Aliases(ComposeService service, ServiceNetwork network) =>
        new[] { service.Name }.Concat(network.Aliases).Distinct(StringComparer.Ordinal);

    private static List<string> ContainerCreate(ComposeProject project, ComposeService service)
    {
        var argv = new List<string> { "create", "--name", service.ContainerName };
        if (service.Hostname is not null)
        {
            argv.AddRange(["--hostname", service.Hostname]);
        }
        if (service.MacAddress is not null)
        {
            argv.AddRange(["--mac-address", service.MacAddress]);
        }
        if (service.NetworkMode is string mode)
        {
            argv.AddRange(["--network", mode.StartsWith("service:", StringComparison.Ordinal)
                ? "container:" + project.Service(mode["service:".Length..]).ContainerName
                : mode]);
        }
        else
        {
            ServiceNetwork first = service.Networks[0];
            argv.AddRange(["--network", project.Networks[first.Key].Name]);
            argv.AddRange(Aliases(service, first).SelectMany(a => new[] { "--network-alias", a }));
            if (first.Ipv4Address is not null)
            {
                argv.AddRange(["--ip", first.Ipv4Address]);
            }
        }
        argv.AddRange(service.Ports.SelectMany(p => new[] { "-p", p.DockerSpec }));
        argv.AddRange(service.Expose.SelectMany(e => new[] { "--expose", e }));
        argv.AddRange(service.Environment.SelectMany(e => new[] { "-e", e }));
        argv.AddRange([
            "--label", "com.docker.compose.container-number=1",
            "--label", "com.docker.compose.oneoff=False",
            "--label", "com.docker.compose.project=" + project.Name,
            "--label", "com.docker.compose.service=" + service.Name,
        ]);
        argv.Add(service.Image);
        if (service.Command is not null)
        {
            argv.AddRange(service.Command);
        }
        return argv;
    }
}
