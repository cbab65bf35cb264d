namespace VNetEmu.Netfilter.Targets;

/// <summary><c>-j ACCEPT</c>, <c>-j DROP</c>, <c>-j RETURN</c>.</summary>
public sealed record VerdictTarget(Verdict Verdict) : Target
{
    public static readonly VerdictTarget Accept = new(Verdict.Accept);
    public static readonly VerdictTarget Drop = new(Verdict.Drop);
    public static readonly VerdictTarget Return = new(Verdict.Return);

    public override string Name => Verdict switch
    {
        Verdict.Accept => "ACCEPT",
        Verdict.Drop => "DROP",
        _ => "RETURN",
    };
}
