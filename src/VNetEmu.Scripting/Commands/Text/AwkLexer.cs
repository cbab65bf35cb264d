using System.Globalization;
using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>An awk program error in mawk's one-line form (<c>awk: line 1: syntax error at or near }</c>).</summary>
internal sealed class AwkSyntaxException(string message) : Exception(message);

internal enum AwkTokenKind : byte
{
    Number,
    String,
    Regex,
    Name,
    FuncName,
    Builtin,
    Keyword,
    Punct,
    Newline,
    End,
}

internal readonly record struct AwkToken(AwkTokenKind Kind, string Text, int Line, double Number = 0)
{
    /// <summary>How mawk names the token in "syntax error at or near …".</summary>
    public string Display => Kind switch
    {
        AwkTokenKind.Newline => "end of line",
        AwkTokenKind.End => "end of file",
        AwkTokenKind.String => "\"" + Text + "\"",
        AwkTokenKind.Regex => "/" + Text + "/",
        _ => Text,
    };
}

/// <summary>Splits awk program text into tokens. Whether <c>/</c> starts a regular expression or divides depends on
/// the token before it, as in every awk.</summary>
internal sealed class AwkLexer(string src)
{
    private static readonly HashSet<string> s_keywords =
        ["BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue", "next", "nextfile", "exit", "return", "delete", "getline", "in", "print", "printf"];

