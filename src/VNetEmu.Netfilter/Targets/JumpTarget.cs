namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j CHAIN</c> (come back at the end of it) or <c>-g CHAIN</c> (do not come back) to a user chain.</summary>
public sealed record JumpTarget(string Chain, bool IsGoto) : Target
{
    public override string Name => Chain;
}
