namespace VNetEmu.Wire;

/// <summary>An IPv4 address with a prefix length, as written <c>10.1.0.1/24</c>. The address keeps its host bits
/// (an interface address); <see cref="Network"/> clears them.</summary>
public readonly record struct Ipv4Prefix(Ipv4Address Address, int Length)
{
    public uint Mask => Length == 0 ? 0 : uint.MaxValue << (32 - Length);
    public Ipv4Address Network => new(Address.Value & Mask);
    public Ipv4Address BroadcastAddress => new(Address.Value | ~Mask);

    public bool Contains(Ipv4Address address) => ((address.Value ^ Address.Value) & Mask) == 0;

    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Prefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        ReadOnlySpan<char> addressText = slash < 0 ? text : text[..slash];
        int length = 32;
        if (!Ipv4Address.TryParse(addressText, out Ipv4Address address))
        {
            return false;
        }
        // Digits only: int.TryParse alone also takes trailing NULs ("10.0.0.1/8\0").
        if (slash >= 0 && (text[(slash + 1)..].ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out length) || length > 32))
        {
            return false;
        }
        prefix = new Ipv4Prefix(address, length);
        return true;
    }

    public static Ipv4Prefix Parse(string text) =>
        TryParse(text, out Ipv4Prefix p) ? p : throw new FormatException($"invalid IPv4 prefix \"{text}\"");

    public override string ToString() => $"{Address}/{Length}";
}
