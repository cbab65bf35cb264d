using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Host;

/// <summary>Which family of command-line tools answers inside a userspace: the host's GNU/iproute2/iputils ones, or
/// busybox's (alpine, busybox images), whose output formats differ.</summary>
public enum ToolFamily
{
    Gnu,
    Busybox,
}

/// <summary>What a process sees besides the network: its files (a mount namespace: <c>/etc/hosts</c>,
/// <c>/etc/resolv.conf</c>, <c>/etc/hostname</c>), its hostname, its environment and the tool family of its image.
/// The host has one; each Docker container has its own. <c>/proc/sys</c> and <c>/sys/class/net</c> are served live
/// from the network namespace the process runs in (<see cref="Emulator.ReadFile"/>).</summary>
public sealed class Userspace(string hostname, ToolFamily tools)
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public string Hostname { get; set; } = hostname;
    public ToolFamily Tools { get; } = tools;
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The network namespace this userspace's processes run in by default (a container's, or the host's).</summary>
    public NetNamespace? Network { get; set; }

    public IEnumerable<string> Paths => _files.Keys;

    public string? Read(string path) => _files.GetValueOrDefault(Normalize(path));

    public void Write(string path, string content) => _files[Normalize(path)] = content;

    public bool Delete(string path) => _files.Remove(Normalize(path));

    public bool Exists(string path) => _files.ContainsKey(Normalize(path));

    /// <summary>True when some file lives below <paramref name="path"/> (it names a directory).</summary>
    public bool IsDirectory(string path)
    {
        string prefix = Normalize(path).TrimEnd('/') + "/";
        foreach (string p in _files.Keys)
        {
            if (p.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static string Normalize(string path)
    {
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>The /etc/hosts block Docker and Debian start from.</summary>
    public const string LocalhostBlock = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
}
