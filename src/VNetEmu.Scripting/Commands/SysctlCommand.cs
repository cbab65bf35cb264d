using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`sysctl [-w] [-q] [-n] KEY[=VALUE]…` (procps-ng).</summary>
public static class SysctlCommand
{
    public static ScriptProcess Create(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        bool quiet = false, valuesOnly = false;
        int status = 0;
        var sysctls = ctx.Emulator.Sysctls;
        foreach (string arg in ctx.Args.Skip(1))
        {
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                foreach (char c in arg[1..])
                {
                    switch (c)
                    {
                        case 'q':
                            quiet = true;
                            break;
                        case 'n':
                            valuesOnly = true;
                            break;
                        case 'w' or 'e':
                            break;
                        default:
                            e.Write($"sysctl: invalid option -- '{c}'\n");
                            return 2;
                    }
                }
                continue;
            }
            int eq = arg.IndexOf('=');
            string key = (eq < 0 ? arg : arg[..eq]).Replace('/', '.');
            string path = "/proc/sys/" + key.Replace('.', '/');
            if (eq < 0)
            {
                string? value = sysctls.Get(ctx.Namespace, key);
                if (value is null)
                {
                    e.Write($"sysctl: cannot stat {path}: No such file or directory\n");
                    status = 255;
                    continue;
                }
                o.Write(valuesOnly ? value + "\n" : $"{key} = {value}\n");
                continue;
            }
            string newValue = arg[(eq + 1)..];
            try
            {
                if (!sysctls.Set(ctx.Namespace, key, newValue))
                {
                    e.Write($"sysctl: cannot stat {path}: No such file or directory\n");
                    status = 255;
                    continue;
                }
            }
            catch (CommandException ex)
            {
                e.Write(ex.Message + "\n");
                status = ex.ExitCode;
                continue;
            }
            if (!quiet)
            {
                o.Write(valuesOnly ? newValue + "\n" : $"{key} = {newValue}\n");
            }
        }
        return status;
    });
}
