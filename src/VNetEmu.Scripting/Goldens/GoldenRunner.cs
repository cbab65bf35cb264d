using System.Text;
using VNetEmu.Docker;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Goldens;

/// <summary>One command of a recorded session and how the emulator's output compared with the recording.</summary>
public sealed record GoldenBlock(string Command, string Expected, string Actual)
{
    public bool Matches => Expected == Actual;
}

/// <summary>A replayed session: its blocks, the final iptables-save compared with the recorded one.</summary>
public sealed record GoldenResult(string Name, IReadOnlyList<GoldenBlock> Blocks, string? ExpectedTables, string ActualTables)
{
    public int Matched => Blocks.Count(b => b.Matches);

    /// <summary>True when the final tables match, or when the session recorded none (no iptables-save.txt).</summary>
    public bool TablesMatch => ExpectedTables is null || ExpectedTables == ActualTables;
    public bool Passed => Matched == Blocks.Count && TablesMatch;
}

/// <summary>Replays a real-dockerd session of ../shared/reference/docker-goldens on an emulated host prepared as
/// the recording host was (no uplink, the upstream resolver 192.0.2.53 on its <c>lo</c>, busybox images), command by
/// command, and compares each command's normalized output with the recording. The recording's daemon ran in a
/// named namespace <c>dk</c>: the emulated host's namespace is attached as <c>dk</c> (`ip netns attach dk 1`), and the
/// commands run as recorded in a namespace of their own (the recording machine's root); <c>cpid C</c> is the
/// container's pid, <c>upstream_log</c> prints the queries the upstream resolver received.</summary>
public static class GoldenRunner
{
    public static GoldenResult Run(string directory, DockerVersion version = DockerVersion.V20_10, int seed = 0, IReadOnlyDictionary<string, string>? variables = null)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        string scenario = Path.Combine(directory, "scenario.sh");
        List<GoldenStep> steps = GoldenScript.Parse(File.ReadAllText(scenario), scenario, variables);
        string expectedTranscript = File.ReadAllText(Path.Combine(directory, "golden.txt"));
        string tablesFile = Path.Combine(directory, "iptables-save.txt");
        string? expectedTables = File.Exists(tablesFile) ? File.ReadAllText(tablesFile) : null;

        var normalizer = new GoldenNormalizer();
        var commands = new List<string>();
        var outputs = new List<string>();
        Host? host = null;
        try
        {
            foreach (GoldenStep step in steps)
            {
                switch (step.Kind)
                {
                    case GoldenStepKind.FreshDaemon:
                        // The harness throws the daemon and its namespace away and starts over.
                        host?.Emulator.Dispose();
                        host = new Host(directory, seed, version, step.Text != "false");
                        break;
                    case GoldenStepKind.Command:
                        host ??= new Host(directory, seed, version, proxy: true);
                        normalizer.KeepMacsOf(step.Text);
                        commands.Add(step.Text);
                        outputs.Add(RunCommand(host, step.Text));
                        break;
                    case GoldenStepKind.Silent:
                        host ??= new Host(directory, seed, version, proxy: true);
                        RunCommand(host, step.Text);
                        break;
                }
            }
            host ??= new Host(directory, seed, version, proxy: true);
            outputs.Add(Save(host.Emulator));
        }
        finally
        {
            host?.Emulator.Dispose();
        }
        var session = outputs;
        List<string> normalized = normalizer.Normalize(session);

