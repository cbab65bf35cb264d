namespace VNetEmu.Netfilter.Parsing;

/// <summary>How iptables-restore cuts a rule line into arguments (add_param_to_argv): blanks separate, double quotes
/// group, and inside quotes a backslash escapes the next character.</summary>
internal static class RestoreLine
{
    public static List<string> Split(string text)
    {
        var args = new List<string>();
        var param = new System.Text.StringBuilder();
        bool quoteOpen = false, escaped = false;
        foreach (char c in text)
        {
            if (quoteOpen)
            {
                if (escaped)
                {
                    param.Append(c);
                    escaped = false;
                    continue;
                }
                if (c == '\\')
                {
                    escaped = true;
                    continue;
                }
                if (c == '"')
                {
                    quoteOpen = false;
                }
                else
                {
                    param.Append(c);
                    continue;
                }
            }
            else if (c == '"')
            {
                quoteOpen = true;
                continue;
            }
            switch (c)
            {
                case '"':
                    break;
                case ' ' or '\t' or '\n':
                    if (param.Length == 0)
                    {
                        continue;
                    }
                    break;
                default:
                    param.Append(c);
                    continue;
            }
            args.Add(param.ToString());
            param.Clear();
        }
        if (param.Length > 0)
        {
            args.Add(param.ToString());
        }
        return args;
    }
}
