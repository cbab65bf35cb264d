// Pipelines, commands, operands and literals of Go's text/template/parse/parse.go.
using System.Globalization;
using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

internal sealed partial class TemplateParser
{
    private PipeNode Pipeline(string context, TokenKind end)
    {
        Token first = PeekNonSpace();
        var pipe = new PipeNode(first.Pos);
        bool declaring = true;
        while (declaring)
        {
            declaring = false;
            Token v = PeekNonSpace();
            if (v.Kind != TokenKind.Variable)
            {
                break;
            }
            int mark = _index;
            NextNonSpace();
            Token next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
            }
            else if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        declaring = true;
                        continue;
                    }
                    Errorf("range can only initialize variables");
                }
                Errorf($"too many declarations in {context}");
            }
            else
            {
                _index = mark;
            }
        }
        while (true)
        {
            Token token = NextNonSpace();
            switch (token.Kind)
            {
                case var k when k == end:
                    CheckPipeline(pipe, context);
                    if (k == TokenKind.RightParen)
                    {
                        Backup();
                    }
                    return pipe;
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Complex or TokenKind.Dot or TokenKind.Field
                    or TokenKind.Identifier or TokenKind.Number or TokenKind.Nil or TokenKind.RawString
                    or TokenKind.String or TokenKind.Variable or TokenKind.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    Unexpected(token, context);
                    break;
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0)
        {
            Errorf($"missing value for {context}");
        }
        for (int i = 1; i < pipe.Cmds.Count; i++)
        {
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                Errorf($"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            Node? operand = Operand();
            if (operand is not null)
            {
                cmd.Args.Add(operand);
            }
            Token token = Next();
            switch (token.Kind)
            {
                case TokenKind.Space:
                    continue;
                case TokenKind.RightDelim or TokenKind.RightParen:
                    Backup();
                    break;
                case TokenKind.Pipe:
                    break;
                default:
                    Unexpected(token, "operand");
                    break;
            }
            break;
        }
        if (cmd.Args.Count == 0)
        {
            Errorf("empty command");
        }
        return cmd;
    }

    private Node? Operand()
    {
        Node? node = Term();
        if (node is null)
        {
            return null;
        }
        if (Peek().Kind == TokenKind.Field)
        {
            var chain = new ChainNode(Peek().Pos, node);
            while (Peek().Kind == TokenKind.Field)
            {
                chain.Field.Add(Next().Value[1..]);
            }
            switch (node)
            {
                case FieldNode f:
                    return new FieldNode(chain.Pos, [.. f.Ident, .. chain.Field]);
                case VariableNode v:
                    return new VariableNode(chain.Pos, [.. v.Ident, .. chain.Field]);
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    Errorf($"unexpected . after term {GoFormat.Quote(node.ToString()!)}");
                    break;
                default:
                    return chain;
            }
        }
        return node;
    }

    private Node? Term()
    {
        Token token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Error:
                Unexpected(token, "operand");
                break;
            case TokenKind.Identifier:
                if (!_hasFunction(token.Value))
                {
                    Errorf($"function {GoFormat.Quote(token.Value)} not defined");
                }
                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                return UseVar(token);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.CharConstant or TokenKind.Complex or TokenKind.Number:
                return NewNumber(token);
            case TokenKind.LeftParen:
                PipeNode pipe = Pipeline("parenthesized pipeline", TokenKind.RightParen);
                Token close = Next();
                if (close.Kind != TokenKind.RightParen)
                {
                    Errorf($"unclosed right paren: unexpected {close}");
                }
                return pipe;
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(token.Pos, token.Value, Unquote(token.Value));
        }
        Backup();
        return null;
    }

    private VariableNode UseVar(Token token)
    {
        string[] ident = token.Value.Split('.');
        if (!_vars.Contains(ident[0]))
        {
            Errorf($"undefined variable {GoFormat.Quote(ident[0])}");
        }
        return new VariableNode(token.Pos, ident);
    }

    private NumberNode NewNumber(Token token)
    {
        string text = token.Value;
        if (token.Kind == TokenKind.CharConstant)
        {
            string inner = Unquote("\"" + text[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
            if (inner.EnumerateRunes().Count() != 1)
            {
                Errorf($"malformed character constant: {text}");
            }
            return new NumberNode(token.Pos, text, (long)inner.EnumerateRunes().First().Value);
        }
        if (token.Kind == TokenKind.Complex || text.EndsWith('i'))
        {
            Errorf($"complex constant {text} is not supported by this emulator");
        }
        string clean = text.Replace("_", "", StringComparison.Ordinal);
        bool negative = clean.StartsWith('-');
        string unsigned = clean.TrimStart('+', '-');
        long? integer = ParseInteger(unsigned);
        if (integer is long l)
        {
            return new NumberNode(token.Pos, text, negative ? -l : l);
        }
        if (!unsigned.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d))
        {
            if (d == Math.Floor(d) && Math.Abs(d) < 9.2e18 && !clean.Contains('.') && !clean.Contains('e') && !clean.Contains('E'))
            {
                return new NumberNode(token.Pos, text, (long)d);
            }
            return new NumberNode(token.Pos, text, d);
        }
        Errorf($"illegal number syntax: {GoFormat.Quote(text)}");
        return null;
    }

    private static long? ParseInteger(string s)
    {
        (int radix, string digits) = s.Length > 1 && s[0] == '0' ? char.ToLowerInvariant(s[1]) switch
        {
            'x' => (16, s[2..]),
            'o' => (8, s[2..]),
            'b' => (2, s[2..]),
            _ => (8, s[1..]),
        } : (10, s);
        if (digits.Length == 0)
        {
            return s == "0" ? 0 : null;
        }
        long value = 0;
        foreach (char c in digits)
        {
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix)
            {
                return null;
            }
            try
            {
                value = checked((value * radix) + digit);
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        return value;
    }

    /// <summary>strconv.Unquote for "…" and `…` literals.</summary>
    private string Unquote(string quoted)
    {
        if (quoted[0] == '`')
        {
            return quoted[1..^1].Replace("\r", "", StringComparison.Ordinal);
        }
        var sb = new StringBuilder();
        string s = quoted[1..^1];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= s.Length)
            {
                Errorf("invalid syntax");
            }
            c = s[i];
            switch (c)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case 'x' or 'u' or 'U':
                    int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                    if (s.Length - i - 1 < n
                        || !int.TryParse(s.AsSpan(i + 1, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        || (c != 'x' && !Rune.IsValid(code)))
                    {
                        Errorf("invalid syntax");
                        return null;
                    }
                    sb.Append(c == 'x' ? ((char)code).ToString() : new Rune(code).ToString());
                    i += n;
                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= s.Length || !IsOctal(s[i + 1]) || !IsOctal(s[i + 2]))
                    {
                        Errorf("invalid syntax");
                    }
                    int octal = ((c - '0') * 64) + ((s[i + 1] - '0') * 8) + (s[i + 2] - '0');
                    if (octal > 255)
                    {
                        Errorf("invalid syntax");
                    }
                    sb.Append((char)octal);
                    i += 2;
                    break;
                default:
                    Errorf("invalid syntax");
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c >= '0' && c <= '7';
}
