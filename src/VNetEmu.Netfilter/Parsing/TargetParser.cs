using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>Parses the options of <c>-j NAME</c> and builds the target.</summary>
internal abstract class TargetParser : ExtensionParser
{
    protected TargetParser(string name)
        : base(name)
    {
    }

    public abstract Target Build();
}
