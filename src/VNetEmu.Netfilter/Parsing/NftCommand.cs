namespace VNetEmu.Netfilter.Parsing;

/// <summary>One queued iptables-nft command (struct nft_cmd): it runs when the batch is prepared, which for
/// iptables-restore is at COMMIT, and remembers the input line it came from.</summary>
internal sealed record NftCommand(int Line, Func<NftExecutor, bool> Run);
