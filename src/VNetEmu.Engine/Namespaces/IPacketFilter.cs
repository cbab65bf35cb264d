using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;

namespace VNetEmu.Engine.Namespaces;

/// <summary>The hook interface the engine calls at each netfilter hook; the Netfilter project implements it
/// (the engine cannot reference it). The frame's <see cref="Frame.NetworkOffset"/> points at the IPv4 header.
/// On <see cref="NfVerdict.Drop"/> the filter has already returned the frame to the pool (counted as a drop).</summary>
public interface IPacketFilter
{
    NfVerdict Hook(NfHook hook, Frame frame, NetDevice? input, NetDevice? output);

    /// <summary>An address left a device (MASQUERADE forgets the connections it made with it).</summary>
    void OnAddressRemoved(NetDevice device, Wire.Ipv4Address address);
}
