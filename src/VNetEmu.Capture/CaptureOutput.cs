using System.Numerics;

namespace VNetEmu.Capture;

/// <summary>The buffer the writers fill: one reserved span per record, one <see cref="Stream.Write(byte[], int, int)"/>
/// per 64 KiB, so writing a packet allocates nothing.</summary>
internal sealed class CaptureOutput(Stream stream, bool leaveOpen) : IDisposable
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _count;
    private bool _disposed;

    /// <summary>Reserves <paramref name="length"/> bytes at the end of the output; the caller fills every byte.</summary>
    public Span<byte> Reserve(int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_count + length > _buffer.Length)
        {
            WriteBuffered();
            if (length > _buffer.Length)
            {
                _buffer = new byte[(int)Math.Min(Array.MaxLength, (long)BitOperations.RoundUpToPowerOf2((uint)length))];
            }
        }
        Span<byte> span = _buffer.AsSpan(_count, length);
        _count += length;
        return span;
    }

    /// <summary>Hands the buffered bytes to the stream without flushing the stream itself.</summary>
    public void WriteBuffered()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_count > 0)
        {
            stream.Write(_buffer, 0, _count);
            _count = 0;
        }
    }

    public void Flush()
    {
        WriteBuffered();
        stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            if (!leaveOpen)
            {
                stream.Dispose();
            }
        }
    }
}
