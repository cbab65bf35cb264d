namespace VNetEmu.Engine.Sockets;

/// <summary>The bytes a TCP socket was given and the peer has not acknowledged yet: a ring of fixed capacity
/// (allocated at the first write), so sending, retransmitting and acknowledging never allocate. Offset 0 is the
/// oldest unacknowledged byte.</summary>
internal sealed class TcpSendBuffer(int capacity)
{
    private byte[]? _ring;
    private int _head;

    public int Capacity { get; } = capacity;
    public int Count { get; private set; }
    public int Free => Capacity - Count;

    /// <summary>Appends as much of <paramref name="data"/> as fits; returns how much that was.</summary>
    /// <summary>Gives the memory back once nothing in it can be sent again (TIME_WAIT, closed).</summary>
    public void Release()
    {
        _ring = null;
        _head = 0;
        Count = 0;
    }

    public int Append(ReadOnlySpan<byte> data)
    {
        int n = Math.Min(data.Length, Free);
        if (n == 0)
        {
            return 0;
        }
        byte[] ring = _ring ??= new byte[Capacity];
        int tail = (_head + Count) % ring.Length;
        int first = Math.Min(n, ring.Length - tail);
        data[..first].CopyTo(ring.AsSpan(tail));
        data[first..n].CopyTo(ring);
        Count += n;
        return n;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting <paramref name="offset"/> bytes after
    /// the head; the caller keeps offset + length within <see cref="Count"/>.</summary>
    public void CopyTo(int offset, Span<byte> destination)
    {
        if (destination.IsEmpty || _ring is not { } ring)
        {
            return;
        }
        int start = (_head + offset) % ring.Length;
        int first = Math.Min(destination.Length, ring.Length - start);
        ring.AsSpan(start, first).CopyTo(destination);
        ring.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>Drops <paramref name="count"/> acknowledged bytes from the head.</summary>
    public void Consume(int count)
    {
        if (count > 0)
        {
            _head = (_head + count) % Capacity;
            Count -= count;
        }
    }
}
