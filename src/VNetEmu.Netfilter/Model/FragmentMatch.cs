namespace VNetEmu.Netfilter.Model;

/// <summary><c>-f</c> (second and later fragments only) and <c>! -f</c> (unfragmented packets and first fragments).</summary>
public enum FragmentMatch : byte
{
    Any,
    NonFirst,
    NotNonFirst,
}
