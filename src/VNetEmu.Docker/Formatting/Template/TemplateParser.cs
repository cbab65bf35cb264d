// A port of Go's text/template/parse/parse.go: same grammar, same error texts ("template: :LINE: …").
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace VNetEmu.Docker.Formatting.Template;

/// <summary>Builds the tree of one template and of the templates it defines.</summary>
internal sealed partial class TemplateParser
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
}
