using VNetEmu.Engine.Devices;

namespace VNetEmu.Engine.Ip;

/// <summary>One on/off key of net.ipv4.conf (struct ipv4_devconf): its `all` value, its `default` value and the
/// values written for single devices. A device never written follows `default`: the kernel copies `default` into a
/// new device and, on every write of `default`, into each device whose own key was never written
/// (devinet_copy_dflt_conf).</summary>
public sealed class DevConfFlag(bool initial)
{
    private readonly Dictionary<NetDevice, bool> _devices = [];

    public bool All { get; set; } = initial;
    public bool Default { get; set; } = initial;

    /// <summary>net.ipv4.conf.DEV.KEY.</summary>
    public bool Of(NetDevice device) => _devices.TryGetValue(device, out bool value) ? value : Default;

    public void Set(NetDevice device, bool value) => _devices[device] = value;

    /// <summary>IN_DEV_ORCONF: on if `all` or the device says so (send_redirects, secure_redirects, shared_media).</summary>
    public bool AnyOn(NetDevice device) => All || Of(device);

    /// <summary>IN_DEV_ANDCONF: on only if `all` and the device both say so (accept_redirects on a router).</summary>
    public bool BothOn(NetDevice device) => All && Of(device);
}
