namespace VNetEmu.Netfilter.Model;

/// <summary>What a built-in chain does with a packet that reaches its end.</summary>
public enum ChainPolicy : byte
{
    Accept,
    Drop,
}
