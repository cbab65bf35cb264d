using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>Runs a compiled sed program over input lines, cycle by cycle, as GNU sed's execute.c does.</summary>
internal sealed class SedRunner
{
    private readonly CommandContext _ctx;
    private readonly List<SedInstruction> _program;
    private readonly bool _quiet;
    private readonly char _delimiter;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Dictionary<string, StringBuilder> _files = new(StringComparer.Ordinal);
    private readonly List<(string Text, bool IsFile)> _appends = [];
    private List<(string Text, bool Newline, string File)> _lines = [];
    private int _next;
    private string _hold = "";
    private string _pattern = "";
    private bool _chomped = true;
    private string _file = "-";
    private long _line;
    private bool _substituted;
    private PosixPattern? _lastRegex;
    private StringBuilder _out = new();
    private long _steps;
    private const long MaxSteps = 10_000_000;
    private bool _missingNewline;

    public SedRunner(CommandContext ctx, List<SedInstruction> program, bool quiet, char delimiter, TextWriter stdout, TextWriter stderr)
    {
        _ctx = ctx;
        _program = program;
        _quiet = quiet;
        _delimiter = delimiter;
        _stdout = stdout;
        _stderr = stderr;
        foreach (SedInstruction ins in program)
        {
            if (ins.WriteFile is string f && ins.Name != 'r' && f is not "/dev/stdout" and not "/dev/stderr")
            {
                _files[f] = new StringBuilder();
            }
        }
    }

    /// <summary>The status <c>q</c> or <c>Q</c> asked for, once one ran.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Runs over the inputs as one stream; output goes to <paramref name="capture"/> (for -i) or stdout.
    /// True when q or Q ended the run.</summary>
    public bool Run(List<KeyValuePair<string, string>> inputs, StringBuilder? capture)
    {
        _lines = [];
        foreach (var (name, text) in inputs)
        {
            string[] parts = text.Split(_delimiter);
            for (int i = 0; i < parts.Length; i++)
            {
                bool last = i == parts.Length - 1;
                if (last && parts[i].Length == 0)
                {
                    break;
                }
                _lines.Add((parts[i], !last, name));
            }
        }
        _next = 0;
        _line = 0;
        _out = capture ?? new StringBuilder();
        _missingNewline = false;
        foreach (SedInstruction ins in _program)
        {
            ins.RangeActive = ins.First?.Kind == SedAddressKind.Zero;
        }
        bool quit = false;
        try
        {
            quit = Cycles();
        }
        catch (SedException x)
        {
            _stderr.Write(x.Message + "\n");
            ExitCode = x.ExitCode;
            quit = true;
        }
        if (capture is null)
        {
            _stdout.Write(_out.ToString());
        }
        return quit;
    }

    public void FlushFiles()
    {
        foreach (var (path, text) in _files)
        {
            _ctx.Userspace.Write(path, text.ToString());
        }
    }

    private bool IsLastLine => _next >= _lines.Count;

    private bool ReadLine()
    {
        if (_next >= _lines.Count)
        {
            return false;
        }
        var (text, newline, file) = _lines[_next++];
        _pattern = text;
        _chomped = newline;
        _file = file;
        _line++;
        return true;
    }

    private bool Cycles()
    {
        while (ReadLine())
        {
            _substituted = false;
            bool reread = true;
            while (reread)
            {
                reread = false;
                switch (Execute())
                {
                    case Ending.Print:
                        if (!_quiet)
                        {
                            WritePattern(_pattern);
                        }
                        FlushAppends();
                        break;
                    case Ending.Delete:
                        FlushAppends();
                        break;
                    case Ending.Restart:
                        FlushAppends();
                        reread = true;
                        break;
                    case Ending.Quit:
                        if (!_quiet)
                        {
                            WritePattern(_pattern);
                        }
                        FlushAppends();
                        return true;
                    case Ending.QuitSilently:
                        return true;
                }
            }
        }
        return false;
    }

    private enum Ending
    {
        Print,
        Delete,
        Restart,
        Quit,
        QuitSilently,
    }

