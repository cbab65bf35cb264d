using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

internal enum TokenKind
{
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    Keyword, // only delimits the keywords below
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

internal readonly record struct Token(TokenKind Kind, int Pos, string Value, int Line)
{
    /// <summary>As Go's item.String(), used in "unexpected %s in %s".</summary>
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Error => Value,
        > TokenKind.Keyword => "<" + Value + ">",
        _ when Encoding.UTF8.GetByteCount(Value) > 10 => GoFormat.Quote(FirstRunes(Value, 10)) + "...",
        _ => GoFormat.Quote(Value),
    };

    private static string FirstRunes(string s, int n)
    {
        var sb = new StringBuilder();
        foreach (Rune r in s.EnumerateRunes())
        {
            if (n-- == 0)
            {
                break;
            }
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }
}
