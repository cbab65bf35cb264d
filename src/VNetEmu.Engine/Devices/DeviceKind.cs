namespace VNetEmu.Engine.Devices;

/// <summary>The link kinds `ip link add … type KIND` can create, plus loopback.</summary>
public enum DeviceKind : byte
{
    Loopback,
    Veth,
    Bridge,
}
