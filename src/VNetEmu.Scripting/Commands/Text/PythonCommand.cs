using System.Globalization;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>python3 -m json.tool [--sort-keys] [--no-ensure-ascii] [--json-lines] [--indent N | --tab |
/// --no-indent | --compact] [INFILE [OUTFILE]]</c> as CPython 3.11 runs it (argparse's messages and exit 2, a
/// decode error's one line and exit 1). Any other use of the interpreter is refused with exit 2.</summary>
public static class PythonCommand
{
    private const string Usage =
        "usage: python -m json.tool [-h] [--sort-keys] [--no-ensure-ascii]\n" +
        "                           [--json-lines]\n" +
        "                           [--indent INDENT | --tab | --no-indent | --compact]\n" +
        "                           [infile] [outfile]\n";

    private const string Help = Usage + "\n" +
        "A simple command line interface for json module to validate and pretty-print\nJSON objects.\n\n" +
        "positional arguments:\n" +
        "  infile             a JSON file to be validated or pretty-printed\n" +
        "  outfile            write the output of infile to outfile\n\n" +
        "options:\n" +
        "  -h, --help         show this help message and exit\n" +
        "  --sort-keys        sort the output of dictionaries alphabetically by key\n" +
        "  --no-ensure-ascii  disable escaping of non-ASCII characters\n" +
        "  --json-lines       parse input using the JSON Lines format. Use with --no-\n" +
        "                     indent or --compact to produce valid JSON Lines output.\n" +
        "  --indent INDENT    separate items with newlines and use this number of\n" +
        "                     spaces for indentation\n" +
        "  --tab              separate items with newlines and use tabs for indentation\n" +
        "  --no-indent        separate items with spaces rather than newlines\n" +
        "  --compact          suppress all whitespace separation (most compact)\n";

    private static readonly string[] s_options = ["--help", "--sort-keys", "--no-ensure-ascii", "--json-lines", "--indent", "--tab", "--no-indent", "--compact"];

    public static int Run(CommandContext ctx, TextWriter o, TextWriter e)
    {
        var args = ctx.Args;
        if (args.Count >= 3 && args[1] == "-m" && args[2] == "json.tool")
        {
            return JsonTool(ctx, args.Skip(3).ToList(), o, e);
        }
        if (args.Count >= 2 && args[1] == "-mjson.tool")
        {
            return JsonTool(ctx, args.Skip(2).ToList(), o, e);
        }
        e.Write($"{ctx.Program}: only '{ctx.Program} -m json.tool' is emulated\n");
        return 2;
    }

    private static int JsonTool(CommandContext ctx, List<string> args, TextWriter o, TextWriter e)
    {
        bool sortKeys = false, ensureAscii = true, jsonLines = false, compact = false;
        string? indent = "    ";
        string? layout = null; // the mutually exclusive option given, for argparse's message
        string? input = null, outfile = null;
        bool fromFile = false;
        int positionals = 0;
        var unknown = new List<string>();
        bool onlyPositionals = false;
        int Fail(string message)
        {
            e.Write(Usage + "python -m json.tool: error: " + message + "\n");
            return 2;
        }
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (onlyPositionals || !a.StartsWith('-') || a == "-")
            {
                if (positionals == 0)
                {
                    input = a == "-" ? ctx.Stdin ?? "" : ctx.ReadFile(a);
                    fromFile = a != "-";
                    if (input is null)
                    {
                        string why = TextInput.IsDirectory(ctx, a) ? "[Errno 21] Is a directory" : "[Errno 2] No such file or directory";
                        return Fail($"argument infile: can't open '{a}': {why}: '{a}'");
                    }
                }
                else if (positionals == 1)
                {
                    outfile = a;
                }
                else
                {
                    unknown.Add(a);
                }
                positionals++;
                continue;
            }
            if (a == "--")
            {
                onlyPositionals = true;
                continue;
            }
            string name = a, value = "";
            bool hasValue = false;
            int eq = a.IndexOf('=');
            if (eq > 0 && a.StartsWith("--", StringComparison.Ordinal))
            {
                name = a[..eq];
                value = a[(eq + 1)..];
                hasValue = true;
            }
            string? ambiguous = null;
            string? option = name == "-h" ? "--help" : Resolve(name, out ambiguous);
            if (ambiguous is not null)
            {
                return Fail(ambiguous);
            }
            if (option is null)
            {
                unknown.Add(a);
                continue;
            }
            if (option is "--indent" or "--tab" or "--no-indent" or "--compact")
            {
                if (layout is not null && layout != option)
                {
                    return Fail($"argument {option}: not allowed with argument {layout}");
                }
                layout = option;
            }
            if (hasValue && option != "--indent")
            {
                return Fail($"argument {option}: ignored explicit argument '{value}'");
            }
            switch (option)
            {
                case "--help":
                    o.Write(Help);
                    return 0;
                case "--sort-keys":
                    sortKeys = true;
                    break;
                case "--no-ensure-ascii":
                    ensureAscii = false;
                    break;
                case "--json-lines":
                    jsonLines = true;
                    break;
                case "--tab":
                    indent = "\t";
                    break;
                case "--no-indent":
                    indent = null;
                    break;
                case "--compact":
                    compact = true;
                    break;
                default:
                    if (!hasValue)
                    {
                        if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1] != "-" && !IsNegativeNumber(args[i + 1])))
                        {
                            return Fail("argument --indent: expected one argument");
                        }
                        value = args[++i];
                    }
                    if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
                    {
                        return Fail($"argument --indent: invalid int value: '{value}'");
                    }
                    indent = new string(' ', Math.Max(n, 0));
                    break;
            }
        }
        if (unknown.Count > 0)
        {
            return Fail("unrecognized arguments: " + string.Join(' ', unknown));
        }
        input ??= ctx.Stdin ?? "";
        if (fromFile)
        {
            input = input.Replace("\r\n", "\n").Replace('\r', '\n'); // a file opened in text mode: universal newlines
        }
        string itemSeparator = compact ? "," : indent is null ? ", " : ",";
        string keySeparator = compact ? ":" : ": ";
        if (compact)
        {
            indent = null;
        }
        var output = new System.Text.StringBuilder();
        int code = 0;
        try
        {
            IEnumerable<string> documents = jsonLines ? TextInput.RawLines(input) : [input];
            foreach (string doc in documents)
            {
                object? value = PythonJson.Loads(doc);
                output.Append(PythonJson.Dumps(value, indent, itemSeparator, keySeparator, sortKeys, ensureAscii)).Append('\n');
            }
        }
        catch (PythonJson.DecodeError x)
        {
            e.Write(x.Message + "\n");
            code = 1;
        }
        if (outfile is null)
        {
            o.Write(output.ToString());
        }
        else if (code == 0 || jsonLines)
        {
            ctx.Userspace.Write(outfile, output.ToString());
        }
        return code;
    }

    private static bool IsNegativeNumber(string s) => s.Length > 1 && s[0] == '-' && s[1..].All(char.IsAsciiDigit);

    /// <summary>argparse's long-option matching: exact, else a unique prefix.</summary>
    private static string? Resolve(string name, out string? ambiguous)
    {
        ambiguous = null;
        if (!name.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }
        if (s_options.Contains(name))
        {
            return name;
        }
        var matches = s_options.Where(opt => opt.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matches.Count > 1)
        {
            ambiguous = $"ambiguous option: {name} could match {string.Join(", ", matches)}";
            return null;
        }
        return matches.Count == 1 ? matches[0] : null;
    }
}
