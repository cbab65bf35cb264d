using System.Globalization;
using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>A sed script error, with GNU sed's text (<c>-e expression #1, char 3: unterminated `s' command</c>)
/// and exit status (1 for a bad script, 4 for a missing label).</summary>
internal sealed class SedException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

internal enum SedAddressKind : byte
{
    Line,
    Last,
    Regex,
    Step,
    Zero,
    Plus,
    Multiple,
}

/// <summary>One address: a line number, <c>$</c>, <c>/RE/</c> (null regex: the last one used), <c>FIRST~STEP</c>,
/// or as a range's end <c>+N</c> and <c>~N</c>.</summary>
internal sealed record SedAddress(SedAddressKind Kind, long Number = 0, long Step = 0, PosixPattern? Regex = null);

/// <summary>One command of a compiled script with its addresses. Fields other than Name are used by some
/// commands only.</summary>
internal sealed class SedInstruction
{
    public SedAddress? First { get; init; }
    public SedAddress? Last { get; init; }
    public bool Negated { get; init; }
    public char Name { get; init; }
    public string Text { get; set; } = "";
    public string? Label { get; set; }
    public int Target { get; set; } = -1;
    public int ExitCode { get; set; }
    public PosixPattern? Regex { get; set; }
    public bool EmptyRegex { get; set; }
    public List<object> Replacement { get; } = [];
    public bool Global { get; set; }
    public bool Print { get; set; }
    public int Nth { get; set; } = 1;
    public string? WriteFile { get; set; }
    public Dictionary<char, char>? Translate { get; set; }

    // range state while running
    public bool RangeActive { get; set; }
    public long RangeEnd { get; set; }
}

/// <summary>Compiles GNU sed 4.9 scripts: <c>;</c> and newlines, addresses (N, $, /RE/I, \cREc, FIRST~STEP,
/// ranges with N, /RE/, +N, ~N, 0,/RE/, <c>!</c>), blocks, and the commands s y p P d D n N g G h H x b t T :
/// = a i c q Q z F r w W v (l e L R are refused). Errors carry GNU's text and the character position it reports.</summary>
internal sealed class SedScript
{
    private const string Refused = "elLR";
    private readonly string _s;
    private readonly List<int> _chunkStarts;
    private readonly bool _extended;
    private int _pos;

    private SedScript(string text, List<int> chunkStarts, bool extended)
    {
        _s = text;
        _chunkStarts = chunkStarts;
        _extended = extended;
    }

    public List<SedInstruction> Instructions { get; } = [];

