using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A process's stdout or stderr: text kept in chunks that remember the order they were written in across
/// every buffer, so that a shell copying a child's two streams into one (`2&gt;&amp;1`, a terminal) interleaves them
/// as they were printed (<see cref="Interleave"/>). Adjacent writes to the same buffer share one chunk.</summary>
public sealed class OutputBuffer
{
    // Per thread: an emulator runs on one thread, and emulators on other threads (parallel tests) must not disturb
    // its order or its coalescing.
    [ThreadStatic]
    private static long s_sequence;
    private readonly List<(long Sequence, StringBuilder Text)> _chunks = [];
    private int _length;

    public int Length => _length;

    public OutputBuffer Append(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }
        if (_chunks.Count > 0 && _chunks[^1].Sequence == s_sequence)
        {
            _chunks[^1].Text.Append(text); // nothing was written elsewhere in between
        }
        else
        {
            _chunks.Add((++s_sequence, new StringBuilder(text)));
        }
        _length += text.Length;
        return this;
    }

    public OutputBuffer Append(char c) => Append(c.ToString());

    public OutputBuffer Append(StringBuilder? text) => Append(text?.ToString());

    public OutputBuffer Append(object? value) => Append(value?.ToString());

    /// <summary>Appends another buffer's text keeping its write order (a wrapper passing its child's output on).</summary>
    public OutputBuffer Append(OutputBuffer? other)
    {
        if (other is null)
        {
            return this;
        }
        foreach (var (sequence, text) in other._chunks)
        {
            _chunks.Add((sequence, new StringBuilder(text.ToString())));
            _length += text.Length;
        }
        return this;
    }

    public void Clear()
    {
        _chunks.Clear();
        _length = 0;
    }

    public OutputBuffer Replace(string oldValue, string newValue)
    {
        for (int i = 0; i < _chunks.Count; i++)
        {
            string replaced = _chunks[i].Text.ToString().Replace(oldValue, newValue, StringComparison.Ordinal);
            _length += replaced.Length - _chunks[i].Text.Length;
            _chunks[i] = (_chunks[i].Sequence, new StringBuilder(replaced));
        }
        return this;
    }

    public override string ToString()
    {
        if (_chunks.Count == 1)
        {
            return _chunks[0].Text.ToString();
        }
        var sb = new StringBuilder(_length);
        foreach (var (_, text) in _chunks)
        {
            sb.Append(text);
        }
        return sb.ToString();
    }

    /// <summary>Hands the text of <paramref name="stdout"/> and <paramref name="stderr"/> to <paramref name="write"/>
    /// (true: stderr) in the order it was written, then empties both.</summary>
    public static void Interleave(OutputBuffer stdout, OutputBuffer stderr, Action<bool, string> write)
    {
        int i = 0, j = 0;
        while (i < stdout._chunks.Count || j < stderr._chunks.Count)
        {
            bool takeErr = i >= stdout._chunks.Count || (j < stderr._chunks.Count && stderr._chunks[j].Sequence < stdout._chunks[i].Sequence);
            if (takeErr)
            {
                write(true, stderr._chunks[j++].Text.ToString());
            }
            else
            {
                write(false, stdout._chunks[i++].Text.ToString());
            }
        }
        stdout.Clear();
        stderr.Clear();
    }
}
