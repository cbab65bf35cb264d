namespace VNetEmu.Netfilter.Parsing;

/// <summary>The iptables-nft function that failed last (its <c>nft_fn</c>), which picks the error text.</summary>
internal enum NftOperation
{
    None,
    ChainDelete,
    ChainUserAdd,
    ChainUserRename,
    ChainSet,
    RuleAppend,
    RuleInsert,
    RuleCheck,
    RuleReplace,
    RuleDelete,
    RuleDeleteNumber,
    RuleFlush,
    TableFlush,
}
