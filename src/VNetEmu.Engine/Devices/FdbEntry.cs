using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>One forwarding-database entry: where a MAC was last seen, or a permanent local address.</summary>
public sealed class FdbEntry(MacAddress mac, NetDevice port, bool isLocal, bool isStatic, long updatedNs)
{
    public MacAddress Mac { get; } = mac;
    public NetDevice Port { get; internal set; } = port;

    /// <summary>An address of the bridge or of one of its ports: frames to it go up to the host.</summary>
    public bool IsLocal { get; } = isLocal;

    /// <summary>Added by `bridge fdb add … static`: never ages.</summary>
    public bool IsStatic { get; } = isStatic;
    public long UpdatedNs { get; internal set; } = updatedNs;
}
