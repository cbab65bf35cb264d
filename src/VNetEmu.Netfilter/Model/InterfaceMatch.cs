namespace VNetEmu.Netfilter.Model;

/// <summary><c>[!] -i/-o name</c>; a trailing <c>+</c> matches every name with that prefix. <c>default</c> (no name)
/// matches any interface.</summary>
public readonly record struct InterfaceMatch(string? Name, bool Inverted)
{
    public bool IsAny => Name is null;

    public bool Matches(string interfaceName)
    {
        if (Name is null)
        {
            return true;
        }
        bool hit = Name.EndsWith('+')
            ? interfaceName.StartsWith(Name.AsSpan(0, Name.Length - 1), StringComparison.Ordinal)
            : string.Equals(Name, interfaceName, StringComparison.Ordinal);
        return hit != Inverted;
    }
}
