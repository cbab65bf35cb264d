namespace VNetEmu.Scripting.Commands.Text;

internal sealed partial class AwkParser
{
    private static readonly HashSet<string> s_assignOps = ["=", "+=", "-=", "*=", "/=", "%=", "^="];

    private List<AwkExpr> ParseExprList(string close)
    {
        bool savedGreater = _noGreater, savedIn = _noIn;
        _noGreater = false;
        _noIn = false;
        var list = new List<AwkExpr>();
        SkipNewlines();
        if (!Accept(close))
        {
            while (true)
            {
                list.Add(ParseExpr());
                SkipNewlines();
                if (Accept(close))
                {
                    break;
                }
                Expect(",");
                SkipNewlines();
            }
        }
        _noGreater = savedGreater;
        _noIn = savedIn;
        return list;
    }

    private static bool IsLvalue(AwkExpr e) => e is AwkVariable or AwkField or AwkElement;

    private AwkExpr ParseExpr()
    {
        AwkExpr left = ParseTernary();
        if (Peek.Kind == AwkTokenKind.Punct && s_assignOps.Contains(Peek.Text) && IsLvalue(left))
        {
            AwkToken op = Advance();
            if (left is AwkVariable v)
            {
                Use(v, asArray: false, op.Line);
            }
            SkipNewlines();
            return new AwkAssign(left, op.Text, ParseExpr());
        }
        return left;
    }

    private AwkExpr ParseTernary()
    {
        AwkExpr condition = ParseOr();
        if (!Accept("?"))
        {
            return condition;
        }
        SkipNewlines();
        AwkExpr then = ParseTernary();
        SkipNewlines();
        Expect(":");
        SkipNewlines();
        AwkExpr otherwise = ParseTernary();
        if (Peek.Kind == AwkTokenKind.Punct && s_assignOps.Contains(Peek.Text) && IsLvalue(otherwise))
        {
            string op = Advance().Text;
            otherwise = new AwkAssign(otherwise, op, ParseExpr());
        }
        return new AwkConditional(condition, then, otherwise);
    }

    private AwkExpr ParseOr()
    {
        AwkExpr left = ParseAnd();
        while (Accept("||"))
        {
            SkipNewlines();
            left = new AwkBinary("||", left, ParseAnd());
        }
        return left;
    }

    private AwkExpr ParseAnd()
    {
        AwkExpr left = ParseIn();
        while (Accept("&&"))
        {
            SkipNewlines();
            left = new AwkBinary("&&", left, ParseIn());
        }
        return left;
    }

    private AwkExpr ParseIn()
    {
        AwkExpr left = ParseMatch();
        while (!_noIn && Is("in"))
        {
            Advance();
            AwkToken name = Advance();
            if (name.Kind != AwkTokenKind.Name)
            {
                throw Error(name);
            }
            AwkVariable array = Variable(name.Text);
            Use(array, asArray: true, name.Line);
            left = new AwkIn(left is AwkGroup g ? g.Items : [left], array);
        }
        return left;
    }

    private AwkExpr ParseMatch()
    {
        AwkExpr left = ParseComparison();
        while (Is("~") || Is("!~"))
        {
            bool negated = Advance().Text == "!~";
            left = new AwkMatch(left, ParseComparison(), negated);
        }
        return left;
    }

    private AwkExpr ParseComparison()
    {
        AwkExpr left = ParseConcatenation();
        while (Peek.Kind == AwkTokenKind.Punct && Peek.Text is "<" or "<=" or "==" or "!=" or ">=" || (Is(">") && !_noGreater))
        {
            string op = Advance().Text;
            left = new AwkBinary(op, left, ParseConcatenation());
        }
        return left;
    }

    private bool StartsConcatenationOperand()
    {
        AwkToken t = Peek;
        return t.Kind switch
        {
            AwkTokenKind.Number or AwkTokenKind.String or AwkTokenKind.Regex or AwkTokenKind.Name or AwkTokenKind.FuncName or AwkTokenKind.Builtin => true,
            AwkTokenKind.Punct => t.Text is "$" or "(",
            AwkTokenKind.Keyword => t.Text == "getline",
            _ => false,
        };
    }

    private AwkExpr ParseConcatenation()
    {
        AwkExpr left = ParseAdditive();
        while (StartsConcatenationOperand())
        {
            left = new AwkBinary(" ", left, ParseAdditive());
        }
        if (Is("|") && PeekAt(1) is { Kind: AwkTokenKind.Keyword, Text: "getline" })
        {
            throw Refuse("getline");
        }
        return left;
    }

    private AwkExpr ParseAdditive()
    {
        AwkExpr left = ParseMultiplicative();
        while (Is("+") || Is("-"))
        {
            string op = Advance().Text;
            left = new AwkBinary(op, left, ParseMultiplicative());
        }
        return left;
    }

    private AwkExpr ParseMultiplicative()
    {
        AwkExpr left = ParseUnary();
        while (Is("*") || Is("/") || Is("%"))
        {
            string op = Advance().Text;
            left = new AwkBinary(op, left, ParseUnary());
        }
        return left;
    }

    private AwkExpr ParseUnary()
    {
        if (Is("!") || Is("-") || Is("+"))
        {
            char op = Advance().Text[0];
            return new AwkUnary(op, ParseUnary());
        }
        return ParsePower();
    }

