using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>`ip` (iproute2 6.1): global options, then the object (abbreviations as iproute2 accepts them).</summary>
public static class IpCommand
{
    /// <summary>Parses `ip [-n NS] [-br] [-d] [-s] [-4] OBJECT …` and runs it.</summary>
    internal static ScriptProcess Create(CommandContext ctx, Func<CommandContext, ScriptProcess> dispatch)
    {
        var args = ctx.Args;
        int i = 1;
        var options = new IpOptions();
        NetNamespace ns = ctx.Namespace;
        while (i < args.Count && args[i].StartsWith('-') && args[i] != "-")
        {
            string o = args[i];
            switch (o)
            {
                case "-n" or "-netns" or "--netns":
                    if (i + 1 >= args.Count)
                    {
                        return Fail("No netns name specified", 255);
                    }
                    NetNamespace? target = ctx.Emulator.FindNamespace(args[i + 1]);
                    if (target is null)
                    {
                        return Fail($"Cannot open network namespace \"{args[i + 1]}\": No such file or directory", 255);
                    }
                    ns = target;
                    i += 2;
                    continue;
                case "-br" or "-brief":
                    options.Brief = true;
                    break;
                case "-d" or "-details":
                    options.Details = true;
                    break;
                case "-s" or "-stats" or "-statistics":
                    options.Stats++;
                    break;
                case "-4":
                    options.Family = 4;
                    break;
                case "-6":
                    options.Family = 6;
                    break;
                case "-o" or "-oneline":
                    options.OneLine = true;
                    break;
                case "-j" or "-json" or "-p" or "-pretty" or "-c" or "-color":
                    return Fail($"Option \"{o}\" is not supported by vnetemu yet.", 255);
                default:
                    return Fail($"Option \"{o}\" is unknown, try \"ip -help\".", 255);
            }
            i++;
        }
        if (i >= args.Count)
        {
            return Fail(Usage, 255);
        }
        string obj = args[i];
        var rest = args.Skip(i + 1).ToList();
        var ipctx = new IpContext(ctx with { Namespace = ns }, options, rest);
        if (Matches(obj, "netns"))
        {
            return IpNetnsCommand.Run(ipctx, dispatch);
        }
        return new InstantProcess((stdout, stderr) =>
        {
            ipctx.Out = stdout;
            try
            {
                if (Matches(obj, "link"))
                {
                    IpLinkCommand.Run(ipctx);
                }
                else if (Matches(obj, "address") || obj == "a" || obj == "addr")
                {
                    IpAddrCommand.Run(ipctx);
                }
                else if (Matches(obj, "route") || obj == "r" || obj == "ro")
                {
                    IpRouteCommand.Run(ipctx);
                }
                else if (Matches(obj, "neighbour") || Matches(obj, "neighbor") || obj == "n")
                {
                    IpNeighCommand.Run(ipctx);
                }
                else
                {
                    CommandException.Throw($"Object \"{obj}\" is unknown, try \"ip help\".", 1);
                }
                return 0;
            }
            catch (CommandException e)
            {
                stderr.Write(e.Message + "\n");
                return e.ExitCode;
            }
        });
    }

    private const string Usage = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }";

    /// <summary>iproute2's matches(): <paramref name="word"/> is a non-empty prefix of <paramref name="full"/>.</summary>
    public static bool Matches(string word, string full) => word.Length > 0 && full.StartsWith(word, StringComparison.Ordinal);

    private static ScriptProcess Fail(string message, int code) => new InstantProcess((_, err) =>
    {
        err.Write(message + "\n");
        return code;
    });
}
