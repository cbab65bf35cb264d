namespace VNetEmu.Engine.Time;

/// <summary>Timers on the virtual clock, ordered by due time then by insertion, so equal times run in the order
/// they were scheduled and every run of a script repeats exactly.</summary>
public sealed class EventQueue
{
    private readonly PriorityQueue<TimerEntry, (long Due, long Seq)> _queue = new();
    private long _seq;

    public int Count => _queue.Count;

    public TimerEntry Schedule(long due, Action action)
    {
        var entry = new TimerEntry(due, action);
        _queue.Enqueue(entry, (due, _seq++));
        return entry;
    }

    public bool TryPeekDue(out long due)
    {
        while (_queue.TryPeek(out TimerEntry? entry, out var priority))
        {
            if (!entry.Cancelled)
            {
                due = priority.Due;
                return true;
            }
            _queue.Dequeue();
        }
        due = 0;
        return false;
    }

    public TimerEntry? Dequeue() => _queue.TryDequeue(out TimerEntry? entry, out _) ? entry : null;
}

/// <summary>A scheduled action; <see cref="Cancel"/> makes it a no-op.</summary>
public sealed class TimerEntry(long due, Action action)
{
    public long Due { get; } = due;
    public Action Action { get; } = action;
    public bool Cancelled { get; private set; }

    public void Cancel() => Cancelled = true;
}
