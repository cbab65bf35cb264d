// A port of Go's text/template/parse/parse.go: same grammar, same error texts ("template: :LINE: …").
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

/// <summary>Builds the tree of one template and of the templates it defines.</summary>
internal sealed class TemplateParser
{
    private readonly List<Token> _tokens;
    private readonly string _name;
    private readonly Func<string, bool> _hasFunction;
    private readonly Dictionary<string, ListNode> _treeSet;
    private readonly List<string> _vars = ["$"];
    private int _index;
    private int _lastLine = 1;
    private int _actionLine;
    private int _rangeDepth;

    private TemplateParser(string name, string text, Func<string, bool> hasFunction, Dictionary<string, ListNode> treeSet)
    {
        _name = name;
        _tokens = TemplateLexer.Lex(text);
        _hasFunction = hasFunction;
        _treeSet = treeSet;
    }

    /// <summary>Parses <paramref name="text"/>; the root is stored under <paramref name="name"/> in the set.</summary>
    public static Dictionary<string, ListNode> Parse(string name, string text, Func<string, bool> hasFunction)
    {
        var treeSet = new Dictionary<string, ListNode>(StringComparer.Ordinal);
        var parser = new TemplateParser(name, text, hasFunction, treeSet);
        ListNode root = parser.ParseRoot();
        if (!treeSet.TryGetValue(name, out ListNode? existing) || IsEmpty(existing))
        {
            treeSet[name] = root;
        }
        else if (!IsEmpty(root))
        {
            parser.Errorf($"template: multiple definition of template {GoFormat.Quote(name)}");
        }
        return treeSet;
    }

    private static bool IsEmpty(ListNode list) =>
        list.Nodes.All(n => n is TextNode t && string.IsNullOrWhiteSpace(t.Text));

    private Token Next()
    {
        Token token = _tokens[Math.Min(_index, _tokens.Count - 1)];
        _index++;
        _lastLine = token.Line;
        return token;
    }

    private void Backup() => _index--;

    private Token Peek()
    {
        Token token = Next();
        Backup();
        return token;
    }

    private Token NextNonSpace()
    {
        Token token;
        do
        {
            token = Next();
        }
        while (token.Kind == TokenKind.Space);
        return token;
    }

    private Token PeekNonSpace()
    {
        Token token = NextNonSpace();
        Backup();
        return token;
    }

    [DoesNotReturn]
    private void Errorf(string message) =>
        throw new GoTemplateException($"template: {_name}:{_lastLine}: {message}", isParseError: true);

    [DoesNotReturn]
    private void Unexpected(Token token, string context)
    {
        if (token.Kind == TokenKind.Error)
        {
            string extra = "";
            if (_actionLine != 0 && _actionLine != token.Line)
            {
                extra = token.Value.EndsWith(" action", StringComparison.Ordinal) ? "" : " in " + context;
                extra += $" started at {_name}:{_actionLine}";
            }
            Errorf(token.Value + extra);
        }
        Errorf($"unexpected {token} in {context}");
    }

    private Token Expect(TokenKind kind, string context)
    {
        Token token = NextNonSpace();
        if (token.Kind != kind)
        {
            Unexpected(token, context);
        }
        return token;
    }

