namespace VNetEmu.Netfilter.Targets;

/// <summary>The standard verdicts a rule can end with.</summary>
public enum Verdict : byte
{
    Accept,
    Drop,
    Return,
}
