namespace VNetEmu.Scripting.Commands.Text;

/// <summary>Parses a POSIX awk program (BEGIN/END, pattern-action rules, ranges, functions) into
/// <see cref="AwkProgram"/>. Syntax errors read as mawk's (<c>awk: line N: syntax error at or near X</c>);
/// <c>getline</c>, <c>system()</c> and pipes are refused by name.</summary>
internal sealed partial class AwkParser
{
    private readonly List<AwkToken> _tokens = [];
    private readonly Dictionary<string, AwkCell> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AwkFunction> _functions = new(StringComparer.Ordinal);
    private readonly List<AwkCall> _calls = [];
    private readonly Dictionary<string, bool> _usedAsArray = new(StringComparer.Ordinal);
    private List<string>? _locals;
    private int _pos;
    private int _braces;
    private bool _noGreater;
    private bool _noIn;
    private int _loops;
    private bool _beginOrEnd;

    private AwkParser(string text)
    {
        var lexer = new AwkLexer(text);
        while (true)
        {
            AwkToken t = lexer.Next();
            _tokens.Add(t);
            if (t.Kind == AwkTokenKind.End)
            {
                break;
            }
        }
    }

    public static AwkProgram Parse(string text, IEnumerable<string> predefined)
    {
        var p = new AwkParser(text);
        foreach (string name in predefined)
        {
            p.Global(name);
        }
        return p.ParseProgram();
    }

    private AwkToken Peek => _tokens[_pos];

    private AwkToken PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private AwkToken Advance() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private bool Is(string punct) => Peek.Kind is AwkTokenKind.Punct or AwkTokenKind.Keyword && Peek.Text == punct;

    private bool Accept(string punct)
    {
        if (Is(punct))
        {
            Advance();
            return true;
        }
        return false;
    }

    private AwkSyntaxException Error(AwkToken at) => at.Kind == AwkTokenKind.End && _braces > 0
        ? new AwkSyntaxException($"awk: line {at.Line}: missing }} near end of file")
        : new AwkSyntaxException($"awk: line {at.Line}: syntax error at or near {at.Display}");

    private AwkSyntaxException Refuse(string what) => new($"awk: line {Peek.Line}: {what} is not emulated");

    private void Expect(string punct)
    {
        if (!Accept(punct))
        {
            throw Error(Peek);
        }
    }

    private void SkipNewlines()
    {
        while (Peek.Kind == AwkTokenKind.Newline)
        {
            Advance();
        }
    }

    private AwkCell Global(string name)
    {
        if (!_globals.TryGetValue(name, out AwkCell? cell))
        {
            cell = new AwkCell(name);
            _globals[name] = cell;
        }
        return cell;
    }

    private AwkVariable Variable(string name)
    {
        int local = _locals?.IndexOf(name) ?? -1;
        return new AwkVariable(name, local >= 0 ? null : Global(name), local);
    }

    /// <summary>mawk's parse-time check that a global is not used both as an array and as a scalar.</summary>
    private void Use(AwkVariable v, bool asArray, int line)
    {
        if (v.Cell is null)
        {
            return;
        }
        if (_usedAsArray.TryGetValue(v.Name, out bool array) && array != asArray)
        {
            throw new AwkSyntaxException($"awk: line {line}: illegal reference to {(array ? "array" : "variable")} {v.Name}");
        }
        _usedAsArray[v.Name] = asArray;
    }

    private AwkProgram ParseProgram()
    {
        var rules = new List<AwkRule>();
        while (true)
        {
            while (Peek.Kind == AwkTokenKind.Newline || Is(";"))
            {
                Advance();
            }
            if (Peek.Kind == AwkTokenKind.End)
            {
                break;
            }
            if (Is("function"))
            {
                ParseFunction();
                continue;
            }
            AwkRule rule = ParseRule();
            rules.Add(rule);
            if (rule.Action is null && Peek.Kind is not (AwkTokenKind.Newline or AwkTokenKind.End) && !Is(";"))
            {
                throw Error(Peek);
            }
        }
        foreach (AwkCall call in _calls)
        {
            if (!_functions.ContainsKey(call.Name))
            {
                throw new AwkSyntaxException($"awk: line {Peek.Line}: function {call.Name} never defined");
            }
        }
        return new AwkProgram(rules, _functions, _globals);
    }

    private AwkRule ParseRule()
    {
        if (Is("BEGIN") || Is("END"))
        {
            bool begin = Advance().Text == "BEGIN";
            _beginOrEnd = true;
            AwkBlock action = ParseAction();
            _beginOrEnd = false;
            return new AwkRule(begin ? AwkPatternKind.Begin : AwkPatternKind.End, null, null, action);
        }
        if (Is("{"))
        {
            return new AwkRule(AwkPatternKind.Always, null, null, ParseAction());
        }
        AwkExpr pattern = ParseExpr();
        if (Accept(","))
        {
            SkipNewlines();
            AwkExpr end = ParseExpr();
            return new AwkRule(AwkPatternKind.Range, pattern, end, Is("{") ? ParseAction() : null);
        }
        return new AwkRule(AwkPatternKind.Expression, pattern, null, Is("{") ? ParseAction() : null);
    }

    private AwkBlock ParseAction()
    {
        if (!Is("{"))
        {
            throw Error(Peek);
        }
        return ParseBlock();
    }

    private void ParseFunction()
    {
        Advance();
        AwkToken name = Advance();
        if (name.Kind is not (AwkTokenKind.Name or AwkTokenKind.FuncName) || _functions.ContainsKey(name.Text))
        {
            throw Error(name);
        }
        Expect("(");
        var parameters = new List<string>();
        SkipNewlines();
        while (!Is(")"))
        {
            AwkToken p = Advance();
            if (p.Kind != AwkTokenKind.Name || parameters.Contains(p.Text))
            {
                throw Error(p);
            }
            parameters.Add(p.Text);
            SkipNewlines();
            if (!Is(")"))
            {
                Expect(",");
                SkipNewlines();
            }
        }
        Advance();
        SkipNewlines();
        _locals = parameters;
        // registered before the body so that it may call itself
        var function = new AwkFunction(name.Text, parameters, new AwkBlock([]));
        _functions[name.Text] = function;
        AwkBlock body = ParseAction();
        _functions[name.Text] = function with { Body = body };
        _locals = null;
    }
}
