using System.Text;
using System.Text.RegularExpressions;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>sed [-n] [-E|-r] [-s] [-z] [-i[SUFFIX]] [-e SCRIPT]… [-f FILE]… [SCRIPT] [FILE…]</c> as GNU sed 4.9
/// runs it: files as one stream (separate with -s or -i), the pattern and hold spaces, autoprint, the append
/// queue, a last line without its newline kept so. <c>-i</c> rewrites files of the process's userspace.</summary>
public static class SedCommand
{
    private const string Usage = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n" +
        "  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n" +
        "      --debug\n                 annotate program execution\n" +
        "  -e script, --expression=script\n                 add the script to the commands to be executed\n" +
        "  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n" +
        "  --follow-symlinks\n                 follow symlinks when processing in place\n" +
        "  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n" +
        "  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n" +
        "  --posix\n                 disable all GNU extensions.\n" +
        "  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n" +
        "  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n" +
        "      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n" +
        "  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n" +
        "  -z, --null-data\n                 separate lines by NUL characters\n" +
        "      --help     display this help and exit\n      --version  output version information and exit\n\n" +
        "If no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\n" +
        "remaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\n" +
        "GNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\n";

    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        bool quiet = false, extended = false, separate = false, nullData = false;
        string? inPlace = null;
        var pieces = new List<string>();
        var files = new List<string>();
        var args = ctx.Args;
        bool options = true;
        int BadUsage(string message)
        {
            e.Write(message + Usage);
            return 1;
        }
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (!options || !a.StartsWith('-') || a == "-")
            {
                files.Add(a);
                continue;
            }
            if (a == "--")
            {
                options = false;
                continue;
            }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a.Split('=', 2)[0];
                string? value = a.Contains('=') ? a[(name.Length + 1)..] : null;
                switch (name)
                {
                    case "--quiet" or "--silent":
                        quiet = true;
                        continue;
                    case "--regexp-extended":
                        extended = true;
                        continue;
                    case "--separate":
                        separate = true;
                        continue;
                    case "--null-data":
                        nullData = true;
                        continue;
                    case "--unbuffered" or "--posix" or "--follow-symlinks" or "--sandbox":
                        continue;
                    case "--in-place":
                        inPlace = value ?? "";
                        continue;
                    case "--expression" or "--file":
                        if (value is null && i + 1 >= args.Count)
                        {
                            return BadUsage($"sed: option '{name}' requires an argument\n");
                        }
                        value ??= args[++i];
                        if (name == "--file" && !ReadScriptFile(ctx, value, pieces, e))
                        {
                            return 1;
                        }
                        if (name == "--expression")
                        {
                            pieces.Add(value);
                        }
                        continue;
                    default:
                        return BadUsage($"sed: unrecognized option '{a}'\n");
                }
            }
            for (int k = 1; k < a.Length; k++)
            {
                char f = a[k];
                switch (f)
                {
                    case 'n': quiet = true; break;
                    case 'E' or 'r': extended = true; break;
                    case 's': separate = true; break;
                    case 'z': nullData = true; break;
                    case 'u': break;
                    case 'i':
                        inPlace = a[(k + 1)..];
                        k = a.Length;
                        break;
                    case 'e' or 'f':
                        string value;
                        if (k + 1 < a.Length)
                        {
                            value = a[(k + 1)..];
                        }
                        else if (i + 1 < args.Count)
                        {
                            value = args[++i];
                        }
                        else
                        {
                            return BadUsage($"sed: option requires an argument -- '{f}'\n");
                        }
                        if (f == 'e')
                        {
                            pieces.Add(value);
                        }
                        else if (!ReadScriptFile(ctx, value, pieces, e))
                        {
                            return 1;
                        }
                        k = a.Length;
                        break;
                    default:
                        return BadUsage($"sed: invalid option -- '{f}'\n");
                }
            }
        }
        if (pieces.Count == 0)
        {
            if (files.Count == 0)
            {
                return BadUsage("");
            }
            pieces.Add(files[0]);
            files.RemoveAt(0);
        }
        List<SedInstruction> program;
        try
        {
            program = SedScript.Compile(pieces, extended);
        }
        catch (SedException x)
        {
            e.Write(x.Message + "\n");
            return x.ExitCode;
        }
        if (inPlace is not null && files.Count == 0)
        {
            e.Write("sed: no input files\n");
            return 4;
        }
        var runner = new SedRunner(ctx, program, quiet, nullData ? '\0' : '\n', o, e);
        int status = 0;
        if (inPlace is not null || separate)
        {
            foreach (string f in files)
            {
                if (inPlace is not null && f == "-")
                {
                    e.Write("sed: couldn't edit -: not a regular file\n");
                    status = 4;
                    continue;
                }
                string? text = Read(ctx, f, e, ref status);
                if (text is null)
                {
                    continue;
                }
                if (inPlace is not null && !ctx.Userspace.Exists(f))
                {
                    e.Write($"sed: couldn't edit {f}: not a regular file\n");
                    status = 4;
                    continue;
                }
                var output = new StringBuilder();
                bool quit = runner.Run([new(f, text)], inPlace is null ? null : output);
                if (inPlace is not null)
                {
                    if (inPlace.Length > 0)
                    {
                        ctx.Userspace.Write(inPlace.Contains('*') ? inPlace.Replace("*", f) : f + inPlace, text);
                    }
                    ctx.Userspace.Write(f, output.ToString());
                }
                if (quit)
                {
                    break;
                }
            }
        }
        else
        {
            var inputs = new List<KeyValuePair<string, string>>();
            foreach (string f in files.Count == 0 ? ["-"] : files)
            {
                string? text = Read(ctx, f, e, ref status);
                if (text is not null)
                {
                    inputs.Add(new(f, text));
                }
            }
            runner.Run(inputs, null);
        }
        runner.FlushFiles();
        return runner.ExitCode ?? status;
    }

    private static string? Read(CommandContext ctx, string f, TextWriter e, ref int status)
    {
        if (f == "-")
        {
            return ctx.Stdin ?? "";
        }
        string? text = ctx.ReadFile(f);
        if (text is null)
        {
            bool dir = TextInput.IsDirectory(ctx, f);
            e.Write(dir ? $"sed: read error on {f}: Is a directory\n" : $"sed: can't read {f}: No such file or directory\n");
            status = dir ? 4 : 2;
        }
        return text;
    }

    private static bool ReadScriptFile(CommandContext ctx, string path, List<string> pieces, TextWriter e)
    {
        string? text = path == "-" ? ctx.Stdin : ctx.ReadFile(path);
        if (text is null)
        {
            e.Write($"sed: couldn't open file {path}: No such file or directory\n");
            return false;
        }
        pieces.Add(text.EndsWith('\n') ? text[..^1] : text);
        return true;
    }

    /// <summary>Builds the replacement of one match: literals, <c>&amp;</c> and groups, GNU's case conversions.</summary>
    internal static string Substitute(List<object> parts, Match m)
    {
        var sb = new StringBuilder();
        char mode = 'E'; // U, L or E
        char once = '\0'; // u or l for the next character
        void Add(string s)
        {
            foreach (char c in s)
            {
                char ch = mode == 'U' ? char.ToUpperInvariant(c) : mode == 'L' ? char.ToLowerInvariant(c) : c;
                if (once != '\0')
                {
                    ch = once == 'u' ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch);
                    once = '\0';
                }
                sb.Append(ch);
            }
        }
        foreach (object part in parts)
        {
            switch (part)
            {
                case string s:
                    Add(s);
                    break;
                case int g:
                    Add(m.Groups[g].Success ? m.Groups[g].Value : "");
                    break;
                case char c when c is 'u' or 'l':
                    once = c;
                    break;
                case char c:
                    mode = c;
                    once = '\0';
                    break;
            }
        }
        return sb.ToString();
    }
}
