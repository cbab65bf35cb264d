using VNetEmu.Engine.Namespaces;

namespace VNetEmu.Host.Apps;

/// <summary>A server program of an emulated image (nginx, httpd, redis, a DNS resolver): started in a namespace with a
/// process's userspace, stopped when its container stops. <see cref="Logs"/> is what it wrote to stdout/stderr
/// (`docker logs`), one line per entry.</summary>
public interface IServerApp
{
    /// <summary>Binds its sockets; throws <see cref="CommandException"/> when it cannot (the text a real server
    /// prints, e.g. "bind: Address in use").</summary>
    void Start(Emulator emulator, NetNamespace ns, Userspace userspace);

    void Stop();

    IReadOnlyList<string> Logs { get; }
}
