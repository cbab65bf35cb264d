namespace VNetEmu.Netfilter.Parsing;

/// <summary>A long option getopt_long knows: <paramref name="Owner"/> is the extension that registered it (null for
/// iptables' own options, whose <paramref name="Code"/> is the short option letter).</summary>
internal sealed record LongOption(string Name, ArgumentKind Argument, int Code, ExtensionParser? Owner = null);

/// <summary>getopt's has_arg.</summary>
internal enum ArgumentKind
{
    None = 0,
    Required = 1,
    Optional = 2,
}
