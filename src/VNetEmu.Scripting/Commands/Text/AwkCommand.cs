using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>awk [-F FS] [-v VAR=VALUE]… [-f PROGFILE | 'PROGRAM'] [FILE | VAR=VALUE]…</c>: a POSIX awk with
/// GNU awk's semantics (exact integer output, substr, sub/gsub replacement rules, leftmost-longest regexes) and
/// mawk's one-line messages (mawk is Debian's awk). <c>getline</c>, <c>system()</c> and output pipes are refused;
/// <c>rand()</c> is deterministic (seed 0 until srand).</summary>
public static class AwkCommand
{
    private const string Usage =
        "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n" +
        "usage: awk [-F value] [-v var=value] [-f program-file] [--] [file ...]\n";

    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        string name = ctx.Program;
        var args = ctx.Args;
        var assignments = new List<KeyValuePair<string, string>>();
        string? fs = null;
        var programFiles = new List<string>();
        int i = 1;
        int Fail(string message)
        {
            e.Write($"{name}: {message}\n");
            return 2;
        }
        for (; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                i++;
                break;
            }
            if (!a.StartsWith('-') || a == "-")
            {
                break;
            }
            char option = a[1];
            if (option is not ('F' or 'v' or 'f'))
            {
                return Fail($"not an option: {a}");
            }
            string value;
            if (a.Length > 2)
            {
                value = a[2..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return Fail($"option -{option} lacks argument");
            }
            switch (option)
            {
                case 'F':
                    fs = value;
                    break;
                case 'f':
                    programFiles.Add(value);
                    break;
                default:
                    int eq = value.IndexOf('=');
                    if (eq <= 0 || !IsName(value[..eq]))
                    {
                        return Fail($"improper assignment: -v {value}");
                    }
                    assignments.Add(new(value[..eq], value[(eq + 1)..]));
                    break;
            }
        }
        string program;
        if (programFiles.Count > 0)
        {
            var parts = new List<string>();
            foreach (string f in programFiles)
            {
                string? text = f == "-" ? ctx.Stdin : ctx.ReadFile(f);
                if (text is null)
                {
                    return Fail($"couldn't open file {f}: No such file or directory");
                }
                parts.Add(text);
            }
            program = string.Join('\n', parts);
        }
        else if (i < args.Count)
        {
            program = args[i++];
        }
        else
        {
            e.Write(Usage.Replace("awk", name, StringComparison.Ordinal));
            return 2;
        }
        if (fs is not null)
        {
            assignments.Insert(0, new("FS", fs));
        }
        AwkProgram parsed;
        try
        {
            parsed = AwkParser.Parse(program, AwkInterpreter.SpecialVariables);
        }
        catch (AwkSyntaxException x)
        {
            e.Write(Rename(x.Message, name) + "\n");
            return 2;
        }
        var interpreter = new AwkInterpreter(parsed, ctx);
        int code = interpreter.Run(args.Skip(i).ToList(), assignments, out string stdout, out string stderr);
        o.Write(stdout);
        e.Write(Rename(stderr, name));
        return code;
    }

    private static string Rename(string message, string name) =>
        name == "awk" ? message : message.Replace("awk: ", name + ": ", StringComparison.Ordinal);

    private static bool IsName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
