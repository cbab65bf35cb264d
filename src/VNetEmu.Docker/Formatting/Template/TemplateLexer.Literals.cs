// Character, number and string literals of Go's text/template/parse/lex.go.
namespace VNetEmu.Docker.Formatting.Template;

internal sealed partial class TemplateLexer
{
    private bool LexChar()
    {
        while (true)
        {
            int c = Next();
            if (c == '\\')
            {
                c = Next();
                if (c != -1 && c != '\n')
                {
                    continue;
                }
            }
            if (c is -1 or '\n')
            {
                return Error("unterminated character constant");
            }
            if (c == '\'')
            {
                break;
            }
        }
        Emit(TokenKind.CharConstant);
        return true;
    }

    private bool LexNumber()
    {
        if (!ScanNumber())
        {
            return Error("bad number syntax: " + GoFormat.Quote(_input[_start.._pos]));
        }
        if (Peek() is '+' or '-')
        {
            if (!ScanNumber() || _input[_pos - 1] != 'i')
            {
                return Error("bad number syntax: " + GoFormat.Quote(_input[_start.._pos]));
            }
            Emit(TokenKind.Complex);
            return true;
        }
        Emit(TokenKind.Number);
        return true;
    }

    private bool Accept(string valid)
    {
        if (_pos < _input.Length && valid.Contains(_input[_pos]))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private bool ScanNumber()
    {
        Accept("+-");
        string digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }
        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }
        if (digits.Length == 11 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        if (digits.Length == 23 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        Accept("i");
        if (_pos < _input.Length && IsAlphaNumeric(RuneAt(_pos)))
        {
            _pos += RuneAt(_pos).Utf16SequenceLength;
            return false;
        }
        return true;
    }

    private bool LexQuote()
    {
        while (true)
        {
            int c = Next();
            if (c == '\\')
            {
                c = Next();
                if (c != -1 && c != '\n')
                {
                    continue;
                }
            }
            if (c is -1 or '\n')
            {
                return Error("unterminated quoted string");
            }
            if (c == '"')
            {
                break;
            }
        }
        Emit(TokenKind.String);
        return true;
    }

    private bool LexRawQuote()
    {
        int end = _input.IndexOf('`', _pos);
        if (end < 0)
        {
            _pos = _input.Length;
            return Error("unterminated raw quoted string");
        }
        _pos = end + 1;
        Emit(TokenKind.RawString);
        return true;
    }
}
