namespace VNetEmu.Engine.Time;

/// <summary>Holds at most one pending timer: setting a new one cancels the old.</summary>
public struct TimerEntryHandle
{
    private TimerEntry? _entry;

    public void Set(TimerEntry entry)
    {
        _entry?.Cancel();
        _entry = entry;
    }

    public void Cancel()
    {
        _entry?.Cancel();
        _entry = null;
    }
}
