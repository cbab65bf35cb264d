using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>An error while an awk program runs: mawk's "awk: run time error: …" and exit 2.</summary>
internal sealed class AwkRuntimeException(string message) : Exception(message);

/// <summary>Runs an <see cref="AwkProgram"/>: BEGIN, then each record of each operand (files through the process's
/// file view, <c>-</c> or none for stdin, <c>var=value</c> operands assigned when reached), then END. Records split
/// by RS (newline, one character, a regex, or "" for paragraphs), fields by FS; assigning a field or NF rebuilds $0
/// with OFS. Output redirections write files of the process's userspace.</summary>
internal sealed partial class AwkInterpreter
{
    private const long MaxSteps = 10_000_000;
    private const int MaxDepth = 1000;

    private readonly AwkProgram _program;
    private readonly CommandContext _ctx;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Dictionary<string, StringBuilder> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PosixPattern> _regexCache = new(StringComparer.Ordinal);
    private readonly AwkCell _nf, _nr, _fnr, _fs, _ofs, _ors, _rs, _subsep, _convfmt, _ofmt, _rstart, _rlength, _filename, _argc, _argv;
    private AwkCell[] _frame = [];
    private int _depth;
    private long _steps;
    private AwkValue _returnValue;
    private int _exitCode;
    private Random _random = new(0);
    private double _seed;

    // the current record
    private string _record = "";
    private List<string> _fields = [];
    private bool _split = true;
    private string _recordFs = " ";

    public AwkInterpreter(AwkProgram program, CommandContext ctx)
    {
        _program = program;
        _ctx = ctx;
        AwkCell G(string name) => program.Globals[name];
        _nf = G("NF");
        _nr = G("NR");
        _fnr = G("FNR");
        _fs = G("FS");
        _ofs = G("OFS");
        _ors = G("ORS");
        _rs = G("RS");
        _subsep = G("SUBSEP");
        _convfmt = G("CONVFMT");
        _ofmt = G("OFMT");
        _rstart = G("RSTART");
        _rlength = G("RLENGTH");
        _filename = G("FILENAME");
        _argc = G("ARGC");
        _argv = G("ARGV");
        _fs.Value = AwkValue.Str(" ");
        _ofs.Value = AwkValue.Str(" ");
        _ors.Value = AwkValue.Str("\n");
        _rs.Value = AwkValue.Str("\n");
        _subsep.Value = AwkValue.Str("\x1c");
        _convfmt.Value = AwkValue.Str("%.6g");
        _ofmt.Value = AwkValue.Str("%.6g");
        _nr.Value = AwkValue.Num(0);
        _fnr.Value = AwkValue.Num(0);
        _rstart.Value = AwkValue.Num(0);
        _rlength.Value = AwkValue.Num(-1);
        var environ = new Dictionary<string, AwkValue>(StringComparer.Ordinal);
        foreach (var (k, v) in ctx.Userspace.Environment)
        {
            environ[k] = AwkValue.Input(v);
        }
        G("ENVIRON").Array = environ;
    }

    /// <summary>The names the interpreter gives meaning to (created before parsing so that they resolve).</summary>
    public static readonly string[] SpecialVariables = ["NF", "NR", "FNR", "FS", "OFS", "ORS", "RS", "SUBSEP", "CONVFMT", "OFMT", "RSTART", "RLENGTH", "FILENAME", "ARGC", "ARGV", "ENVIRON"];

    private string Convfmt => _convfmt.Value.ToStr("%.6g");

    /// <summary>Runs the program; returns the exit status and what it wrote.</summary>
    public int Run(IReadOnlyList<string> operands, IReadOnlyList<KeyValuePair<string, string>> assignments, out string stdout, out string stderr)
    {
        var argv = new Dictionary<string, AwkValue>(StringComparer.Ordinal) { ["0"] = AwkValue.Str("awk") };
        for (int i = 0; i < operands.Count; i++)
        {
            argv[(i + 1).ToString(CultureInfo.InvariantCulture)] = AwkValue.Input(operands[i]);
        }
        _argv.Array = argv;
        _argc.Value = AwkValue.Num(operands.Count + 1);
        try
        {
            foreach (var (name, value) in assignments)
            {
                Assign(name, value);
            }
            bool exiting = RunRules(AwkPatternKind.Begin) == Flow.Exit;
            bool needInput = _program.Rules.Any(r => r.Kind is not AwkPatternKind.Begin);
            if (!exiting && needInput)
            {
                exiting = ProcessInput();
            }
            RunRules(AwkPatternKind.End);
        }
        catch (AwkRuntimeException x)
        {
            _stderr.Append("awk: run time error: ").Append(x.Message).Append('\n');
            _stderr.Append($"\tFILENAME=\"{_filename.Value.ToStr(Convfmt)}\" FNR={_fnr.Value.ToStr(Convfmt)} NR={_nr.Value.ToStr(Convfmt)}\n");
            _exitCode = 2;
        }
        foreach (var (path, text) in _outputs)
        {
            _ctx.Userspace.Write(path, text.ToString());
        }
        stdout = _stdout.ToString();
        stderr = _stderr.ToString();
        return _exitCode;
    }

