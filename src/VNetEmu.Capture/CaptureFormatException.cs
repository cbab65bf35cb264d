namespace VNetEmu.Capture;

/// <summary>A capture file is truncated or corrupt. The message is one line naming the file, the byte offset of
/// the record or block at fault and what was expected there.</summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Byte offset from the start of the file of the record or block at fault.</summary>
    public long Offset { get; }
}
