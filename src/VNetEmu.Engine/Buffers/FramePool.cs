namespace VNetEmu.Engine.Buffers;

/// <summary>A free list of <see cref="Frame"/>s. Single-threaded (one world runs on one core), so no locks.
/// <see cref="InUse"/> is the leak detector: every frame is delivered, dropped, or still queued.</summary>
public sealed class FramePool
{
    private readonly Stack<Frame> _free = new();

    public int InUse { get; private set; }
    public int Allocated { get; private set; }

    public Frame Rent()
    {
        Frame frame = _free.Count > 0 ? _free.Pop() : New();
        frame.Reset();
        InUse++;
        return frame;
    }

    private Frame New()
    {
        Allocated++;
        return new Frame(Frame.DefaultCapacity);
    }

    public void Return(Frame frame)
    {
        InUse--;
        frame.Trace = null;
        frame.Conntrack = null;
        _free.Push(frame);
    }

    /// <summary>A copy of <paramref name="frame"/> in a new buffer (flooding, multicast delivery).</summary>
    public Frame Clone(Frame frame)
    {
        Frame copy = Rent();
        frame.CopyTo(copy);
        return copy;
    }
}
