using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>env</c> and <c>printenv [NAME…]</c> (GNU coreutils): the process's environment, one
/// <c>NAME=value</c> a line in the order the variables were set.</summary>
public static class EnvCommand
{
    public static int Run(CommandContext ctx, IReadOnlyDictionary<string, string> environment, TextWriter o, TextWriter e)
    {
        var names = ctx.Args.Skip(1).ToList();
        if (ctx.Program == "printenv")
        {
            if (names.Count == 0)
            {
                Print(environment, o);
                return 0;
            }
            int code = 0;
            foreach (string n in names)
            {
                if (environment.TryGetValue(n, out string? v))
                {
                    o.Write(v + "\n");
                }
                else
                {
                    code = 1;
                }
            }
            return code;
        }
        if (names.Count > 0)
        {
            e.Write($"env: running a command under env is not emulated: '{names[0]}'\n");
            return 125;
        }
        Print(environment, o);
        return 0;
    }

    private static void Print(IReadOnlyDictionary<string, string> environment, TextWriter o)
    {
        foreach (var (k, v) in environment)
        {
            o.Write($"{k}={v}\n");
        }
    }
}