    private ListNode ParseRoot()
    {
        var root = new ListNode(Peek().Pos);
        while (Peek().Kind != TokenKind.Eof)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                int mark = _index;
                Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition();
                    continue;
                }
                _index = mark;
            }
            Node n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                Errorf($"unexpected {n}");
            }
            root.Nodes.Add(n);
        }
        return root;
    }

    private void ParseDefinition()
    {
        const string Context = "define clause";
        Token name = NextNonSpace();
        if (name.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            Unexpected(name, Context);
        }
        string defined = Unquote(name.Value);
        Expect(TokenKind.RightDelim, Context);
        (ListNode list, Node end) = ItemList();
        if (end is not EndNode)
        {
            Errorf($"unexpected {end} in {Context}");
        }
        AddTree(defined, list);
    }

    private void AddTree(string name, ListNode list)
    {
        if (_treeSet.TryGetValue(name, out ListNode? existing) && !IsEmpty(existing) && !IsEmpty(list))
        {
            Errorf($"template: multiple definition of template {GoFormat.Quote(name)}");
        }
        if (existing is null || IsEmpty(existing))
        {
            _treeSet[name] = list;
        }
    }

    private (ListNode List, Node Next) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            Node n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                return (list, n);
            }
            list.Nodes.Add(n);
        }
        Errorf("unexpected EOF");
        return default;
    }

    private Node TextOrAction()
    {
        Token token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Text:
                return new TextNode(token.Pos, token.Value);
            case TokenKind.LeftDelim:
                _actionLine = token.Line;
                try
                {
                    return Action();
                }
                finally
                {
                    _actionLine = 0;
                }
            default:
                Unexpected(token, "input");
                return null;
        }
    }

    private Node Action()
    {
        Token token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Block:
                return BlockControl();
            case TokenKind.Break:
                return BreakOrContinue(token, "break");
            case TokenKind.Continue:
                return BreakOrContinue(token, "continue");
            case TokenKind.Else:
                return ElseControl();
            case TokenKind.End:
                return new EndNode(Expect(TokenKind.RightDelim, "end").Pos);
            case TokenKind.If:
                return Control(BranchKind.If, "if");
            case TokenKind.Range:
                return Control(BranchKind.Range, "range");
            case TokenKind.Template:
                return TemplateControl();
            case TokenKind.With:
                return Control(BranchKind.With, "with");
        }
        Backup();
        Token first = Peek();
        return new ActionNode(first.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    private Node BreakOrContinue(Token token, string word)
    {
        Token next = NextNonSpace();
        if (next.Kind != TokenKind.RightDelim)
        {
            Unexpected(next, "{{" + word + "}}");
        }
        if (_rangeDepth == 0)
        {
            Errorf("{{" + word + "}} outside {{range}}");
        }
        return word == "break" ? new BreakNode(token.Pos) : new ContinueNode(token.Pos);
    }

    private Node ElseControl()
    {
        Token peek = PeekNonSpace();
        if (peek.Kind == TokenKind.If)
        {
            return new ElseNode(peek.Pos);
        }
        return new ElseNode(Expect(TokenKind.RightDelim, "else").Pos);
    }

    private BranchNode Control(BranchKind kind, string context)
    {
        int varCount = _vars.Count;
        if (kind == BranchKind.Range)
        {
            _rangeDepth++;
        }
        PipeNode pipe = Pipeline(context, TokenKind.RightDelim);
        (ListNode list, Node next) = ItemList();
        if (kind == BranchKind.Range)
        {
            _rangeDepth--;
        }
        ListNode? elseList = null;
        if (next is ElseNode)
        {
            if (kind == BranchKind.If && Peek().Kind == TokenKind.If)
            {
                Next();
                elseList = new ListNode(next.Pos);
                elseList.Nodes.Add(Control(BranchKind.If, "if"));
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndNode)
                {
                    Errorf($"expected end; found {next}");
                }
            }
        }
        _vars.RemoveRange(varCount, _vars.Count - varCount);
        return new BranchNode(pipe.Pos, kind, pipe, list, elseList);
    }

    private string TemplateName(Token token, string context)
    {
        if (token.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            Unexpected(token, context);
        }
        return Unquote(token.Value);
    }

    private Node TemplateControl()
    {
        const string Context = "template clause";
        Token token = NextNonSpace();
        string name = TemplateName(token, Context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            Backup();
            pipe = Pipeline(Context, TokenKind.RightDelim);
        }
        return new TemplateNode(token.Pos, name, pipe);
    }

    private Node BlockControl()
    {
        const string Context = "block clause";
        Token token = NextNonSpace();
        string name = TemplateName(token, Context);
        PipeNode pipe = Pipeline(Context, TokenKind.RightDelim);
        (ListNode list, Node end) = ItemList();
        if (end is not EndNode)
        {
            Errorf($"unexpected {end} in {Context}");
        }
        AddTree(name, list);
        return new TemplateNode(token.Pos, name, pipe);
    }

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
