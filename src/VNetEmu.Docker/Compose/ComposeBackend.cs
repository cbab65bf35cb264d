// Read docker/compose v2.32.4 pkg/compose (create.go, convergence.go, start.go, down.go, ps.go) and
// pkg/progress/plain.go before changing the texts in the ComposeBackend files.
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Compose;

/// <summary>docker compose's backend on top of the emulated daemon: `up`, `down` and the project's containers,
/// all through the daemon operations the docker CLI verbs use (create, network create/connect, start, stop, rm,
/// rename, network rm). Progress goes to stderr as compose's plain writer prints it when not on a terminal;
/// warnings as logrus does there. The daemon keeps no container labels yet, so the labels compose puts on its
/// containers are kept here, by container id, and read back the way compose filters containers by label.</summary>
public sealed partial class ComposeBackend(DockerDaemon daemon)
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _labels = new(StringComparer.Ordinal);

    public DockerDaemon Daemon { get; } = daemon;

    /// <summary>The compose labels of a container (empty for one compose did not create).</summary>
    public IReadOnlyDictionary<string, string> Labels(Container container) =>
        _labels.TryGetValue(container.Id, out IReadOnlyDictionary<string, string>? labels) ? labels : new Dictionary<string, string>();

    /// <summary>The containers labelled with the project, in any state, in creation order.</summary>
    public List<Container> ProjectContainers(string project, bool includeOneOff = true) =>
        Daemon.Containers.Where(c => Labels(c).TryGetValue(ComposeLabels.Project, out string? p) && p == project
            && (includeOneOff || Labels(c).GetValueOrDefault(ComposeLabels.OneOff) != "True")).ToList();

    /// <summary>The service a container of the project belongs to.</summary>
    public string ServiceOf(Container container) => Labels(container).GetValueOrDefault(ComposeLabels.Service) ?? container.Name;

    /// <summary>One line of compose's plain progress writer: <c>fmt.Fprintln(out, "", ID, Text, StatusText)</c>.</summary>
    public static string Progress(string id, string text, string status) => $" {id} {text} {status}";

    /// <summary>A container's or network's line, e.g. <c> Container app-web-1  Started</c>.</summary>
    private static void Event(TextWriter err, string id, string status) => err.Write(Progress(id, "", status) + "\n");

    /// <summary>A warning as logrus's text formatter writes it when stderr is not a terminal.</summary>
    public string Warning(string message) =>
        $"time=\"{Daemon.Emulator.Clock.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\" level=warning msg={LogrusValue(message)}";

    /// <summary>logrus quotes a value (%q) unless it is made of [A-Za-z0-9-._/@^+] only.</summary>
    private static string LogrusValue(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '@' or '^' or '+')
            ? value
            : GoFormat.Quote(value);

    private void Warn(TextWriter err, string message) => err.Write(Warning(message) + "\n");

    /// <summary><c>docker compose down</c>: the project's containers in reverse dependency order, orphans too with
    /// <paramref name="removeOrphans"/>, then its networks. Without a file (<c>-p NAME down</c>) the project is
    /// rebuilt from the labels of its containers and networks.</summary>
    public void Down(string projectName, ComposeProject? project, bool removeOrphans, TextWriter err)
    {
        List<Container> containers = ProjectContainers(projectName, includeOneOff: removeOrphans);
        IReadOnlyList<string> order;
        IReadOnlyList<(string Key, string Name)> networks;
        if (project is null)
        {
            order = OrderFromLabels(containers);
            networks = Daemon.Networks.Where(n => n.Labels.GetValueOrDefault(ComposeLabels.Project) == projectName && n.Labels.ContainsKey(ComposeLabels.Network))
                .Select(n => (n.Labels[ComposeLabels.Network], n.Name)).OrderBy(n => n.Item1, StringComparer.Ordinal).ToList();
        }
        else
        {
            order = project.Services.Select(s => s.Name).ToList();
            networks = project.Networks.Values.Where(n => !n.External).OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, n.Name)).ToList();
        }
        foreach (string service in order.Reverse())
        {
            foreach (Container c in containers.Where(c => ServiceOf(c) == service && Labels(c).GetValueOrDefault(ComposeLabels.OneOff) != "True"))
            {
                StopAndRemove(c, err);
            }
        }
        if (removeOrphans)
        {
            foreach (Container c in containers.Where(c => Daemon.Containers.Contains(c) && IsOrphan(c, project)))
            {
                StopAndRemove(c, err);
            }
        }
        foreach ((string key, string name) in networks)
        {
            RemoveNetwork(projectName, key, name, err);
        }
        if (containers.Count == 0 && networks.Count == 0)
        {
            Warn(err, $"Warning: No resource found to remove for project \"{projectName}\".");
        }
    }

    /// <summary>A container of the project whose service the model does not have (compose's isOrphaned).</summary>
    private bool IsOrphan(Container c, ComposeProject? project)
    {
        if (Labels(c).GetValueOrDefault(ComposeLabels.OneOff) == "True")
        {
            return !c.Running;
        }
        string service = ServiceOf(c);
        return project is not null && !project.Services.Any(s => s.Name == service) && !project.DisabledServices.Contains(service);
    }

    /// <summary>Services in dependency order from the depends_on labels (a project rebuilt from its containers).</summary>
    private List<string> OrderFromLabels(List<Container> containers)
    {
        var deps = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Container c in containers)
        {
            string label = Labels(c).GetValueOrDefault(ComposeLabels.DependsOn) ?? "";
            deps[ServiceOf(c)] = label.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Split(':')[0]).ToList();
        }
        var order = new List<string>();
        while (order.Count < deps.Count)
        {
            string next = deps.Keys.Where(s => !order.Contains(s)).FirstOrDefault(s => deps[s].All(d => order.Contains(d) || !deps.ContainsKey(d)))
                ?? deps.Keys.First(s => !order.Contains(s));
            order.Add(next);
        }
        return order;
    }

    private void StopAndRemove(Container c, TextWriter err)
    {
        string id = "Container " + c.Name;
        Event(err, id, "Stopping");
        Daemon.StopContainer(c);
        Event(err, id, "Stopped");
        Event(err, id, "Removing");
        Daemon.RemoveContainer(c, force: true);
        _labels.Remove(c.Id);
        Event(err, id, "Removed");
    }

    /// <summary>compose's removeNetwork: the networks labelled with the project and the key, by name.</summary>
    private void RemoveNetwork(string projectName, string key, string name, TextWriter err)
    {
        List<DockerNetwork> labelled = Daemon.Networks.Where(n => n.Labels.GetValueOrDefault(ComposeLabels.Project) == projectName
            && n.Labels.GetValueOrDefault(ComposeLabels.Network) == key).ToList();
        if (labelled.Count == 0)
        {
            return;
        }
        string id = "Network " + name;
        Event(err, id, "Removing");
        int found = 0;
        foreach (DockerNetwork n in labelled.Where(n => n.Name == name))
        {
            found++;
            if (n.Endpoints.Count > 0)
            {
                Event(err, id, "Resource is still in use");
                continue;
            }
            try
            {
                Daemon.RemoveNetwork(n);
            }
            catch (DockerException e)
            {
                Event(err, id, "Error");
                throw new ComposeException($"failed to remove network {name}: {e.Message}", ComposeException.Failure);
            }
            Event(err, id, "Removed");
        }
        if (found == 0)
        {
            Event(err, id, "No resource found to remove");
        }
    }
}
