using System.Globalization;
using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Conformance;
using VNetEmu.Scripting.Parsing;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Cli;

/// <summary>The `vnetemu` executable: `run` a scenario, `conformance` against kernel recordings.</summary>
public static class CliMain
{
    public const string Usage = """
        usage: vnetemu run FILE.vnet [-w CAPTURE.pcapng|-] [--seed N] [--transcript FILE] [--trace] [-q]
                           [--docker-version 20.10|27|28|29] [--userland-proxy true|false] [--uplink lan|none]
               vnetemu conformance DIR [--out OUT] [--case NAME]
               vnetemu goldens DIR... [--out OUT] [--docker-version V]
               vnetemu --version
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).Write(Usage + "\n");
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] == "--version")
        {
            stdout.Write("vnetemu " + typeof(CliMain).Assembly.GetName().Version?.ToString(3) + "\n");
            return 0;
        }
        try
        {
            return args[0] switch
            {
                "run" => RunScenario(args[1..], stdout, stderr),
                "conformance" => ConformanceCommand.Run(args[1..], stdout, stderr),
                "goldens" => GoldensCommand.Run(args[1..], stdout, stderr),
                _ => UsageError($"unknown command '{args[0]}'", stderr),
            };
        }
        catch (UsageException e)
        {
            return UsageError(e.Message, stderr);
        }
    }

    private static int UsageError(string message, TextWriter stderr)
    {
        stderr.Write($"vnetemu: {message}\n{Usage}\n");
        return 2;
    }

    private static int RunScenario(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? file = null, capture = null, transcriptFile = null;
        int seed = 0;
        bool trace = false, quiet = false;
        Uplink uplink = Uplink.Lan;
        var docker = new VNetEmu.Docker.DockerOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--docker-version":
                    if (!VNetEmu.Docker.DockerOptions.TryParseVersion(Value(args, ref i), out VNetEmu.Docker.DockerVersion version))
                    {
                        throw new UsageException($"--docker-version expects 20.10, 27, 28 or 29, got '{args[i]}'");
                    }
                    docker = docker with { Version = version };
                    break;
                case "--userland-proxy":
                    string proxy = Value(args, ref i);
                    if (proxy is not ("true" or "false"))
                    {
                        throw new UsageException($"--userland-proxy expects true or false, got '{proxy}'");
                    }
                    docker = docker with { UserlandProxy = proxy == "true" };
                    break;
                case "--uplink":
                    uplink = Value(args, ref i) switch
                    {
                        "lan" => Uplink.Lan,
                        "none" => Uplink.None,
                        _ => throw new UsageException($"--uplink expects lan or none, got '{args[i]}'"),
                    };
                    break;
                case "-w":
                    capture = Value(args, ref i);
                    break;
                case "--seed":
                    if (!int.TryParse(Value(args, ref i), NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        throw new UsageException($"--seed expects an integer, got '{args[i]}'");
                    }
                    break;
                case "--transcript":
                    transcriptFile = Value(args, ref i);
                    break;
                case "--trace":
                    trace = true;
                    break;
                case "-q" or "--quiet":
                    quiet = true;
                    break;
                default:
                    if (args[i].StartsWith('-') || file is not null)
                    {
                        throw new UsageException($"unexpected argument '{args[i]}'");
                    }
                    file = args[i];
                    break;
            }
        }
        if (file is null)
        {
            throw new UsageException("run needs a scenario file");
        }
        if (capture == "-")
        {
            quiet = true; // stdout carries the pcapng stream
        }
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.Write($"vnetemu: {file}: {(e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : e.Message)}\n");
            return 1;
        }
        string scriptDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        List<ScriptCommand> commands;
        try
        {
            commands = ScriptParser.Parse(text, file, path => File.ReadAllText(Path.Combine(scriptDir, path)));
        }
        catch (ScriptSyntaxException e)
        {
            stderr.Write(e.Message + "\n");
            return 1;
        }
        using var emulator = new Emulator(seed, Directory.GetCurrentDirectory()) { Trace = trace, Uplink = uplink, ScriptDirectory = scriptDir };
        emulator.Service(_ => docker);
        if (capture is not null && VnetCommand.StartCapture(emulator, capture, stderr) != 0)
        {
            return 1;
        }
        var runner = new ScenarioRunner(emulator) { LiveOut = quiet ? null : stdout, LiveErr = quiet ? null : stderr };
        RunResult result = runner.Run(commands);
        emulator.Dispose();
        if (transcriptFile is not null)
        {
            File.WriteAllText(transcriptFile, result.Transcript);
        }
        var world = emulator.World;
        if (!result.Success)
        {
            stderr.Write(result.Error + "\n");
            return 1;
        }
        if (!quiet)
        {
            stdout.Write($"vnetemu: {result.CommandsRun} commands, {world.Now / 1e9:F3} s virtual time, {world.Pool.InUse} frames in flight\n");
        }
        return 0;
    }

    internal static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new UsageException($"{args[i]} needs a value");
        }
        return args[++i];
    }
}
