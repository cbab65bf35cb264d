using System.Text.Json.Nodes;
using VNetEmu.Docker;
using VNetEmu.Docker.Formatting;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>`docker …`: the client of the emulated dockerd. The daemon starts with the first command (docker0,
/// the host's rules, the LAN), as a real host's dockerd has started before anyone types.</summary>
public static class DockerCommand
{
    /// <summary>The daemon options of this emulator (set by `vnetemu run --docker-version/--userland-proxy`).</summary>
    public static DockerOptions Options(CommandContext ctx) => ctx.Emulator.Service(_ => new DockerOptions());

    public static DockerDaemon Daemon(CommandContext ctx)
    {
        DockerOptions options = Options(ctx);
        Emulator emulator = ctx.Emulator;
        return emulator.Service(e => new DockerDaemon(e, options, (c, argv) => new ScriptContainerProcess(emulator, c, argv)));
    }

    public static ScriptProcess Create(CommandContext ctx)
    {
        IReadOnlyList<string> a = ctx.Args;
        string sub = a.Count > 1 ? a[1] : "";
        return sub switch
        {
            "run" => new DockerRun(ctx, create: false),
            "create" => new DockerRun(ctx, create: true),
            "exec" => DockerExec.Create(ctx),
            "network" => Instant(ctx, DockerNetworkCommand.Run),
            "compose" => new DockerCompose(ctx),
            _ => Instant(ctx, DockerContainerCommands.Run),
        };
    }

    /// <summary>A docker command that finishes at once; <see cref="DockerException"/> becomes its stderr and exit code.</summary>
    public static ScriptProcess Instant(CommandContext ctx, Func<CommandContext, StringWriter, StringWriter, int> body) => new InstantProcess((o, e) =>
    {
        try
        {
            return body(ctx, o, e);
        }
        catch (DockerException x)
        {
            e.Write(x.Message + "\n");
            return x.ExitCode;
        }
        catch (GoTemplateException x)
        {
            e.Write(x.IsParseError ? x.DockerMessage + "\n" : x.Message + "\n");
            return x.IsParseError ? 64 : 1;
        }
    });

    /// <summary>Prints documents as `docker inspect` does (a JSON array, 4-space indent), or each through `-f`.</summary>
    public static void PrintInspect(StringWriter o, IReadOnlyList<JsonNode> docs, string? format)
    {
        if (format is null)
        {
            var array = new JsonArray();
            foreach (JsonNode d in docs)
            {
                array.Add(d.DeepClone());
            }
            o.Write(GoJson.Indent(array) + "\n");
            return;
        }
        GoTemplate t = GoTemplate.Parse(format);
        foreach (JsonNode d in docs)
        {
            o.Write(t.Execute(d) + "\n");
        }
    }
}
