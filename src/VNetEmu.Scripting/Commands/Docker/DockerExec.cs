using VNetEmu.Docker;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker exec [-i] [-t] [-e K=V] [-w DIR] C CMD…`: runs CMD in the container's namespace and
/// userspace (its files, hostname and tool family), as `nsenter` into a container would.</summary>
public static class DockerExec
{
    private static readonly HashSet<string> s_valued = ["-e", "--env", "-w", "--workdir", "-u", "--user", "--env-file"];
    private static readonly HashSet<string> s_booleans = ["-i", "--interactive", "-t", "--tty", "-d", "--detach", "--privileged"];

    public static ScriptProcess Create(CommandContext ctx)
    {
        Container c;
        DockerArgs a;
        try
        {
            a = DockerArgs.Parse(ctx.Args.Skip(2).ToList(), s_valued, s_booleans, stopAtPositional: true, "docker exec");
            if (a.Positional.Count < 2)
            {
                throw new DockerException("\"docker exec\" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container");
            }
            DockerDaemon daemon = DockerCommand.Daemon(ctx);
            c = daemon.GetContainer(a.Positional[0]);
            if (!c.Running)
            {
                throw DockerException.Daemon($"Container {c.Id} is not running");
            }
        }
        catch (DockerException e)
        {
            return new InstantProcess((_, err) =>
            {
                err.Write(e.Message + "\n");
                return e.ExitCode;
            });
        }
        List<string> argv = a.Positional.Skip(1).ToList();
        return Shell.Create(ctx with { Namespace = c.Namespace!, Args = argv, Userspace = c.Userspace });
    }
}