    private Ending Execute()
    {
        int pc = 0;
        while (pc < _program.Count)
        {
            SedInstruction ins = _program[pc];
            if (++_steps > MaxSteps)
            {
                throw new SedException($"sed: the script ran more than {MaxSteps} commands; vnetemu stops it (a real sed would go on)", 4);
            }
            if (!Matches(ins))
            {
                pc = ins.Name == '{' ? ins.Target : pc + 1;
                continue;
            }
            pc++;
            switch (ins.Name)
            {
                case '=':
                    WriteRaw(_line.ToString(CultureInfo.InvariantCulture) + "\n");
                    break;
                case 'a':
                    _appends.Add((ins.Text, false));
                    break;
                case 'r':
                    _appends.Add((ins.WriteFile!, true));
                    break;
                case 'i':
                    WriteRaw(ins.Text);
                    break;
                case 'c':
                    if (ins.Last is null || !ins.RangeActive)
                    {
                        WriteRaw(ins.Text);
                    }
                    return Ending.Delete;
                case 'd':
                    return Ending.Delete;
                case 'D':
                    int nl = _pattern.IndexOf('\n');
                    if (nl < 0)
                    {
                        return Ending.Delete;
                    }
                    _pattern = _pattern[(nl + 1)..];
                    return Ending.Restart;
                case 'g':
                    _pattern = _hold;
                    break;
                case 'G':
                    _pattern += "\n" + _hold;
                    break;
                case 'h':
                    _hold = _pattern;
                    break;
                case 'H':
                    _hold += "\n" + _pattern;
                    break;
                case 'x':
                    (_pattern, _hold) = (_hold, _pattern);
                    break;
                case 'z':
                    _pattern = "";
                    break;
                case 'F':
                    WriteRaw(_file + "\n");
                    break;
                case 'n':
                    if (IsLastLine)
                    {
                        return Ending.Quit;
                    }
                    if (!_quiet)
                    {
                        WritePattern(_pattern);
                    }
                    FlushAppends();
                    ReadLine();
                    break;
                case 'N':
                    if (IsLastLine)
                    {
                        return Ending.Quit;
                    }
                    FlushAppends();
                    string before = _pattern;
                    ReadLine();
                    _pattern = before + "\n" + _pattern;
                    break;
                case 'p':
                    WritePattern(_pattern);
                    break;
                case 'P':
                    int first = _pattern.IndexOf('\n');
                    WriteRaw((first < 0 ? _pattern : _pattern[..first]) + "\n");
                    break;
                case 'q':
                    ExitCode = ins.ExitCode;
                    return Ending.Quit;
                case 'Q':
                    ExitCode = ins.ExitCode;
                    return Ending.QuitSilently;
                case 's':
                    Substitute(ins);
                    break;
                case 'y':
                    _pattern = string.Concat(_pattern.Select(ch => ins.Translate!.GetValueOrDefault(ch, ch)));
                    break;
                case 'b':
                    pc = ins.Target;
                    break;
                case 't' or 'T':
                    if (_substituted == (ins.Name == 't'))
                    {
                        pc = ins.Target;
                    }
                    _substituted = false;
                    break;
                case 'w':
                    WriteTo(ins.WriteFile!, _pattern);
                    break;
                case 'W':
                    int cut = _pattern.IndexOf('\n');
                    WriteTo(ins.WriteFile!, cut < 0 ? _pattern : _pattern[..cut]);
                    break;
            }
        }
        return Ending.Print;
    }

    private void Substitute(SedInstruction ins)
    {
        PosixPattern regex = ins.Regex ?? _lastRegex ?? throw new SedException("sed: no previous regular expression");
        _lastRegex = regex;
        string result = regex.Replace(_pattern, ins.Nth, ins.Global, m => SedCommand.Substitute(ins.Replacement, m), out int count);
        if (count == 0)
        {
            return;
        }
        _substituted = true;
        _pattern = result;
        if (ins.Print)
        {
            WritePattern(_pattern);
        }
        if (ins.WriteFile is string f)
        {
            WriteTo(f, _pattern);
        }
    }

    private bool Matches(SedInstruction ins)
    {
        if (ins.First is null)
        {
            return !ins.Negated;
        }
        return MatchRange(ins) != ins.Negated;
    }

    private bool MatchRange(SedInstruction ins)
    {
        if (ins.Last is not SedAddress a2)
        {
            return MatchOne(ins.First!);
        }
        if (ins.RangeActive)
        {
            switch (a2.Kind)
            {
                case SedAddressKind.Line or SedAddressKind.Plus or SedAddressKind.Multiple:
                    if (_line >= ins.RangeEnd)
                    {
                        ins.RangeActive = false;
                        return _line <= ins.RangeEnd;
                    }
                    return true;
                default:
                    if (MatchOne(a2))
                    {
                        ins.RangeActive = false;
                    }
                    return true;
            }
        }
        if (!MatchOne(ins.First!))
        {
            return false;
        }
        switch (a2.Kind)
        {
            case SedAddressKind.Line:
                if (_line >= a2.Number)
                {
                    return true;
                }
                ins.RangeEnd = a2.Number;
                break;
            case SedAddressKind.Plus:
                if (a2.Number == 0)
                {
                    return true;
                }
                ins.RangeEnd = _line + a2.Number;
                break;
            case SedAddressKind.Multiple:
                if (a2.Number <= 0 || _line % a2.Number == 0)
                {
                    return true;
                }
                ins.RangeEnd = (_line / a2.Number + 1) * a2.Number;
                break;
            case SedAddressKind.Last:
                if (IsLastLine)
                {
                    return true;
                }
                break;
        }
        ins.RangeActive = true;
        return true;
    }

    private bool MatchOne(SedAddress a) => a.Kind switch
    {
        SedAddressKind.Line => _line == a.Number,
        SedAddressKind.Last => IsLastLine,
        SedAddressKind.Step => a.Step <= 0 ? _line == a.Number : _line >= a.Number && (_line - a.Number) % a.Step == 0,
        SedAddressKind.Regex => MatchRegex(a.Regex),
        _ => false,
    };

    private bool MatchRegex(PosixPattern? regex)
    {
        regex ??= _lastRegex ?? throw new SedException("sed: no previous regular expression");
        _lastRegex = regex;
        return regex.IsMatch(_pattern);
    }

    private void FlushAppends()
    {
        foreach (var (text, isFile) in _appends)
        {
            WriteRaw(isFile ? _ctx.ReadFile(text) ?? "" : text);
        }
        _appends.Clear();
    }

    private void WritePattern(string text)
    {
        if (_missingNewline)
        {
            _out.Append(_delimiter);
            _missingNewline = false;
        }
        _out.Append(text);
        if (_chomped || !IsLastLine)
        {
            _out.Append(_delimiter);
        }
        else
        {
            _missingNewline = true;
        }
    }

    private void WriteRaw(string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (_missingNewline)
        {
            _out.Append(_delimiter);
        }
        _out.Append(text);
        _missingNewline = !text.EndsWith('\n');
    }

    private void WriteTo(string path, string text)
    {
        switch (path)
        {
            case "/dev/stdout":
                WriteRaw(text + "\n");
                return;
            case "/dev/stderr":
                _stderr.Write(text + "\n");
                return;
        }
        _files[path].Append(text).Append('\n');
    }
}