    public static readonly HashSet<string> Builtins =
        ["length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper", "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "close", "system", "fflush"];

    private static readonly string[] s_operators =
        ["**=", "&&", "||", "==", "<=", ">=", "!=", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "**", ">>", "!~"];

    private int _pos;
    private int _line = 1;
    private AwkToken? _previous;

    public AwkToken Next()
    {
        AwkToken t = Scan();
        _previous = t;
        return t;
    }

    private bool DivisionAllowed => _previous is AwkToken p && (p.Kind is AwkTokenKind.Number or AwkTokenKind.String or AwkTokenKind.Name or AwkTokenKind.Regex
        || (p.Kind == AwkTokenKind.Builtin && p.Text == "length") || (p.Kind == AwkTokenKind.Punct && p.Text is ")" or "]" or "$" or "++" or "--"));

    private AwkSyntaxException Error(string what) => new($"awk: line {_line}: {what}");

    private AwkToken Scan()
    {
        while (_pos < src.Length)
        {
            char c = src[_pos];
            if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == '\\' && _pos + 1 < src.Length && src[_pos + 1] == '\n')
            {
                _pos += 2;
                _line++;
            }
            else if (c == '\\' && _pos + 2 < src.Length && src[_pos + 1] == '\r' && src[_pos + 2] == '\n')
            {
                _pos += 3;
                _line++;
            }
            else if (c == '#')
            {
                while (_pos < src.Length && src[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                break;
            }
        }
        if (_pos >= src.Length)
        {
            return new AwkToken(AwkTokenKind.End, "", CountEndLine());
        }
        char ch = src[_pos];
        int line = _line;
        if (ch == '\n')
        {
            _pos++;
            _line++;
            return new AwkToken(AwkTokenKind.Newline, "\n", line);
        }
        if (char.IsAsciiDigit(ch) || (ch == '.' && _pos + 1 < src.Length && char.IsAsciiDigit(src[_pos + 1])))
        {
            return ScanNumber(line);
        }
        if (char.IsAsciiLetter(ch) || ch == '_')
        {
            int start = _pos;
            while (_pos < src.Length && (char.IsAsciiLetterOrDigit(src[_pos]) || src[_pos] == '_'))
            {
                _pos++;
            }
            string word = src[start.._pos];
            if (s_keywords.Contains(word))
            {
                return new AwkToken(AwkTokenKind.Keyword, word == "func" ? "function" : word, line);
            }
            if (Builtins.Contains(word))
            {
                return new AwkToken(AwkTokenKind.Builtin, word, line);
            }
            bool call = _pos < src.Length && src[_pos] == '(';
            return new AwkToken(call ? AwkTokenKind.FuncName : AwkTokenKind.Name, word, line);
        }
        if (ch == '"')
        {
            return ScanString(line);
        }
        if (ch == '/' && !DivisionAllowed)
        {
            return ScanRegex(line);
        }
        foreach (string op in s_operators)
        {
            if (string.CompareOrdinal(src, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return new AwkToken(AwkTokenKind.Punct, op == "**" ? "^" : op == "**=" ? "^=" : op, line);
            }
        }
        if ("{}()[];,+-*/%^!><|?:~$=".Contains(ch))
        {
            _pos++;
            return new AwkToken(AwkTokenKind.Punct, ch.ToString(), line);
        }
        _pos++;
        throw Error($"syntax error at or near {ch}");
    }

    /// <summary>mawk reports the end of the program one line past its last line.</summary>
    private int CountEndLine() => _line + 1;

    private AwkToken ScanNumber(int line)
    {
        int start = _pos;
        if (src[_pos] == '0' && _pos + 1 < src.Length && src[_pos + 1] is 'x' or 'X' && _pos + 2 < src.Length && char.IsAsciiHexDigit(src[_pos + 2]))
        {
            _pos += 2;
            while (_pos < src.Length && char.IsAsciiHexDigit(src[_pos]))
            {
                _pos++;
            }
            return new AwkToken(AwkTokenKind.Number, src[start.._pos], line, (double)ulong.Parse(src[(start + 2).._pos], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        while (_pos < src.Length && char.IsAsciiDigit(src[_pos]))
        {
            _pos++;
        }
        if (_pos < src.Length && src[_pos] == '.')
        {
            _pos++;
            while (_pos < src.Length && char.IsAsciiDigit(src[_pos]))
            {
                _pos++;
            }
        }
        if (_pos < src.Length && src[_pos] is 'e' or 'E')
        {
            int e = _pos + 1;
            if (e < src.Length && src[e] is '+' or '-')
            {
                e++;
            }
            if (e < src.Length && char.IsAsciiDigit(src[e]))
            {
                while (e < src.Length && char.IsAsciiDigit(src[e]))
                {
                    e++;
                }
                _pos = e;
            }
        }
        string text = src[start.._pos];
        if (text.Length > 1 && text[0] == '0' && text.All(c => c is >= '0' and <= '7'))
        {
            return new AwkToken(AwkTokenKind.Number, text, line, Convert.ToInt64(text, 8)); // gawk reads 010 as octal
        }
        return new AwkToken(AwkTokenKind.Number, text, line, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private AwkToken ScanString(int line)
    {
        int start = ++_pos;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= src.Length || src[_pos] == '\n')
            {
                string shown = src[start..Math.Min(src.Length, start + 10)].Split('\n')[0];
                throw Error($"runaway string constant \"{shown} ...");
            }
            char c = src[_pos++];
            if (c == '"')
            {
                return new AwkToken(AwkTokenKind.String, sb.ToString(), line);
            }
            if (c != '\\' || _pos >= src.Length)
            {
                sb.Append(c);
                continue;
            }
            char n = src[_pos++];
            switch (n)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a': sb.Append('\a'); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case '\n':
                    _line++;
                    break;
                default:
                    if (n is >= '0' and <= '7')
                    {
                        int v = n - '0';
                        for (int k = 0; k < 2 && _pos < src.Length && src[_pos] is >= '0' and <= '7'; k++)
                        {
                            v = v * 8 + (src[_pos++] - '0');
                        }
                        sb.Append((char)v);
                    }
                    else
                    {
                        sb.Append('\\').Append(n); // kept for the regex it may become ("\." stays a literal dot)
                    }
                    break;
            }
        }
    }

    private AwkToken ScanRegex(int line)
    {
        int start = ++_pos;
        var sb = new StringBuilder();
        bool inBracket = false;
        while (true)
        {
            if (_pos >= src.Length || src[_pos] == '\n')
            {
                string shown = src[start..Math.Min(src.Length, start + 10)].Split('\n')[0];
                throw Error($"runaway regular expression /{shown} ...");
            }
            char c = src[_pos++];
            if (c == '/' && !inBracket)
            {
                return new AwkToken(AwkTokenKind.Regex, sb.ToString(), line);
            }
            if (c == '\\' && _pos < src.Length)
            {
                char n = src[_pos++];
                if (n == '/')
                {
                    sb.Append('/');
                }
                else
                {
                    sb.Append('\\').Append(n);
                }
                continue;
            }
            if (c == '[' && !inBracket)
            {
                inBracket = true;
                sb.Append(c);
                if (_pos < src.Length && src[_pos] == '^')
                {
                    sb.Append(src[_pos++]);
                }
                if (_pos < src.Length && src[_pos] == ']')
                {
                    sb.Append(src[_pos++]);
                }
                continue;
            }
            if (c == '[' && inBracket && _pos < src.Length && src[_pos] is ':' or '.' or '=')
            {
                int close = src.IndexOf(src[_pos] + "]", _pos + 1, StringComparison.Ordinal);
                if (close > 0 && src.IndexOf('\n', _pos) is var nl && (nl < 0 || nl > close))
                {
                    sb.Append(src, _pos - 1, close + 2 - (_pos - 1));
                    _pos = close + 2;
                    continue;
                }
            }
            if (c == ']' && inBracket)
            {
                inBracket = false;
            }
            sb.Append(c);
        }
    }
}
