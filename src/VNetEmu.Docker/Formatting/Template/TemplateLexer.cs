// A port of Go's text/template/parse/lex.go (Go 1.19+: newlines inside actions, trim markers, comments,
// break/continue keywords). Read that file before changing this one: error texts must stay identical.
using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

/// <summary>Splits a template into tokens; stops after the first error token, as Go's lexer does.</summary>
internal sealed partial class TemplateLexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";
    private const string LeftComment = "/*";
    private const string RightComment = "*/";
    private const string SpaceChars = " \t\r\n";

    private static readonly Dictionary<string, TokenKind> s_keywords = new()
    {
        ["."] = TokenKind.Dot,
        ["block"] = TokenKind.Block,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["define"] = TokenKind.Define,
        ["else"] = TokenKind.Else,
        ["end"] = TokenKind.End,
        ["if"] = TokenKind.If,
        ["range"] = TokenKind.Range,
        ["nil"] = TokenKind.Nil,
        ["template"] = TokenKind.Template,
        ["with"] = TokenKind.With,
    };

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _start;
    private int _parenDepth;
    private bool _insideAction;

    private TemplateLexer(string input) => _input = input;

    public static List<Token> Lex(string input)
    {
        var lexer = new TemplateLexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            bool more = _insideAction ? LexInsideAction() : LexText();
            if (!more)
            {
                return;
            }
        }
    }

    private int LineAt(int pos)
    {
        int line = 1;
        for (int i = 0; i < pos && i < _input.Length; i++)
        {
            if (_input[i] == '\n')
            {
                line++;
            }
        }
        return line;
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos], LineAt(_start)));
        _start = _pos;
    }

    private bool Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message, LineAt(_start)));
        return false;
    }

    private int Peek() => _pos < _input.Length ? _input[_pos] : -1;

    private int Next() => _pos < _input.Length ? _input[_pos++] : -1;

    private bool StartsWith(int at, string s) => at <= _input.Length && _input.AsSpan(at).StartsWith(s, StringComparison.Ordinal);

    private bool LexText()
    {
        int x = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
        if (x < 0)
        {
            _pos = _input.Length;
            if (_pos > _start)
            {
                Emit(TokenKind.Text);
            }
            Emit(TokenKind.Eof);
            return false;
        }
        _pos = x;
        int trim = 0;
        if (StartsWith(_pos + LeftDelim.Length, "- "))
        {
            string before = _input[_start.._pos];
            trim = before.Length - before.TrimEnd(SpaceChars.ToCharArray()).Length;
        }
        _pos -= trim;
        if (_pos > _start)
        {
            Emit(TokenKind.Text);
        }
        _pos += trim;
        _start = _pos;
        return LexLeftDelim();
    }

    private bool LexLeftDelim()
    {
        _pos += LeftDelim.Length;
        bool trimSpace = StartsWith(_pos, "- ");
        int afterMarker = trimSpace ? 2 : 0;
        if (StartsWith(_pos + afterMarker, LeftComment))
        {
            _pos += afterMarker;
            _start = _pos;
            return LexComment();
        }
        Emit(TokenKind.LeftDelim);
        _pos += afterMarker;
        _start = _pos;
        _parenDepth = 0;
        _insideAction = true;
        return true;
    }

    private bool LexComment()
    {
        _pos += LeftComment.Length;
        int i = _input.IndexOf(RightComment, _pos, StringComparison.Ordinal);
        if (i < 0)
        {
            return Error("unclosed comment");
        }
        _pos = i + RightComment.Length;
        (bool delim, bool trimSpace) = AtRightDelim();
        if (!delim)
        {
            return Error("comment ends before closing delimiter");
        }
        _pos += (trimSpace ? 2 : 0) + RightDelim.Length;
        if (trimSpace)
        {
            _pos += LeftTrimLength(_pos);
        }
        _start = _pos;
        return true;
    }

    private int LeftTrimLength(int at)
    {
        int n = 0;
        while (at + n < _input.Length && SpaceChars.Contains(_input[at + n]))
        {
            n++;
        }
        return n;
    }

    private (bool Delim, bool TrimSpaces) AtRightDelim()
    {
        if (StartsWith(_pos, RightDelim))
        {
            return (true, false);
        }
        return StartsWith(_pos, " -") && StartsWith(_pos + 2, RightDelim) ? (true, true) : (false, false);
    }

    private bool LexRightDelim()
    {
        bool trimSpace = StartsWith(_pos, " -");
        if (trimSpace)
        {
            _pos += 2;
            _start = _pos;
        }
        _pos += RightDelim.Length;
        Emit(TokenKind.RightDelim);
        if (trimSpace)
        {
            _pos += LeftTrimLength(_pos);
            _start = _pos;
        }
        _insideAction = false;
        return true;
    }

    private bool LexInsideAction()
    {
        (bool delim, _) = AtRightDelim();
        if (delim)
        {
            return _parenDepth == 0 ? LexRightDelim() : Error("unclosed left paren");
        }
        int r = Next();
        switch (r)
        {
            case -1:
                return Error("unclosed action");
            case ' ' or '\t' or '\r' or '\n':
                _pos--;
                return LexSpace();
            case '=':
                Emit(TokenKind.Assign);
                return true;
            case ':':
                if (Next() != '=')
                {
                    return Error("expected :=");
                }
                Emit(TokenKind.Declare);
                return true;
            case '|':
                Emit(TokenKind.Pipe);
                return true;
            case '"':
                return LexQuote();
            case '`':
                return LexRawQuote();
            case '$':
                return LexVariable();
            case '\'':
                return LexChar();
            case '(':
                Emit(TokenKind.LeftParen);
                _parenDepth++;
                return true;
            case ')':
                Emit(TokenKind.RightParen);
                _parenDepth--;
                return _parenDepth >= 0 || Error("unexpected right paren");
        }
        if (r == '.' && _pos < _input.Length && (_input[_pos] < '0' || _input[_pos] > '9'))
        {
            return LexFieldOrVariable(TokenKind.Field);
        }
        if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9'))
        {
            _pos--;
            return LexNumber();
        }
        _pos--;
        Rune rune = RuneAt(_pos);
        if (IsAlphaNumeric(rune))
        {
            return LexIdentifier();
        }
        _pos += rune.Utf16SequenceLength;
        if (rune.Value <= 0x7F && !char.IsControl((char)rune.Value))
        {
            Emit(TokenKind.Char);
            return true;
        }
        return Error("unrecognized character in action: " + GoFormat.UnicodeFormat(rune));
    }

    private Rune RuneAt(int at) =>
        Rune.DecodeFromUtf16(_input.AsSpan(at), out Rune rune, out _) == System.Buffers.OperationStatus.Done
            ? rune
            : Rune.ReplacementChar;

    private static bool IsAlphaNumeric(Rune r) => r.Value == '_' || Rune.IsLetter(r) || Rune.IsDigit(r);

    private bool LexSpace()
    {
        int numSpaces = 0;
        while (Peek() is ' ' or '\t' or '\r' or '\n')
        {
            _pos++;
            numSpaces++;
        }
        if (StartsWith(_pos - 1, " -") && StartsWith(_pos + 1, RightDelim))
        {
            _pos--;
            if (numSpaces == 1)
            {
                return LexRightDelim();
            }
        }
        Emit(TokenKind.Space);
        return true;
    }

    private bool LexIdentifier()
    {
        while (_pos < _input.Length && IsAlphaNumeric(RuneAt(_pos)))
        {
            _pos += RuneAt(_pos).Utf16SequenceLength;
        }
        string word = _input[_start.._pos];
        if (!AtTerminator())
        {
            return Error("bad character " + GoFormat.UnicodeFormat(RuneAt(_pos)));
        }
        if (s_keywords.TryGetValue(word, out TokenKind kind))
        {
            Emit(kind);
        }
        else if (word is "true" or "false")
        {
            Emit(TokenKind.Bool);
        }
        else
        {
            Emit(TokenKind.Identifier);
        }
        return true;
    }

    private bool LexVariable()
    {
        if (AtTerminator())
        {
            Emit(TokenKind.Variable);
            return true;
        }
        return LexFieldOrVariable(TokenKind.Variable);
    }

    private bool LexFieldOrVariable(TokenKind kind)
    {
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return true;
        }
        while (_pos < _input.Length && IsAlphaNumeric(RuneAt(_pos)))
        {
            _pos += RuneAt(_pos).Utf16SequenceLength;
        }
        if (!AtTerminator())
        {
            return Error("bad character " + GoFormat.UnicodeFormat(RuneAt(_pos)));
        }
        Emit(kind);
        return true;
    }

    private bool AtTerminator()
    {
        int r = Peek();
        return r is -1 or ' ' or '\t' or '\r' or '\n' or '.' or ',' or '|' or ':' or ')' or '(' or '}';
    }
}
