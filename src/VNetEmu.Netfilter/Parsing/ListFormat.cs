namespace VNetEmu.Netfilter.Parsing;

/// <summary>libxtables' FMT_* flags for rule listings.</summary>
[Flags]
internal enum ListFormat
{
    None = 0,
    Numeric = 0x0001,
    NoCounts = 0x0002,
    KiloMegaGiga = 0x0004,
    Options = 0x0008,
    NoTable = 0x0010,
    NoTarget = 0x0020,
    Via = 0x0040,
    NoNewline = 0x0080,
    LineNumbers = 0x0100,

    /// <summary>FMT_PRINT_RULE: how -v prints a rule being added or deleted.</summary>
    PrintRule = NoCounts | Options | Via | Numeric | NoTable,
}
