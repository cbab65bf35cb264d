namespace VNetEmu.Netfilter.Model;

/// <summary>The five IPv4 netfilter hooks, numbered as the kernel numbers them (<c>NF_INET_*</c>).</summary>
public enum NetfilterHook : byte
{
    PreRouting = 0,
    Input = 1,
    Forward = 2,
    Output = 3,
    PostRouting = 4,
}