    /// <summary>Compiles the <c>-e</c> pieces (joined by newlines, as GNU sed does).</summary>
    public static List<SedInstruction> Compile(IReadOnlyList<string> pieces, bool extended)
    {
        var starts = new List<int>();
        var sb = new StringBuilder();
        foreach (string p in pieces)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }
            starts.Add(sb.Length);
            sb.Append(p);
        }
        var script = new SedScript(sb.ToString(), starts, extended);
        script.Parse();
        return script.Instructions;
    }

    private bool AtEnd => _pos >= _s.Length;

    private char Peek => _pos < _s.Length ? _s[_pos] : '\0';

    private SedException Bad(string message, int? consumed = null)
    {
        int at = consumed ?? _pos;
        if (at == 0)
        {
            return new SedException($"sed: -e expression #{_chunkStarts.Count}, char 0: {message}");
        }
        int chunk = 0;
        for (int k = 0; k < _chunkStarts.Count; k++)
        {
            if (_chunkStarts[k] <= Math.Max(at - 1, 0))
            {
                chunk = k;
            }
        }
        return new SedException($"sed: -e expression #{chunk + 1}, char {at - _chunkStarts[chunk]}: {message}");
    }

    private void SkipSpaces()
    {
        while (!AtEnd && _s[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void Parse()
    {
        var blocks = new Stack<int>();
        while (true)
        {
            while (!AtEnd && _s[_pos] is ' ' or '\t' or '\n' or ';')
            {
                _pos++;
            }
            if (AtEnd)
            {
                break;
            }
            SedAddress? first = ParseAddress(first: true);
            SedAddress? last = null;
            if (first is not null)
            {
                SkipSpaces();
                if (Peek == ',')
                {
                    _pos++;
                    SkipSpaces();
                    last = ParseAddress(first: false) ?? throw Bad("unexpected `,'");
                }
            }
            SkipSpaces();
            bool negated = false;
            if (Peek == '!')
            {
                _pos++;
                negated = true;
                SkipSpaces();
                if (Peek == '!')
                {
                    _pos++;
                    throw Bad("multiple `!'s");
                }
            }
            if (AtEnd)
            {
                throw Bad("missing command");
            }
            char name = _s[_pos++];
            if (first?.Kind == SedAddressKind.Zero && last?.Kind != SedAddressKind.Regex)
            {
                throw Bad("invalid usage of line address 0");
            }
            var ins = new SedInstruction { First = first, Last = last, Negated = negated, Name = name };
            bool hasAddress = first is not null;
            switch (name)
            {
                case '#':
                    if (hasAddress)
                    {
                        throw Bad("comments don't accept any addresses");
                    }
                    while (!AtEnd && _s[_pos] != '\n')
                    {
                        _pos++;
                    }
                    continue;
                case '{':
                    blocks.Push(Instructions.Count);
                    Instructions.Add(ins);
                    continue;
                case '}':
                    if (blocks.Count == 0)
                    {
                        throw Bad("unexpected `}'");
                    }
                    if (hasAddress)
                    {
                        throw Bad("} doesn't want any addresses");
                    }
                    Instructions[blocks.Pop()].Target = Instructions.Count + 1;
                    Instructions.Add(ins);
                    EndOfCommand();
                    continue;
                case ':':
                    if (hasAddress)
                    {
                        throw Bad(": doesn't want any addresses");
                    }
                    SkipSpaces();
                    ins.Label = ReadLabel();
                    if (ins.Label.Length == 0)
                    {
                        throw Bad("\":\" lacks a label");
                    }
                    break;
                case '=' or 'd' or 'D' or 'g' or 'G' or 'h' or 'H' or 'n' or 'N' or 'p' or 'P' or 'x' or 'z' or 'F':
                    EndOfCommand();
                    break;
                case 'q' or 'Q':
                    if (last is not null)
                    {
                        throw Bad("command only uses one address");
                    }
                    SkipSpaces();
                    int digits = _pos;
                    while (!AtEnd && char.IsAsciiDigit(_s[_pos]))
                    {
                        _pos++;
                    }
                    if (_pos > digits)
                    {
                        ins.ExitCode = (int)Math.Min(long.Parse(_s[digits.._pos], CultureInfo.InvariantCulture), int.MaxValue);
                    }
                    EndOfCommand();
                    break;
                case 'a' or 'i' or 'c':
                    ins.Text = ReadText();
                    break;
                case 'b' or 't' or 'T' or 'v':
                    SkipSpaces();
                    ins.Label = ReadLabel();
                    break;
                case 'r' or 'w' or 'W':
                    ins.WriteFile = ReadFileName();
                    break;
                case 's':
                    ParseSubstitute(ins);
                    break;
                case 'y':
                    ParseTransliterate(ins);
                    break;
                default:
                    if (Refused.Contains(name))
                    {
                        throw Bad($"the `{name}' command is not emulated");
                    }
                    throw Bad($"unknown command: `{name}'");
            }
            Instructions.Add(ins);
        }
        if (blocks.Count > 0)
        {
            throw Bad("unmatched `{'", 0);
        }
        ResolveLabels();
    }

    private void ResolveLabels()
    {
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Instructions.Count; i++)
        {
            if (Instructions[i].Name == ':')
            {
                labels.TryAdd(Instructions[i].Label!, i);
            }
        }
        foreach (SedInstruction ins in Instructions)
        {
            if (ins.Name is 'b' or 't' or 'T')
            {
                if (ins.Label!.Length == 0)
                {
                    ins.Target = Instructions.Count;
                }
                else if (labels.TryGetValue(ins.Label, out int target))
                {
                    ins.Target = target;
                }
                else
                {
                    throw new SedException($"sed: can't find label for jump to `{ins.Label}'", 4);
                }
            }
        }
    }

    /// <summary>What may follow a command: blanks, then the end, a newline, <c>;</c>, <c>}</c> or <c>#</c>.</summary>
    private void EndOfCommand()
    {
        SkipSpaces();
        if (AtEnd || _s[_pos] is '}' or '#')
        {
            return;
        }
        if (_s[_pos] is '\n' or ';')
        {
            _pos++;
            return;
        }
        _pos++;
        throw Bad("extra characters after command");
    }

    private string ReadLabel()
    {
        int start = _pos;
        while (!AtEnd && _s[_pos] is not ('\n' or ';'))
        {
            _pos++;
        }
        return _s[start.._pos].TrimEnd(' ', '\t');
    }

    private string ReadFileName()
    {
        SkipSpaces();
        int start = _pos;
        while (!AtEnd && _s[_pos] != '\n')
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Bad("missing filename in r/R/w/W commands");
        }
        return _s[start.._pos];
    }

    /// <summary>The text of a, i, c: GNU's one-line form (<c>a text</c>, <c>a\text</c>) or the POSIX form
    /// (<c>a\</c> newline text, lines continued by a trailing backslash); escapes resolved, a newline appended.</summary>
    private string ReadText()
    {
        SkipSpaces();
        if (AtEnd)
        {
            throw Bad("expected \\ after `a', `c' or `i'");
        }
        if (_s[_pos] == '\\')
        {
            _pos++;
            if (!AtEnd && _s[_pos] == '\n')
            {
                _pos++;
            }
        }
        var sb = new StringBuilder();
        while (!AtEnd && _s[_pos] != '\n')
        {
            char c = _s[_pos++];
            if (c == '\\' && !AtEnd)
            {
                char n = _s[_pos++];
                sb.Append(n switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'f' => '\f', 'v' => '\v', 'a' => '\a', _ => n });
                continue;
            }
            sb.Append(c);
        }
        if (!AtEnd)
        {
            _pos++;
        }
        return sb.Length == 0 ? "" : sb.Append('\n').ToString();
    }

    private SedAddress? ParseAddress(bool first)
    {
        char c = Peek;
        if (char.IsAsciiDigit(c))
        {
            long n = ReadNumber();
            if (first && Peek == '~')
            {
                _pos++;
                long step = char.IsAsciiDigit(Peek) ? ReadNumber() : 0;
                return new SedAddress(SedAddressKind.Step, n, step);
            }
            return new SedAddress(first && n == 0 ? SedAddressKind.Zero : SedAddressKind.Line, n);
        }
        if (!first && c is '+' or '~' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1]))
        {
            _pos++;
            return new SedAddress(c == '+' ? SedAddressKind.Plus : SedAddressKind.Multiple, ReadNumber());
        }
        if (c == '$')
        {
            _pos++;
            return new SedAddress(SedAddressKind.Last);
        }
        if (c is '/' or '\\')
        {
            _pos++;
            char delimiter = '/';
            if (c == '\\')
            {
                if (AtEnd)
                {
                    throw Bad("unexpected end of file");
                }
                delimiter = _s[_pos++];
            }
            string? re = ReadDelimited(delimiter, regex: true);
            if (re is null)
            {
                throw Bad("unterminated address regex");
            }
            bool ignoreCase = false, multiline = false;
            while (true)
            {
                SkipSpaces();
                if (Peek == 'I')
                {
                    ignoreCase = true;
                }
                else if (Peek == 'M')
                {
                    multiline = true;
                }
                else
                {
                    break;
                }
                _pos++;
            }
            return new SedAddress(SedAddressKind.Regex, Regex: re.Length == 0 ? null : CompileRegex(re, ignoreCase, multiline));
        }
        return null;
    }

    private long ReadNumber()
    {
        int start = _pos;
        while (!AtEnd && char.IsAsciiDigit(_s[_pos]))
        {
            _pos++;
        }
        return long.TryParse(_s[start.._pos], NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : long.MaxValue;
    }

    private PosixPattern CompileRegex(string re, bool ignoreCase, bool multiline)
    {
        try
        {
            return PosixPattern.Compile(re, _extended ? PosixSyntax.Extended : PosixSyntax.Basic, ignoreCase, multiline);
        }
        catch (PosixRegexException x)
        {
            throw Bad(x.Message);
        }
    }

    /// <summary>Text up to an unescaped <paramref name="delimiter"/> (consumed); <c>\delimiter</c> stands for the
    /// delimiter itself, <c>\n</c> for a newline; null when the line or the script ends first.</summary>
    private string? ReadDelimited(char delimiter, bool regex)
    {
        var sb = new StringBuilder();
        while (!AtEnd)
        {
            char c = _s[_pos++];
            if (c == delimiter)
            {
                return sb.ToString();
            }
            if (c == '\n')
            {
                return null;
            }
            if (c == '\\' && !AtEnd)
            {
                char n = _s[_pos++];
                if (n == delimiter && delimiter != '&')
                {
                    sb.Append(n);
                }
                else if (n == '\n')
                {
                    sb.Append(regex ? "\\n" : "\n");
                }
                else
                {
                    sb.Append('\\').Append(n);
                }
                continue;
            }
            sb.Append(c);
        }
        return null;
    }

    private void ParseSubstitute(SedInstruction ins)
    {
        if (AtEnd || _s[_pos] is '\n' or '\\')
        {
            throw Bad("unterminated `s' command");
        }
        char delimiter = _s[_pos++];
        string re = ReadDelimited(delimiter, regex: true) ?? throw Bad("unterminated `s' command");
        string replacement = ReadDelimited(delimiter, regex: false) ?? throw Bad("unterminated `s' command");
        bool ignoreCase = false, multiline = false, nth = false;
        while (true)
        {
            if (AtEnd)
            {
                break;
            }
            char f = _s[_pos++];
            switch (f)
            {
                case 'g':
                    if (ins.Global)
                    {
                        throw Bad("multiple `g' options to `s' command");
                    }
                    ins.Global = true;
                    continue;
                case 'p':
                    if (ins.Print)
                    {
                        throw Bad("multiple `p' options to `s' command");
                    }
                    ins.Print = true;
                    continue;
                case 'i' or 'I':
                    ignoreCase = true;
                    continue;
                case 'm' or 'M':
                    multiline = true;
                    continue;
                case ' ' or '\t':
                    continue;
                case 'e':
                    throw Bad("the `e' option to `s' is not emulated");
                case 'w':
                    ins.WriteFile = ReadFileName();
                    break;
                case '\n' or ';':
                    break;
                case '}' or '#':
                    _pos--;
                    break;
                default:
                    if (char.IsAsciiDigit(f))
                    {
                        if (nth)
                        {
                            throw Bad("multiple number options to `s' command");
                        }
                        _pos--;
                        long n = ReadNumber();
                        if (n == 0)
                        {
                            throw Bad("number option to `s' command may not be zero");
                        }
                        ins.Nth = (int)Math.Min(n, int.MaxValue);
                        nth = true;
                        continue;
                    }
                    throw Bad("unknown option to `s'");
            }
            break;
        }
        int end = _pos;
        if (re.Length == 0)
        {
            ins.EmptyRegex = true;
        }
        else
        {
            ins.Regex = CompileRegex(re, ignoreCase, multiline);
        }
        ParseReplacement(ins, replacement, end);
    }

    /// <summary>Splits the replacement into literal strings and references: an int (0 for <c>&amp;</c>, 1–9) or a
    /// case conversion char ('U', 'L', 'E', 'u', 'l').</summary>
    private void ParseReplacement(SedInstruction ins, string r, int end)
    {
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                ins.Replacement.Add(literal.ToString());
                literal.Clear();
            }
        }
        for (int i = 0; i < r.Length; i++)
        {
            char c = r[i];
            if (c == '&')
            {
                Flush();
                ins.Replacement.Add(0);
                continue;
            }
            if (c != '\\' || i + 1 >= r.Length)
            {
                literal.Append(c);
                continue;
            }
            char n = r[++i];
            if (char.IsAsciiDigit(n))
            {
                int group = n - '0';
                if (group > 0 && ins.Regex is not null && group > ins.Regex.Groups)
                {
                    throw Bad($"invalid reference \\{group} on `s' command's RHS", end);
                }
                Flush();
                ins.Replacement.Add(group);
                continue;
            }
            if (n is 'U' or 'L' or 'E' or 'u' or 'l')
            {
                Flush();
                ins.Replacement.Add(n);
                continue;
            }
            literal.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'f' => '\f', 'v' => '\v', 'a' => '\a', _ => n });
        }
        Flush();
    }

    private void ParseTransliterate(SedInstruction ins)
    {
        if (AtEnd || _s[_pos] is '\n' or '\\')
        {
            throw Bad("unterminated `y' command");
        }
        char delimiter = _s[_pos++];
        string? from = ReadDelimited(delimiter, regex: true);
        string? to = from is null ? null : ReadDelimited(delimiter, regex: true);
        if (from is null || to is null)
        {
            throw Bad("unterminated `y' command");
        }
        string a = UnescapeY(from), b = UnescapeY(to);
        if (a.Length != b.Length)
        {
            throw Bad("strings for `y' command are different lengths");
        }
        ins.Translate = [];
        for (int i = 0; i < a.Length; i++)
        {
            ins.Translate.TryAdd(a[i], b[i]);
        }
        EndOfCommand();
    }

    private static string UnescapeY(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char n = s[++i];
                sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'f' => '\f', 'v' => '\v', 'a' => '\a', _ => n });
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
