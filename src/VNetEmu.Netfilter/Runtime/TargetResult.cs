namespace VNetEmu.Netfilter.Runtime;

/// <summary>What an extension target tells the chain walk (XT_CONTINUE or a final verdict).</summary>
public enum TargetResult : byte
{
    Continue,
    Accept,
    Drop,

    /// <summary>The target took the packet (REJECT already answered and the packet is to be freed).</summary>
    Stolen,
}
