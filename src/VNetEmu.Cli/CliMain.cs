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
        catch (CliException e)
        {
            stderr.Write($"vnetemu: {e.Message}\n");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A file-system failure we did not foresee: still one line, never a stack trace.
            stderr.Write($"vnetemu: {OneLine(e.Message)}\n");
            return 1;
        }
    }

    /// <summary>Usage mistakes are one line (exit 2); the full text is behind --help.</summary>
    private static int UsageError(string message, TextWriter stderr)
    {
        stderr.Write($"vnetemu: {message} (vnetemu --help shows the usage)\n");
        return 2;
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    internal static string Reason(Exception e, string path) => OsError.Text(e, path);

    /// <summary>Reads a scenario file: refuses directories, binary files and what is not UTF-8 text.</summary>
    internal static string ReadScenario(string file)
    {
        if (file.Length == 0)
        {
            throw new CliException("'': No such file or directory");
        }
        if (file.Contains('\0'))
        {
            throw new CliException("the scenario's file name contains a NUL byte");
        }
        if (Directory.Exists(file))
        {
            throw new CliException($"{file}: Is a directory");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{file}: {Reason(e, file)}");
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new CliException($"{file}: not a text scenario (it contains NUL bytes)");
        }
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CliException($"{file}: not a text scenario (it is not UTF-8 text)");
        }
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
        string text = ReadScenario(file);
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
        // Opened before the run, as a shell opens a redirection: a bad path fails at once, not after the work.
        using TextWriter? transcript = transcriptFile is null ? null : OpenForWriting(transcriptFile);
        // Every path the scenario names (tcpdump -w, vnet capture, < FILE) is relative to the script's folder;
        // the paths on vnetemu's own command line are relative to the current folder.
        using var emulator = new Emulator(seed, scriptDir) { Trace = trace, Uplink = uplink };
        emulator.Service(_ => docker);
        if (capture is not null && VnetCommand.StartCapture(emulator, capture, stderr, "vnetemu", capture == "-" ? "-" : Path.GetFullPath(capture)) != 0)
        {
            return 1;
        }
        var runner = new ScenarioRunner(emulator) { LiveOut = quiet ? null : stdout, LiveErr = quiet ? null : stderr, TranscriptOut = transcript ?? TextWriter.Null };
        RunResult result = runner.Run(commands);
        emulator.Dispose();
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

    private static StreamWriter OpenForWriting(string path)
    {
        if (path.Length == 0)
        {
            throw new CliException("'': No such file or directory");
        }
        try
        {
            return new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"{path}: {Reason(e, path)}");
        }
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