    private AwkExpr ParsePower()
    {
        AwkExpr left = ParsePostfix();
        if (Accept("^"))
        {
            // right-associative; the exponent may carry its own sign (2^-1)
            AwkExpr right = Is("-") || Is("+") || Is("!") ? new AwkUnary(Advance().Text[0], ParsePowerOperand()) : ParsePowerOperand();
            return new AwkBinary("^", left, right);
        }
        return left;
    }

    private AwkExpr ParsePowerOperand() => Is("-") || Is("+") || Is("!") ? new AwkUnary(Advance().Text[0], ParsePowerOperand()) : ParsePower();

    private AwkExpr ParsePostfix()
    {
        if (Is("++") || Is("--"))
        {
            int delta = Advance().Text == "++" ? 1 : -1;
            AwkExpr target = ParsePostfix();
            if (!IsLvalue(target))
            {
                throw Error(Peek);
            }
            return new AwkIncrement(target, true, delta);
        }
        AwkExpr e = ParsePrimary();
        if (IsLvalue(e) && (Is("++") || Is("--")))
        {
            return new AwkIncrement(e, false, Advance().Text == "++" ? 1 : -1);
        }
        return e;
    }

    private AwkExpr ParsePrimary()
    {
        AwkToken t = Advance();
        switch (t.Kind)
        {
            case AwkTokenKind.Number:
                return new AwkNumber(t.Number);
            case AwkTokenKind.String:
                return new AwkString(t.Text);
            case AwkTokenKind.Regex:
                return new AwkRegex(CompileRegex(t.Text, t.Line), t.Text);
            case AwkTokenKind.Name:
                if (Accept("["))
                {
                    AwkVariable array = Variable(t.Text);
                    Use(array, asArray: true, t.Line);
                    return new AwkElement(array, ParseExprList("]"));
                }
                if (_functions.ContainsKey(t.Text) && _locals?.Contains(t.Text) != true)
                {
                    throw Error(Peek);
                }
                return Variable(t.Text);
            case AwkTokenKind.FuncName:
                Advance();
                var call = new AwkCall(t.Text, ParseExprList(")"), t.Line);
                _calls.Add(call);
                return call;
            case AwkTokenKind.Builtin:
                return ParseBuiltin(t);
            case AwkTokenKind.Keyword when t.Text == "getline":
                throw Refuse("getline");
        }
        if (t.Kind != AwkTokenKind.Punct)
        {
            throw Error(t);
        }
        switch (t.Text)
        {
            case "$":
                AwkExpr index = Is("++") || Is("--") ? ParsePostfix() : Is("-") || Is("+") || Is("!") ? new AwkUnary(Advance().Text[0], ParsePrimary()) : ParsePrimary();
                return new AwkField(index);
            case "(":
                bool savedGreater = _noGreater, savedIn = _noIn;
                _noGreater = false;
                _noIn = false;
                SkipNewlines();
                AwkExpr first = ParseExpr();
                SkipNewlines();
                if (Accept(")"))
                {
                    _noGreater = savedGreater;
                    _noIn = savedIn;
                    return first;
                }
                var items = new List<AwkExpr> { first };
                while (Accept(","))
                {
                    SkipNewlines();
                    items.Add(ParseExpr());
                    SkipNewlines();
                }
                Expect(")");
                _noGreater = savedGreater;
                _noIn = savedIn;
                if (!Is("in"))
                {
                    throw Error(Peek);
                }
                return new AwkGroup(items);
            case "-" or "+" or "!":
                return new AwkUnary(t.Text[0], ParseUnary());
        }
        throw Error(t);
    }

    private PosixPattern CompileRegex(string source, int line)
    {
        try
        {
            return PosixPattern.Compile(source, PosixSyntax.Awk);
        }
        catch (PosixRegexException x)
        {
            throw new AwkSyntaxException($"awk: line {line}: regular expression compile failed ({x.Message})\n{source}");
        }
    }

    private AwkExpr ParseBuiltin(AwkToken t)
    {
        string name = t.Text;
        if (name == "system")
        {
            throw new AwkSyntaxException($"awk: line {t.Line}: system() is not emulated");
        }
        if (!Is("("))
        {
            if (name == "length")
            {
                return new AwkBuiltin(name, []);
            }
            throw Error(Peek);
        }
        Advance();
        List<AwkExpr> args = ParseExprList(")");
        (int min, int max) = name switch
        {
            "length" => (0, 1),
            "substr" => (2, 3),
            "index" or "atan2" => (2, 2),
            "split" => (2, 3),
            "sub" or "gsub" => (2, 3),
            "match" => (2, 2),
            "sprintf" => (1, int.MaxValue),
            "rand" => (0, 0),
            "srand" or "fflush" => (0, 1),
            _ => (1, 1),
        };
        if (args.Count < min || args.Count > max)
        {
            throw new AwkSyntaxException($"awk: line {t.Line}: wrong number of arguments in call to {name}");
        }
        if (name is "sub" or "gsub" && args.Count == 3 && !IsLvalue(args[2]))
        {
            throw new AwkSyntaxException($"awk: line {t.Line}: sub/gsub: third argument must be a variable, field or array element");
        }
        if (name == "split" && args[1] is not AwkVariable)
        {
            throw Error(t);
        }
        if (name == "split")
        {
            Use((AwkVariable)args[1], asArray: true, t.Line);
        }
        return new AwkBuiltin(name, args);
    }
}
