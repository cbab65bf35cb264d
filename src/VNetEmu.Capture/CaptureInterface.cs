namespace VNetEmu.Capture;

/// <summary>An interface of a capture: the one of a pcap file, or a pcapng Interface Description Block.</summary>
/// <param name="Id">Index into <see cref="CaptureReader.Interfaces"/>, counted across all sections of the file.</param>
/// <param name="Name">The pcapng if_name option, or null.</param>
/// <param name="LinkType">The link type in the file, also when the reader converts its frames to Ethernet.</param>
/// <param name="SnapLength">The snap length in the file; 0 means no limit in pcapng.</param>
public sealed record CaptureInterface(int Id, string? Name, ushort LinkType, int SnapLength);
