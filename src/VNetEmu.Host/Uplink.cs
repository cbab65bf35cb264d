namespace VNetEmu.Host;

/// <summary>What the emulated host's uplink is.</summary>
public enum Uplink
{
    /// <summary>`eth0` 192.0.2.10/24 on the emulated LAN (router, resolver, web server, client): see <see cref="Lan"/>.</summary>
    Lan,

    /// <summary>No uplink: the upstream resolver 192.0.2.53 sits on the host's own `lo`, as in the recorded
    /// Docker goldens (../shared/reference/docker-goldens).</summary>
    None,
}
