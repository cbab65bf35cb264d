namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip` global options that change output.</summary>
public sealed class IpOptions
{
    public bool Brief { get; set; }
    public bool Details { get; set; }
    public int Stats { get; set; }
    public bool OneLine { get; set; }

    /// <summary>-4 / -6: 4 or 6; 0 for both.</summary>
    public int Family { get; set; }
}
