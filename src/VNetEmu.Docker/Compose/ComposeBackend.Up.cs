using VNetEmu.Engine;

namespace VNetEmu.Docker.Compose;

public sealed partial class ComposeBackend
{
    /// <summary>compose's depends_on poll interval while waiting on a condition.</summary>
    public const long DependencyPollNs = 500 * World.NanosPerSecond / 1000;

    /// <summary><c>docker compose up -d</c> as compose 2.32 runs it: images, networks, orphans, then each service
    /// in dependency order created, kept (<c>Running</c>) or recreated, then each started after its depends_on
    /// conditions hold. The caller runs the sequence; each element is virtual time to wait before going on (a
    /// condition being polled).</summary>
    /// <exception cref="ComposeException">What compose prints, with its exit code.</exception>
    public IEnumerable<long> Up(ComposeProject project, ComposeUpOptions options, TextWriter err)
    {
        CheckContainerNames(project);
        CheckEmulated(project);
        EnsureImages(project, err);
        EnsureNetworks(project, err);
        List<Container> observed = ProjectContainers(project.Name);
        List<Container> orphans = observed.Where(c => IsOrphan(c, project)).ToList();
        if (orphans.Count > 0)
        {
            if (options.RemoveOrphans)
            {
                orphans.ForEach(c => StopAndRemove(c, err));
            }
            else
            {
                Warn(err, $"Found orphan containers ([{string.Join(' ', orphans.Select(c => c.Name))}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
            }
        }
        foreach (ComposeService service in project.Services)
        {
            Converge(project, service, options, err);
        }
        if (options.NoStart)
        {
            yield break;
        }
        // compose lists the containers once, before starting any: a state read here is the state before the start.
        var wasRunning = ProjectContainers(project.Name, includeOneOff: false).Where(c => c.Running).ToHashSet();
        foreach (ComposeService service in project.Services)
        {
            foreach (ComposeDependency dependency in service.Dependencies.Where(d => d.Condition != ComposeDependency.Started))
            {
                foreach (long wait in WaitFor(project.Name, service, dependency, err))
                {
                    yield return wait;
                }
            }
            if (ServiceContainer(project.Name, service.Name) is not { } container)
            {
                throw new ComposeException($"service \"{service.Name}\" has no container to start", ComposeException.Failure);
            }
            if (wasRunning.Contains(container))
            {
                continue;
            }
            string id = "Container " + container.Name;
            Event(err, id, "Starting");
            try
            {
                Daemon.StartContainer(container);
            }
            catch (DockerException e)
            {
                throw new ComposeException(e.Message, ComposeException.Failure);
            }
            Event(err, id, "Started");
        }
    }

    /// <summary>The (one) container of a service of the project, if it exists.</summary>
    public Container? ServiceContainer(string project, string service) =>
        ProjectContainers(project, includeOneOff: false).Find(c => ServiceOf(c) == service);

    /// <summary>compose-go's CheckContainerNameUnicity (its message, stray quote and all).</summary>
    private static void CheckContainerNames(ComposeProject project)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ComposeService s in project.Services.Where(s => s.ContainerNameGiven).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (!names.Add(s.ContainerName))
            {
                throw new ComposeException($"services.{s.Name}: container name \"{s.ContainerName}\" is already in use by service {{}}\"", ComposeException.Failure);
            }
        }
    }

    /// <summary>Refuses, before touching anything, what would need a part of compose not emulated.</summary>
    private void CheckEmulated(ComposeProject project)
    {
        foreach (ComposeService s in project.Services)
        {
            if (s.HasBuild && Daemon.Images.Find(s.Image) is null)
            {
                throw new ComposeException($"vnetemu: services.{s.Name}.build: building images is not emulated (give an image: the emulator knows)", ComposeException.Failure);
            }
            foreach (ComposeDependency d in s.Dependencies.Where(d => d.Condition == "service_healthy"))
            {
                if (project.Service(d.Service).HasHealthcheck)
                {
                    throw new ComposeException($"vnetemu: services.{d.Service}.healthcheck: health checks are not run yet (services.{s.Name}.depends_on.{d.Service} waits for service_healthy)", ComposeException.Failure);
                }
            }
        }
    }

    /// <summary>compose's pullRequiredImages: an image the daemon does not have is pulled, and there is no registry.</summary>
    private void EnsureImages(ComposeProject project, TextWriter err)
    {
        string? first = null;
        foreach (ComposeService s in project.Services.Where(s => !s.HasBuild && Daemon.Images.Find(s.Image) is null).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            string repo = s.Image.LastIndexOf(':') > s.Image.LastIndexOf('/') ? s.Image[..s.Image.LastIndexOf(':')] : s.Image;
            string message = $"pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";
            err.Write(Progress(s.Name, "Pulling", "") + "\n");
            err.Write(Progress(s.Name, "Error", message) + "\n");
            first ??= "Error response from daemon: " + message;
        }
        if (first is not null)
        {
            throw new ComposeException(first, ComposeException.PullFailure);
        }
    }

    /// <summary>compose's ensureNetwork for each network of the project, by key.</summary>
    private void EnsureNetworks(ComposeProject project, TextWriter err)
    {
        foreach (ComposeNetwork n in project.Networks.Values.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            DockerNetwork? existing = Daemon.Networks.Find(x => x.Name == n.Name) ?? Daemon.Networks.Find(x => x.Id == n.Name);
            if (n.External)
            {
                if (existing is null)
                {
                    throw new ComposeException(ComposePlanner.ExternalNotFound(n.Name), ComposeException.Failure);
                }
                continue;
            }
            if (existing is not null)
            {
                if (!existing.Labels.TryGetValue(ComposeLabels.Project, out string? p))
                {
                    Warn(err, $"a network with name {n.Name} exists but was not created by compose.\nSet `external: true` to use an existing network");
                }
                else if (p != project.Name)
                {
                    Warn(err, $"a network with name {n.Name} exists but was not created for project \"{project.Name}\".\nSet `external: true` to use an existing network");
                }
                string label = existing.Labels.GetValueOrDefault(ComposeLabels.Network) ?? "";
                if (label != n.Key)
                {
                    throw new ComposeException($"network {n.Name} was found but has incorrect label {ComposeLabels.Network} set to \"{label}\" (expected: \"{n.Key}\")", ComposeException.Failure);
                }
                string hash = existing.Labels.GetValueOrDefault(ComposeLabels.ConfigHash) ?? "";
                if (hash.Length > 0 && hash != ComposePlanner.NetworkHash(n))
                {
                    throw new ComposeException($"vnetemu: network {n.Name} differs from the compose file; recreating a changed network is not emulated yet (run docker compose down first)", ComposeException.Failure);
                }
                continue;
            }
            string id = "Network " + n.Name;
            Event(err, id, "Creating");
            try
            {
                Daemon.CreateNetwork(ComposePlanner.NetworkCreate(project, n));
            }
            catch (DockerException e)
            {
                Event(err, id, "Error");
                throw new ComposeException($"failed to create network {n.Name}: {e.Message}", ComposeException.Failure);
            }
            Event(err, id, "Created");
        }
    }

    /// <summary>compose's ensureService for one service of one container.</summary>
    private void Converge(ComposeProject project, ComposeService service, ComposeUpOptions options, TextWriter err)
    {
        Container? Other(string name) => ServiceContainer(project.Name, name);
        Container? current = ServiceContainer(project.Name, service.Name);
        if (current is null)
        {
            string id = "Container " + service.ContainerName;
            Event(err, id, "Creating");
            Create(ComposePlanner.Container(project, service, Other), id, err);
            Event(err, id, "Created");
            return;
        }
        string eventName = "Container " + current.Name;
        ComposeContainerSpec spec = ComposePlanner.Container(project, service, Other, createAs: current.Id[..12] + "_" + service.ContainerName);
        bool changed = Labels(current).GetValueOrDefault(ComposeLabels.ConfigHash) != spec.Labels[ComposeLabels.ConfigHash]
            || (current.Running && project.Networks.Values.Any(n => service.Networks.Any(sn => sn.Key == n.Key) && !current.Endpoints.Exists(e => e.Network.Name == n.Name)));
        if (!options.NoRecreate && (options.ForceRecreate || changed))
        {
            Event(err, eventName, "Recreate");
            var labels = new Dictionary<string, string>(spec.Labels) { [ComposeLabels.Replace] = service.ContainerNameGiven ? service.ContainerName : service.Name + "-1" };
            Container created = Create(spec with { Labels = labels }, eventName, err);
            Daemon.StopContainer(current);
            Daemon.RemoveContainer(current, force: false);
            _labels.Remove(current.Id);
            Daemon.RenameContainer(created, service.ContainerName);
            Event(err, eventName, "Recreated");
            return;
        }
        switch (current.State)
        {
            case ContainerState.Running:
                Event(err, eventName, "Running");
                break;
            case ContainerState.Exited:
                Event(err, eventName, "Created"); // compose 2.32 says so before starting it again
                break;
        }
    }

    /// <summary>Creates the container and connects its other networks (compose sends them all in the create call).</summary>
    private Container Create(ComposeContainerSpec spec, string eventName, TextWriter err)
    {
        if (spec.PortsDiscarded)
        {
            err.Write(Progress(spec.Labels[ComposeLabels.Service], "Published ports are discarded when using host network mode", "") + "\n");
        }
        Container container;
        try
        {
            container = Daemon.CreateContainer(spec.Create);
            _labels[container.Id] = spec.Labels;
            foreach (ComposeConnect c in spec.Connects)
            {
                Daemon.Connect(Daemon.GetNetwork(c.Network), container, c.Ip, [.. c.Aliases]);
            }
        }
        catch (DockerException e)
        {
            Event(err, eventName, e.Message);
            throw new ComposeException(e.Message, ComposeException.Failure);
        }
        return container;
    }

    /// <summary>compose's waitDependencies for one dependency with a condition: polled every 500 ms.</summary>
    private IEnumerable<long> WaitFor(string project, ComposeService service, ComposeDependency dependency, TextWriter err)
    {
        Container? target = ServiceContainer(project, dependency.Service);
        if (target is null)
        {
            if (dependency.Required)
            {
                throw new ComposeException($"{service.Name} is missing dependency {dependency.Service}", ComposeException.Failure);
            }
            Warn(err, $"{service.Name} is missing dependency {dependency.Service}");
            yield break;
        }
        string id = "Container " + target.Name;
        Event(err, id, "Waiting");
        while (true)
        {
            yield return DependencyPollNs;
            if (dependency.Condition == "service_healthy")
            {
                string reason = target.State == ContainerState.Exited
                    ? $"container {target.Name} exited ({target.ExitCode})"
                    : $"container {target.Name} has no healthcheck configured";
                if (!dependency.Required)
                {
                    Event(err, id, $"Skipped: optional dependency \"{dependency.Service}\" failed to start");
                    Warn(err, $"optional dependency \"{dependency.Service}\" failed to start: {reason}");
                    yield break;
                }
                Event(err, id, "Error");
                throw new ComposeException("dependency failed to start: " + reason, ComposeException.Failure);
            }
            if (target.State != ContainerState.Exited)
            {
                continue;
            }
            if (target.ExitCode == 0)
            {
                Event(err, id, "Exited");
                yield break;
            }
            string suffix = $"\"{dependency.Service}\" didn't complete successfully: exit {target.ExitCode}";
            if (!dependency.Required)
            {
                Event(err, id, "Skipped: optional dependency " + suffix);
                Warn(err, "optional dependency " + suffix);
                yield break;
            }
            Event(err, id, "service " + suffix);
            throw new ComposeException("service " + suffix, ComposeException.Failure);
        }
    }
}
