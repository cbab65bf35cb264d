namespace VNetEmu.Capture;

/// <summary>One frame read by <see cref="CaptureReader"/>. <paramref name="Data"/> points into the reader's buffer
/// and stays valid only until the next <see cref="CaptureReader.TryReadNext"/> call.</summary>
/// <param name="InterfaceId">Index into <see cref="CaptureReader.Interfaces"/>.</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch.</param>
/// <param name="Data">The captured bytes (at most the snap length).</param>
/// <param name="OriginalLength">The length the frame had on the wire.</param>
/// <param name="Comment">The pcapng opt_comment of the packet, or null.</param>
public readonly record struct CapturedFrame(
    int InterfaceId, long TimestampNs, ReadOnlyMemory<byte> Data, int OriginalLength, string? Comment);
