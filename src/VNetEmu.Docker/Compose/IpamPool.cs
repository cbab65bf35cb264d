namespace VNetEmu.Docker.Compose;

/// <summary>One <c>ipam.config</c> entry.</summary>
public sealed record IpamPool(string? Subnet, string? Gateway, string? IpRange);
