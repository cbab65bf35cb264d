namespace VNetEmu.Docker;

/// <summary>What a user-defined image serves (`vnet image NAME --http PORT [--body TEXT] [--proxy URL]`).</summary>
public sealed record AppSpec(ushort HttpPort, string? Body, string? ProxyUrl);