    /// <summary>A <c>-v</c> or command-line <c>var=value</c>: escapes processed, the value a strnum.</summary>
    private void Assign(string name, string value)
    {
        if (!_program.Globals.TryGetValue(name, out AwkCell? cell))
        {
            return; // never used by the program
        }
        if (cell.Array is not null)
        {
            throw new AwkRuntimeException($"can't assign to {name}; it's an array name.");
        }
        SetVariable(cell, AwkValue.Input(Unescape(value)));
    }

    public static string Unescape(string s)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            char n = s[++i];
            switch (n)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a': sb.Append('\a'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '/': sb.Append('/'); break;
                default: sb.Append('\\').Append(n); break;
            }
        }
        return sb.ToString();
    }

    private Flow RunRules(AwkPatternKind kind)
    {
        foreach (AwkRule rule in _program.Rules)
        {
            if (rule.Kind == kind && ExecAction(rule.Action!) == Flow.Exit)
            {
                return Flow.Exit;
            }
        }
        return Flow.Normal;
    }

    /// <summary>Reads every operand's records through the main rules; true when exit ran.</summary>
    private bool ProcessInput()
    {
        bool anyFile = false;
        for (int i = 1; i < (int)_argc.Value.ToNumber(); i++)
        {
            string arg = _argv.Array!.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out AwkValue v) ? v.ToStr(Convfmt) : "";
            if (arg.Length == 0)
            {
                continue;
            }
            int eq = arg.IndexOf('=');
            if (eq > 0 && IsName(arg[..eq]))
            {
                Assign(arg[..eq], arg[(eq + 1)..]);
                continue;
            }
            anyFile = true;
            string? text = arg == "-" || arg == "/dev/stdin" ? _ctx.Stdin ?? "" : _ctx.ReadFile(arg);
            if (text is null)
            {
                _stderr.Append($"awk: cannot open {arg} ({(TextInput.IsDirectory(_ctx, arg) ? "Is a directory" : "No such file or directory")})\n");
                _exitCode = 2;
                continue;
            }
            _filename.Value = AwkValue.Str(arg);
            if (ProcessFile(text) == Flow.Exit)
            {
                return true;
            }
        }
        if (!anyFile)
        {
            return ProcessFile(_ctx.Stdin ?? "") == Flow.Exit;
        }
        return false;
    }

    private static bool IsName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private Flow ProcessFile(string text)
    {
        _fnr.Value = AwkValue.Num(0);
        int pos = 0;
        while (NextRecord(text, ref pos, out string record))
        {
            _nr.Value = AwkValue.Num(_nr.Value.ToNumber() + 1);
            _fnr.Value = AwkValue.Num(_fnr.Value.ToNumber() + 1);
            SetRecord(record);
            Flow flow = RunMainRules();
            if (flow == Flow.Exit)
            {
                return Flow.Exit;
            }
            if (flow == Flow.NextFile)
            {
                break;
            }
        }
        return Flow.Normal;
    }

    private Flow RunMainRules()
    {
        foreach (AwkRule rule in _program.Rules)
        {
            bool selected;
            switch (rule.Kind)
            {
                case AwkPatternKind.Always:
                    selected = true;
                    break;
                case AwkPatternKind.Expression:
                    selected = Truth(rule.Pattern!);
                    break;
                case AwkPatternKind.Range:
                    if (rule.InRange)
                    {
                        selected = true;
                        rule.InRange = !Truth(rule.RangeEnd!);
                    }
                    else if (Truth(rule.Pattern!))
                    {
                        selected = true;
                        rule.InRange = !Truth(rule.RangeEnd!);
                    }
                    else
                    {
                        selected = false;
                    }
                    break;
                default:
                    continue;
            }
            if (!selected)
            {
                continue;
            }
            if (rule.Action is null)
            {
                Print(null, null, _record + _ors.Value.ToStr(Convfmt));
                continue;
            }
            Flow flow = ExecAction(rule.Action);
            if (flow is Flow.Next or Flow.NextFile or Flow.Exit)
            {
                return flow == Flow.Next ? Flow.Normal : flow;
            }
        }
        return Flow.Normal;
    }

    private bool Truth(AwkExpr e) => e is AwkRegex r ? r.Pattern.IsMatch(_record) : Eval(e).ToBool();

    /// <summary>The next record at <paramref name="pos"/> by the current RS.</summary>
    private bool NextRecord(string text, ref int pos, out string record)
    {
        string rs = _rs.Value.ToStr(Convfmt);
        record = "";
        if (rs.Length == 0)
        {
            while (pos < text.Length && text[pos] == '\n')
            {
                pos++;
            }
            if (pos >= text.Length)
            {
                return false;
            }
            int end = text.IndexOf("\n\n", pos, StringComparison.Ordinal);
            if (end < 0)
            {
                record = text[pos..].TrimEnd('\n');
                pos = text.Length;
                return true;
            }
            record = text[pos..end];
            pos = end;
            return true;
        }
        if (pos >= text.Length)
        {
            return false;
        }
        if (rs.Length == 1)
        {
            int end = text.IndexOf(rs[0], pos);
            record = end < 0 ? text[pos..] : text[pos..end];
            pos = end < 0 ? text.Length : end + 1;
            return true;
        }
        System.Text.RegularExpressions.Match? m = DynamicRegex(rs).Match(text, pos);
        while (m is not null && m.Length == 0 && m.Index < text.Length)
        {
            m = DynamicRegex(rs).Match(text, m.Index + 1);
        }
        if (m is null || m.Length == 0)
        {
            record = text[pos..];
            pos = text.Length;
            return true;
        }
        record = text[pos..m.Index];
        pos = m.Index + m.Length;
        return true;
    }

    private void SetRecord(string record)
    {
        _record = record;
        _split = false;
        _recordFs = _fs.Value.ToStr(Convfmt);
    }

    private void EnsureSplit()
    {
        if (_split)
        {
            return;
        }
        _fields = SplitFields(_record, _recordFs, _rs.Value.ToStr(Convfmt).Length == 0);
        _split = true;
    }

    private List<string> SplitFields(string s, string fs, bool paragraph)
    {
        var fields = new List<string>();
        if (s.Length == 0)
        {
            return fields;
        }
        if (fs == " ")
        {
            foreach (string f in s.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                fields.Add(f);
            }
            return fields;
        }
        if (fs.Length == 0)
        {
            foreach (char c in s)
            {
                fields.Add(c.ToString());
            }
            return fields;
        }
        if (fs.Length == 1 && fs != "\\" && !paragraph)
        {
            fields.AddRange(s.Split(fs[0]));
            return fields;
        }
        PosixPattern re = DynamicRegex(paragraph ? (fs.Length == 1 ? "[" + (fs == "\\" ? "\\\\" : fs) + "]" : "(" + fs + ")") + "|\n" : fs);
        int pos = 0, start = 0;
        while (pos <= s.Length)
        {
            System.Text.RegularExpressions.Match? m = re.Match(s, pos);
            if (m is null)
            {
                break;
            }
            if (m.Length == 0)
            {
                pos = m.Index + 1;
                continue;
            }
            fields.Add(s[start..m.Index]);
            start = pos = m.Index + m.Length;
        }
        fields.Add(s[start..]);
        return fields;
    }

    private int FieldCount()
    {
        EnsureSplit();
        return _fields.Count;
    }

    private AwkValue GetField(double index)
    {
        int i = FieldIndex(index);
        if (i == 0)
        {
            return AwkValue.Input(_record);
        }
        EnsureSplit();
        return i <= _fields.Count ? AwkValue.Input(_fields[i - 1]) : AwkValue.Uninitialized;
    }

    private static int FieldIndex(double index)
    {
        if (index < 0 || double.IsNaN(index))
        {
            throw new AwkRuntimeException($"negative field index ${AwkValue.NumberToString(index, "%.6g")}");
        }
        return index > 1_000_000 ? throw new AwkRuntimeException($"field index ${index} too large") : (int)index;
    }

    private void SetField(double index, string value)
    {
        int i = FieldIndex(index);
        if (i == 0)
        {
            _record = value;
            _split = false;
            _recordFs = _fs.Value.ToStr(Convfmt);
            return;
        }
        EnsureSplit();
        while (_fields.Count < i)
        {
            _fields.Add("");
        }
        _fields[i - 1] = value;
        Rebuild();
    }

    private void SetNf(double n)
    {
        EnsureSplit();
        int count = FieldIndex(n);
        if (count < _fields.Count)
        {
            _fields.RemoveRange(count, _fields.Count - count);
        }
        while (_fields.Count < count)
        {
            _fields.Add("");
        }
        Rebuild();
    }

    private void Rebuild() => _record = string.Join(_ofs.Value.ToStr(Convfmt), _fields);

    private PosixPattern DynamicRegex(string source)
    {
        if (!_regexCache.TryGetValue(source, out PosixPattern? re))
        {
            try
            {
                re = PosixPattern.Compile(source, PosixSyntax.Awk);
            }
            catch (PosixRegexException x)
            {
                throw new AwkRuntimeException($"regular expression compile failed ({x.Message})\n{source}");
            }
            if (_regexCache.Count > 500)
            {
                _regexCache.Clear();
            }
            _regexCache[source] = re;
        }
        return re;
    }

    /// <summary>Writes print/printf output to stdout, stderr or a file (<c>&gt;</c> truncates when first opened,
    /// <c>&gt;&gt;</c> appends to what the file held).</summary>
    private void Print(string? redirect, string? destination, string text)
    {
        if (redirect is null || destination is "/dev/stdout" or "-")
        {
            _stdout.Append(text);
            return;
        }
        if (destination == "/dev/stderr")
        {
            _stderr.Append(text);
            return;
        }
        if (!_outputs.TryGetValue(destination!, out StringBuilder? file))
        {
            file = new StringBuilder(redirect == ">>" ? _ctx.ReadFile(destination!) ?? "" : "");
            _outputs[destination!] = file;
        }
        file.Append(text);
    }
}
