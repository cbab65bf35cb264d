using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary><c>iptables</c> (v1.8.9, nf_tables): runs one command line against a namespace's netfilter state and
/// prints what the real tool prints, returning its exit code.</summary>
public static class IptablesCommand
{
    /// <summary>Runs <c>iptables ARGS</c> (<paramref name="args"/> without the program name).</summary>
    public static int Run(NetfilterState state, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            ParsedCommand p = CommandParser.Parse(args, state, restore: false, stderr, "iptables");
            if (p.ImmediateOutput is not null)
            {
                stdout.Write(p.ImmediateOutput);
                return 0;
            }
            if (!Table.IsKnown(p.Table))
            {
                Fail.Version($"table '{p.Table}' does not exist");
            }
            List<NftCommand> commands = CommandQueue.Build(p, 0, stdout);
            var executor = new NftExecutor(state, p.Table, stdout);
            foreach (NftCommand command in commands)
            {
                if (!command.Run(executor))
                {
                    Errno errno = executor.Errno == Errno.None ? Errno.ENOENT : executor.Errno;
                    string dmesg = errno == Errno.EINVAL ? " Run `dmesg' for more information." : "";
                    stderr.Write($"iptables: {ErrnoText.NftStrError(executor.Operation, errno)}.{dmesg}\n");
                    return 1;
                }
            }
            if (executor.KernelErrors.Count > 0)
            {
                Fail.Resource(executor.KernelErrors[0].Text);
            }
            executor.Commit();
            return 0;
        }
        catch (IptablesException e)
        {
            return e.Write(stderr, "iptables", -1);
        }
    }
}
