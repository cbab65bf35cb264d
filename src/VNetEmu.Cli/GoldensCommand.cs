using VNetEmu.Docker;
using VNetEmu.Scripting.Goldens;

namespace VNetEmu.Cli;

/// <summary>`vnetemu goldens DIR... [--docker-version V] [--env NAME=VALUE] [-q]`: replays recorded real-dockerd
/// sessions (folders holding scenario.sh, golden.txt and iptables-save.txt, or folders of such folders) and says,
/// command by command, whether the emulator printed what the real daemon and tools printed. Exit 0 when every
/// session matches, 1 otherwise.</summary>
public static class GoldensCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var dirs = new List<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        DockerVersion version = DockerVersion.V20_10;
        bool quiet = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--docker-version":
                    if (!DockerOptions.TryParseVersion(CliMain.Value(args, ref i), out version))
                    {
                        throw new UsageException($"--docker-version expects 20.10, 27, 28 or 29, got '{args[i]}'");
                    }
                    break;
                case "--env":
                    string pair = CliMain.Value(args, ref i);
                    int eq = pair.IndexOf('=');
                    if (eq <= 0)
                    {
                        throw new UsageException($"--env expects NAME=VALUE, got '{pair}'");
                    }
                    variables[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "-q" or "--quiet":
                    quiet = true;
                    break;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        throw new UsageException($"unexpected argument '{args[i]}'");
                    }
                    dirs.Add(args[i]);
                    break;
            }
        }
        if (dirs.Count == 0)
        {
            throw new UsageException("goldens needs a folder of recorded sessions");
        }
        var sessions = new List<string>();
        foreach (string dir in dirs)
        {
            if (File.Exists(Path.Combine(dir, "scenario.sh")))
            {
                sessions.Add(dir);
            }
            else if (Directory.Exists(dir))
            {
                string[] found = Directory.GetDirectories(dir);
                Array.Sort(found, StringComparer.Ordinal);
                foreach (string d in found)
                {
                    if (File.Exists(Path.Combine(d, "scenario.sh")) && File.Exists(Path.Combine(d, "golden.txt")))
                    {
                        sessions.Add(d);
                    }
                }
            }
            else
            {
                stderr.Write($"vnetemu: {dir}: No such file or directory\n");
                return 1;
            }
        }
        if (sessions.Count == 0)
        {
            stderr.Write($"vnetemu: no recorded sessions (scenario.sh + golden.txt) under {string.Join(' ', dirs)}\n");
            return 1;
        }
        int passed = 0, commands = 0, matched = 0;
        foreach (string session in sessions)
        {
            GoldenResult result;
            try
            {
                result = GoldenRunner.Run(session, version, variables: variables);
            }
            catch (FormatException e)
            {
                stderr.Write($"vnetemu: {e.Message}\n");
                return 1;
            }
            stdout.Write(GoldenRunner.Report(result, diffs: !quiet));
            passed += result.Passed ? 1 : 0;
            commands += result.Blocks.Count;
            matched += result.Matched;
        }
        stdout.Write($"goldens: {passed}/{sessions.Count} sessions match; {matched}/{commands} commands match\n");
        return passed == sessions.Count ? 0 : 1;
    }
}
