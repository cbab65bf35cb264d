using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Model;

/// <summary><c>[!] -s/-d address/mask</c>. The address has its host bits cleared, as iptables stores it; the mask may
/// be non-contiguous (<c>-s 10.0.0.0/255.0.255.0</c>). <c>default</c> matches any address.</summary>
public readonly record struct AddressMatch(Ipv4Address Address, uint Mask, bool Inverted)
{
    public bool IsAny => Mask == 0 && Address.Value == 0 && !Inverted;

    public bool Matches(Ipv4Address address) => ((address.Value & Mask) == Address.Value) != Inverted;
}
