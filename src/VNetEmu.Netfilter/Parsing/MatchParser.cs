using VNetEmu.Netfilter.Matches;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>Parses the options of one <c>-m NAME</c> and builds the match.</summary>
internal abstract class MatchParser : ExtensionParser
{
    protected MatchParser(string name)
        : base(name)
    {
    }

    public abstract Match Build();
}
