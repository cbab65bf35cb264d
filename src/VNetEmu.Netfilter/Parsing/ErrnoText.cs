namespace VNetEmu.Netfilter.Parsing;

/// <summary>strerror() and iptables-nft's nft_strerror(): the second maps errno per failing operation.</summary>
internal static class ErrnoText
{
    public static string StrError(Errno errno) => errno switch
    {
        Errno.None => "Success",
        Errno.ENOENT => "No such file or directory",
        Errno.ENXIO => "No such device or address",
        Errno.E2BIG => "Argument list too long",
        Errno.ENOMEM => "Cannot allocate memory",
        Errno.EBUSY => "Device or resource busy",
        Errno.EEXIST => "File exists",
        Errno.EINVAL => "Invalid argument",
        Errno.EMLINK => "Too many links",
        Errno.ENOTEMPTY => "Directory not empty",
        Errno.ELOOP => "Too many levels of symbolic links",
        Errno.EOPNOTSUPP => "Operation not supported",
        _ => $"Unknown error {(int)errno}",
    };

    /// <summary>nft_strerror(): the message for <paramref name="errno"/> when <paramref name="operation"/> failed.</summary>
    public static string NftStrError(NftOperation operation, Errno errno) => (operation, errno) switch
    {
        (NftOperation.ChainDelete, Errno.ENOTEMPTY) => "Chain is not empty",
        (NftOperation.ChainDelete, Errno.EBUSY) => "Directory not empty",
        (NftOperation.ChainDelete, Errno.EMLINK) => "Can't delete chain with references left",
        (NftOperation.ChainUserAdd, Errno.EEXIST) => "Chain already exists",
        (NftOperation.ChainUserRename, Errno.EEXIST) => "File exists",
        (NftOperation.RuleInsert, Errno.E2BIG) => "Index of insertion too big",
        (NftOperation.RuleCheck, Errno.ENOENT) => "Bad rule (does a matching rule exist in that chain?)",
        (NftOperation.RuleReplace, Errno.E2BIG) => "Index of replacement too big",
        (NftOperation.RuleDeleteNumber, Errno.E2BIG) => "Index of deletion too big",
        (NftOperation.RuleDelete, Errno.ENOENT) => "Bad rule (does a matching rule exist in that chain?)",
        (NftOperation.ChainSet, Errno.ENOENT) => "Bad built-in chain name",
        (NftOperation.ChainSet, Errno.EINVAL) => "Bad policy name",
        (NftOperation.ChainSet, Errno.ENXIO) => "Bad table name",
        (_, Errno.ELOOP) => "Loop found in table",
        (_, Errno.ENOMEM) => "Memory allocation problem",
        (_, Errno.ENOENT) => "No chain/target/match by that name",
        _ => StrError(errno),
    };
}
