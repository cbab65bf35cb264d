namespace VNetEmu.Docker;

/// <summary>What a user-defined image is (`vnet image NAME [--http PORT] [--body TEXT] [--proxy URL] [--expose
/// PORT[/udp]]…`): the port its main process serves HTTP on (null: no server, the image is a busybox shell), the body
/// it serves or the URL it proxies every request to, and the ports it EXPOSEs besides the HTTP one ("8080/tcp").</summary>
public sealed record AppSpec(ushort? HttpPort, string? Body, string? ProxyUrl, IReadOnlyList<string> Expose);
