namespace VNetEmu.Netfilter.Parsing;

/// <summary>The exit statuses of libxtables' <c>xtables_error</c> (enum xtables_exittype).</summary>
internal enum XtablesStatus
{
    OtherProblem = 1,
    ParameterProblem = 2,
    VersionProblem = 3,
    ResourceProblem = 4,
}
