namespace VNetEmu.Netfilter.Parsing;

/// <summary>One option of an extension, as libxtables' struct xt_option_entry describes it.</summary>
/// <param name="Name">The long option name, without dashes.</param>
/// <param name="Id">Bit number in the extension's option flags (several names may share an id).</param>
/// <param name="Type">How the argument is parsed; <see cref="OptionType.Legacy"/> leaves everything to the extension,
/// like the old-style <c>parse</c> callbacks (tcp, sctp, set) that check nothing generically.</param>
/// <param name="Also">Ids that must be given as well (XTOPT also).</param>
/// <param name="Excl">Ids that must not be given together with this one.</param>
/// <param name="Min">Lower bound of an integer option (or minimum string length).</param>
/// <param name="Max">Upper bound of an integer option (or maximum string length); 0 for the type's maximum.</param>
/// <param name="StoreSize">For strings copied into a fixed buffer (XTOPT_PUT): the buffer size; longer strings are cut.</param>
internal sealed record OptionSpec(
    string Name,
    int Id,
    OptionType Type,
    OptionFlags Flags = OptionFlags.None,
    uint Also = 0,
    uint Excl = 0,
    ulong Min = 0,
    ulong Max = 0,
    int StoreSize = 0)
{
    public ArgumentKind Argument => Type switch
    {
        OptionType.None or OptionType.LegacyNone => ArgumentKind.None,
        _ => ArgumentKind.Required,
    };
}

internal enum OptionType
{
    None,
    String,
    UInt8,
    UInt16,
    UInt32,
    UInt16Range,
    UInt32Range,
    MarkMask,
    Double,
    Host,
    HostMask,
    Protocol,
    PortRange,
    SyslogLevel,
    Legacy,
    LegacyNone,
}

[Flags]
internal enum OptionFlags
{
    None = 0,
    Invert = 1,
    Mandatory = 2,
    Multi = 4,
}
