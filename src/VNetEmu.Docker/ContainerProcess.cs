namespace VNetEmu.Docker;

/// <summary>A container's main process on the virtual clock (its command, or the app its image serves), started by
/// the host's process launcher: the daemon learns its exit and reads its output for `docker logs`.</summary>
public abstract class ContainerProcess
{
    /// <summary>Raised once, with the exit status, when the process ends by itself or is stopped.</summary>
    public event Action<int>? Exited;

    public bool HasExited { get; private set; }

    /// <summary>What it printed so far (stdout and stderr, in order).</summary>
    public abstract string Output { get; }

    /// <summary>Runs it (after the daemon has subscribed to <see cref="Exited"/>).</summary>
    public abstract void Start();

    /// <summary>SIGTERM (`docker stop`); exit status 137 when killed, 143 when terminated, as the process decides.</summary>
    public abstract void Stop();

    protected void OnExited(int code)
    {
        if (HasExited)
        {
            return;
        }
        HasExited = true;
        Exited?.Invoke(code);
    }
}
