using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Host;

/// <summary>A process of the emulated host as `ps`, `pidof` and `ss -p` see it: pid, command name, command line,
/// the network namespace it runs in, and the file descriptors it hands to its sockets.</summary>
public sealed class HostProcess
{
    private int _nextFd;

    internal HostProcess(int pid, int parentPid, string comm, string args, NetNamespace ns, int firstFd, DateTimeOffset started)
    {
        Started = started;
        Pid = pid;
        ParentPid = parentPid;
        Comm = comm;
        Args = args;
        Namespace = ns;
        _nextFd = firstFd;
    }

    public int Pid { get; }
    public int ParentPid { get; }

    /// <summary>When it started, on the virtual clock (`ps -o stime`).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>The command name (`ps -o comm`, `pidof`, `ss -p`): at most 15 characters, as the kernel keeps it.</summary>
    public string Comm { get; }

    /// <summary>The whole command line (`ps -o args`).</summary>
    public string Args { get; }
    public NetNamespace Namespace { get; }
    public bool Exited { get; internal set; }

    /// <summary>IPv6 sockets the process holds (docker-proxy binds `::` too). They are listed by `ss`, but no IPv6
    /// traffic is emulated, so nothing ever reaches them.</summary>
    public List<(string Protocol, ushort Port, int Fd)> Ipv6Sockets { get; } = [];

    /// <summary>The next free file descriptor (sockets take them in the order they are opened).</summary>
    public int NextFd() => _nextFd++;

    /// <summary>Marks a socket object (TcpListener, UdpSocket) as held by this process at <paramref name="fd"/>.</summary>
    public SocketOwner Own(int fd) => new(this, fd);
}

/// <summary>A socket's holder for `ss -p`: users:(("comm",pid=P,fd=F)).</summary>
public sealed record SocketOwner(HostProcess Process, int Fd);

/// <summary>The host's processes, in pid order. Pids are handed out upwards from 10000 (five digits, as on a host
/// that has been up a while; `ss` column widths depend on it), init is pid 1.</summary>
public sealed class ProcessTable
{
    private readonly List<HostProcess> _processes = [];
    private int _nextPid = 10000;

    private readonly Func<DateTimeOffset> _clock;

    public ProcessTable(NetNamespace root, Func<DateTimeOffset> clock)
    {
        _clock = clock;
        _processes.Add(new HostProcess(1, 0, "init", "/sbin/init", root, 3, clock()));
    }

    public IReadOnlyList<HostProcess> All => _processes;

    /// <summary>Starts a process: <paramref name="args"/> is its command line, its name the first word's file name.</summary>
    public HostProcess Start(string args, NetNamespace ns, int parentPid = 1, int firstFd = 3)
    {
        string first = args.Split(' ', 2)[0];
        string comm = first[(first.LastIndexOf('/') + 1)..];
        var p = new HostProcess(_nextPid, parentPid, comm.Length > 15 ? comm[..15] : comm, args, ns, firstFd, _clock());
        _nextPid += 7; // other tasks (threads, short-lived helpers) take pids in between
        _processes.Add(p);
        return p;
    }

    public void Exit(HostProcess? p)
    {
        if (p is not null && !p.Exited)
        {
            p.Exited = true;
            _processes.Remove(p);
        }
    }

    public HostProcess? Find(int pid) => _processes.Find(p => p.Pid == pid);
}
