namespace VNetEmu.Netfilter.Parsing;

/// <summary>The errno values netfilter operations fail with, and their <c>strerror</c> texts (glibc).</summary>
internal enum Errno
{
    None = 0,
    ENOENT = 2,
    ENXIO = 6,
    E2BIG = 7,
    ENOMEM = 12,
    EBUSY = 16,
    EEXIST = 17,
    EINVAL = 22,
    EMLINK = 31,
    ENOTEMPTY = 39,
    ELOOP = 40,
    EOPNOTSUPP = 95,
}
