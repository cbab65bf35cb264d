using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>What the kernel's checkentry sees for a rule being added: its table, the hook of its chain when that is a
/// base chain (0 for a user chain, whose hooks are only known through the jumps that reach it), its protocol, and the
/// namespace's sets and accounting objects.</summary>
internal readonly record struct KernelContext(
    string Table,
    uint HookMask,
    byte Protocol,
    bool ProtocolInverted,
    NetfilterState State);
