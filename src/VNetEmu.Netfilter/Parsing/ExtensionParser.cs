namespace VNetEmu.Netfilter.Parsing;

/// <summary>The parsing half of a match or target extension: its option table, the options seen so far (mflags) and
/// the final check. Each match and target file has one, next to the value it builds.</summary>
internal abstract class ExtensionParser
{
    protected ExtensionParser(string name)
    {
        Name = name;
    }

    /// <summary>The extension's name as it appears in its error messages ("tcp", "DNAT", "state").</summary>
    public string Name { get; }

    public abstract IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Where the extension prints warnings (iptables' stderr).</summary>
    public virtual TextWriter? Diagnostics { get; set; }

    /// <summary>Bits of the option ids given so far (mflags / tflags / cb->xflags).</summary>
    public uint Flags { get; set; }

    /// <summary>Handles one option; the default runs the generic checks and argument parsing only.</summary>
    public virtual void Parse(OptionCall call) => OptionParsing.Parse(call);

    /// <summary>The extension's own final check (x6_fcheck / final_check).</summary>
    protected virtual void Check()
    {
    }

    /// <summary>xtables_option_mfcall/tfcall: the extension's check, then the generic mandatory/also/excl checks.</summary>
    public void FinalCheck()
    {
        Check();
        if (Options.Count > 0 && Options[0].Type is not OptionType.Legacy and not OptionType.LegacyNone)
        {
            OptionParsing.FinalCheck(Name, Flags, Options);
        }
    }
}