        List<(string Command, string Text)> expected = SplitBlocks(expectedTranscript);
        var blocks = new List<GoldenBlock>();
        for (int i = 0; i < commands.Count; i++)
        {
            string want = i < expected.Count ? expected[i].Text : "(not in the recording)\n";
            blocks.Add(new GoldenBlock(commands[i], want, normalized[i]));
        }
        return new GoldenResult(name, blocks, expectedTables, normalized[^1]);
    }

    /// <summary>An emulated host as the recording's harness prepared it: no uplink, the daemon's namespace attached as
    /// <c>dk</c>, and a namespace of its own for the recording machine's root, where the commands run.</summary>
    private sealed class Host
    {
        public Host(string directory, int seed, DockerVersion version, bool proxy)
        {
            Emulator = new Emulator(seed, directory) { Uplink = Uplink.None };
            Emulator.Service(_ => new DockerOptions(version, proxy));
            Outer = Emulator.World.AddNamespace("golden-root", hidden: true);
            Outer.Loopback.SetAdminUp(true);
            OuterUserspace = new Userspace("golden-root", ToolFamily.Gnu) { Network = Outer };
            foreach (var (k, v) in Emulator.HostUserspace.Environment)
            {
                OuterUserspace.Environment[k] = v;
            }
            Emulator.AttachNamespace("dk", Emulator.World.Root);
            Shell = ShellState.FromEnvironment(Emulator.HostUserspace.Environment);
            // fresh_daemon starts dockerd: docker0, its sysctls and rules exist before the first docker command.
            Commands.Docker.DockerCommand.Daemon(new CommandContext(Emulator, Emulator.World.Root, ["dockerd"], null, false));
        }

        public Emulator Emulator { get; }
        public NetNamespace Outer { get; }
        public Userspace OuterUserspace { get; }
        public ShellState Shell { get; }
    }

    /// <summary>Runs one command as the harness's <c>x</c> does: combined stdout and stderr without trailing empty
    /// lines, then <c>[exit N]</c>.</summary>
    private static string RunCommand(Host host, string text)
    {
        Emulator emulator = host.Emulator;
        ShellState shell = host.Shell;
        NetNamespace ns = host.Outer;
        Userspace userspace = host.OuterUserspace;
        string line = Translate(text);
        var sb = new StringBuilder();
        int code;
        try
        {
            var ctx = new CommandContext(emulator, ns, [line], null, false) { Userspace = userspace };
            var process = new ShellProcess(ctx, ShellParser.Parse(line), shell, errExit: false) { MergeStderr = true };
            process.Start();
            if (!process.HasExited)
            {
                emulator.World.RunUntil(() => process.HasExited, ScenarioRunner.MaxCommandNs);
            }
            if (!process.HasExited)
            {
                process.Stop();
            }
            sb.Append(process.Stdout);
            code = process.ExitCode ?? 143;
        }
        catch (ScriptSyntaxException e)
        {
            sb.Append(e.Message).Append('\n');
            code = 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours: the command differs from the recording, the session goes on.
            sb.Append("vnetemu internal error: ").Append(e.GetType().Name).Append(": ").Append(e.Message).Append('\n');
            code = 70;
        }
        // The harness prints "$(cmd 2>&1)": trailing newlines go, as command substitution drops them.
        while (sb.Length > 0 && sb[^1] == '\n')
        {
            sb.Length--;
        }
        if (sb.Length > 0)
        {
            sb.Append('\n');
        }
        sb.Append("[exit ").Append(code).Append("]\n");
        return sb.ToString();
    }

    /// <summary>The harness's helpers, as commands of the emulated host.</summary>
    private static string Translate(string line)
    {
        line = System.Text.RegularExpressions.Regex.Replace(line, @"\$\(cpid ([A-Za-z0-9_.-]+)\)", "$(docker inspect -f '{{.State.Pid}}' $1)");
        return line == "upstream_log" ? "vnet upstream-log" : line;
    }

    private static string Save(Emulator emulator)
    {
        var ctx = new CommandContext(emulator, emulator.World.Root, ["iptables-save"], null, false);
        ScriptProcess p = Shell.Create(ctx);
        p.Start();
        return p.Stdout.ToString();
    }

    /// <summary>A recorded transcript's command blocks: "$ CMD" up to "[exit N]", notes dropped.</summary>
    public static List<(string Command, string Text)> SplitBlocks(string transcript)
    {
        var blocks = new List<(string, string)>();
        string[] lines = transcript.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("$ ", StringComparison.Ordinal))
            {
                continue;
            }
            string command = lines[i][2..];
            var body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.Length; j++)
            {
                body.Append(lines[j]).Append('\n');
                if (lines[j].StartsWith("[exit ", StringComparison.Ordinal) && lines[j].EndsWith(']'))
                {
                    break;
                }
            }
            blocks.Add((command, body.ToString()));
            i = j;
        }
        return blocks;
    }

    /// <summary>A human report: one line per command (ok / differs) and a unified diff for each difference.</summary>
    public static string Report(GoldenResult result, bool diffs)
    {
        var sb = new StringBuilder();
        foreach (GoldenBlock b in result.Blocks)
        {
            sb.Append(b.Matches ? "  ok      " : "  DIFFERS ").Append(b.Command).Append('\n');
            if (!b.Matches && diffs)
            {
                sb.Append(UnifiedDiff.Format(Lines(b.Expected), Lines(b.Actual), "recorded", "emulated"));
            }
        }
        sb.Append(result.ExpectedTables is null ? "  -       " : result.TablesMatch ? "  ok      " : "  DIFFERS ").Append("final iptables-save").Append(result.ExpectedTables is null ? " (none recorded)\n" : "\n");
        if (!result.TablesMatch && diffs)
        {
            sb.Append(UnifiedDiff.Format(Lines(result.ExpectedTables ?? ""), Lines(result.ActualTables), "recorded", "emulated"));
        }
        sb.Append(result.Name).Append(": ").Append(result.Matched).Append('/').Append(result.Blocks.Count).Append(" commands match")
            .Append(result.TablesMatch ? ", final tables match\n" : ", final tables differ\n");
        return sb.ToString();
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..] + "\n");
        }
        return lines;
    }
}
