namespace VNetEmu.Netfilter.Parsing;

/// <summary>Pieces of rule parsing shared by the command line and the extensions.</summary>
internal static class RuleParsing
{
    /// <summary>xtables_parse_interface(): names are limited to 15 characters; '/' and ' ' only draw a warning.</summary>
    public static string ParseInterface(string name, TextWriter? stderr = null)
    {
        if (name.Length + 1 > 16)
        {
            Fail.Parameter($"interface name `{name}' must be shorter than IFNAMSIZ (15)");
        }
        if (name.Contains('/') || name.Contains(' '))
        {
            stderr?.Write($"Warning: weird character in interface `{name}' ('/' and ' ' are not allowed by the kernel).\n");
        }
        return name;
    }
}
