namespace VNetEmu.Netfilter.Parsing;

/// <summary>An object of the nftables batch the kernel refused (mnl_append_error): "RULE_APPEND", its errno, what it
/// was ("rule in chain FORWARD") and the input line that created it (0 outside iptables-restore).</summary>
internal readonly record struct KernelError(string Operation, Errno Errno, string Subject, int Line)
{
    public string Text => Line != 0
        ? $"\nline {Line}: {Operation} failed ({ErrnoText.StrError(Errno)}): {Subject}"
        : $" {Operation} failed ({ErrnoText.StrError(Errno)}): {Subject}";
}
