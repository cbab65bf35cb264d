namespace VNetEmu.Netfilter.Parsing;

/// <summary>One option occurrence handed to an extension (libxtables' struct xt_option_call), with the argument already
/// parsed by its type.</summary>
internal sealed class OptionCall
{
    public OptionCall(ExtensionParser extension, OptionSpec spec, string? arg, bool invert, ParseContext context)
    {
        Extension = extension;
        Spec = spec;
        Arg = arg;
        Invert = invert;
        Context = context;
    }

    public ExtensionParser Extension { get; }

    public OptionSpec Spec { get; }

    public string? Arg { get; }

    public bool Invert { get; }

    public ParseContext Context { get; }

    public ulong UInt { get; set; }

    /// <summary>Values of a range option ("a:b"); <see cref="Count"/> of them were given.</summary>
    public ulong[] Range { get; } = new ulong[2];

    public int Count { get; set; }

    public uint Mark { get; set; }

    public uint Mask { get; set; }

    public double Double { get; set; }

    /// <summary>Host address and mask of a Host/HostMask option (host order).</summary>
    public uint HostAddress { get; set; }

    public uint HostMask { get; set; }

    public byte Protocol { get; set; }

    /// <summary>The argument as stored in a fixed-size buffer (cut to the buffer size).</summary>
    public string StoredString { get; set; } = "";

    public string ArgOrEmpty => Arg ?? "";
}
