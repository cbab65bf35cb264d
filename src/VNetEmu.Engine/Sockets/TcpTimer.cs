using VNetEmu.Engine.Time;

namespace VNetEmu.Engine.Sockets;

/// <summary>One restartable timer of a TCP socket (retransmit, delayed ACK, TIME_WAIT). Moving it later — what
/// every ACK does to the retransmit timer — costs no allocation: the queued entry fires early and re-arms itself
/// for the remaining time, like sk_reset_timer on a pending timer.</summary>
internal sealed class TcpTimer
{
    private readonly World _world;
    private readonly Action _callback;
    private readonly Action _fire;
    private TimerEntry? _entry;

    public TcpTimer(World world, Action callback)
    {
        _world = world;
        _callback = callback;
        _fire = Fire;
    }

    /// <summary>Due time in virtual ns; -1 when stopped.</summary>
    public long Due { get; private set; } = -1;
    public bool IsArmed => Due >= 0;

    public void Set(long delayNs)
    {
        long due = _world.Now + delayNs;
        Due = due;
        if (_entry is { Cancelled: false } entry && entry.Due <= due)
        {
            return;
        }
        _entry?.Cancel();
        _entry = _world.ScheduleAt(due, _fire);
    }

    public void Stop()
    {
        Due = -1;
        _entry?.Cancel();
        _entry = null;
    }

    private void Fire()
    {
        _entry = null;
        if (Due < 0)
        {
            return;
        }
        if (Due > _world.Now)
        {
            _entry = _world.ScheduleAt(Due, _fire);
            return;
        }
        Due = -1;
        _callback();
    }
}
