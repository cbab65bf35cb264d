namespace VNetEmu.Scripting.Commands.Text;

internal sealed partial class AwkParser
{
    private AwkBlock ParseBlock()
    {
        Expect("{");
        _braces++;
        var statements = new List<AwkStatement>();
        while (true)
        {
            while (Peek.Kind == AwkTokenKind.Newline || Is(";"))
            {
                Advance();
            }
            if (Accept("}"))
            {
                _braces--;
                return new AwkBlock(statements);
            }
            if (Peek.Kind == AwkTokenKind.End)
            {
                throw Error(Peek);
            }
            statements.Add(ParseStatement());
        }
    }

    /// <summary>A statement ends at <c>;</c>, a newline, or before <c>}</c>.</summary>
    private void EndSimple()
    {
        if (Is(";") || Peek.Kind == AwkTokenKind.Newline)
        {
            Advance();
            return;
        }
        if (Is("}") || Peek.Kind == AwkTokenKind.End)
        {
            return;
        }
        throw Error(Peek);
    }

    /// <summary>The body of if/while/for: a statement, possibly on the next line; a lone <c>;</c> is empty.</summary>
    private AwkStatement ParseBody()
    {
        SkipNewlines();
        if (Accept(";"))
        {
            return new AwkBlock([]);
        }
        return ParseStatement();
    }

    private AwkStatement ParseStatement()
    {
        AwkToken t = Peek;
        if (t.Kind == AwkTokenKind.Punct && t.Text == "{")
        {
            return ParseBlock();
        }
        if (t.Kind == AwkTokenKind.Keyword)
        {
            switch (t.Text)
            {
                case "if":
                    return ParseIf();
                case "while":
                    Advance();
                    Expect("(");
                    AwkExpr condition = ParseExpr();
                    Expect(")");
                    if (Accept(";"))
                    {
                        return new AwkWhile(condition, new AwkBlock([]), false);
                    }
                    return new AwkWhile(condition, Loop(ParseBody), false);
                case "do":
                    Advance();
                    AwkStatement body = Loop(ParseBody);
                    while (Peek.Kind == AwkTokenKind.Newline || Is(";"))
                    {
                        Advance();
                    }
                    Expect("while");
                    Expect("(");
                    AwkExpr test = ParseExpr();
                    Expect(")");
                    EndSimple();
                    return new AwkWhile(test, body, true);
                case "for":
                    return ParseFor();
            }
        }
        AwkStatement simple = ParseSimpleStatement();
        EndSimple();
        return simple;
    }

    private AwkStatement Loop(Func<AwkStatement> body)
    {
        _loops++;
        try
        {
            return body();
        }
        finally
        {
            _loops--;
        }
    }

    private AwkIf ParseIf()
    {
        Advance();
        Expect("(");
        AwkExpr condition = ParseExpr();
        Expect(")");
        AwkStatement then = ParseBody();
        int save = _pos;
        while (Peek.Kind == AwkTokenKind.Newline || Is(";"))
        {
            Advance();
        }
        if (Accept("else"))
        {
            return new AwkIf(condition, then, ParseBody());
        }
        _pos = save;
        return new AwkIf(condition, then, null);
    }

    private AwkStatement ParseFor()
    {
        Advance();
        Expect("(");
        if (Peek.Kind == AwkTokenKind.Name && PeekAt(1) is { Kind: AwkTokenKind.Keyword, Text: "in" } && PeekAt(2).Kind == AwkTokenKind.Name && PeekAt(3) is { Kind: AwkTokenKind.Punct, Text: ")" })
        {
            AwkVariable variable = Variable(Advance().Text);
            Advance();
            AwkToken arrayName = Advance();
            AwkVariable array = Variable(arrayName.Text);
            Use(array, asArray: true, arrayName.Line);
            Advance();
            return new AwkForIn(variable, array, Loop(ParseBody));
        }
        if (Peek.Kind == AwkTokenKind.Punct && Peek.Text == "(" && PeekAt(1).Kind == AwkTokenKind.Name && PeekAt(2) is { Kind: AwkTokenKind.Keyword, Text: "in" })
        {
            // for ((k) in a): mawk accepts the parenthesized form too
            int save = _pos;
            Advance();
            string name = Advance().Text;
            if (Accept(")") && Accept("in") && Peek.Kind == AwkTokenKind.Name && PeekAt(1) is { Kind: AwkTokenKind.Punct, Text: ")" })
            {
                AwkVariable array = Variable(Advance().Text);
                Advance();
                return new AwkForIn(Variable(name), array, Loop(ParseBody));
            }
            _pos = save;
        }
        AwkStatement? init = Is(";") ? null : ParseSimpleStatement();
        Expect(";");
        SkipNewlines();
        AwkExpr? condition = Is(";") ? null : ParseExpr();
        Expect(";");
        SkipNewlines();
        AwkStatement? step = Is(")") ? null : ParseSimpleStatement();
        Expect(")");
        if (Accept(";"))
        {
            return new AwkFor(init, condition, step, new AwkBlock([]));
        }
        return new AwkFor(init, condition, step, Loop(ParseBody));
    }

    private AwkStatement ParseSimpleStatement()
    {
        AwkToken t = Peek;
        if (t.Kind != AwkTokenKind.Keyword)
        {
            return new AwkExpressionStatement(ParseExpr());
        }
        switch (t.Text)
        {
            case "print" or "printf":
                return ParsePrint();
            case "next" or "nextfile":
                if (_beginOrEnd)
                {
                    throw new AwkSyntaxException($"awk: line {t.Line}: improper use of {t.Text}");
                }
                Advance();
                return new AwkJump(t.Text, null);
            case "break" or "continue":
                if (_loops == 0)
                {
                    throw new AwkSyntaxException($"awk: line {t.Line}: {t.Text} statement outside of loop");
                }
                Advance();
                return new AwkJump(t.Text, null);
            case "exit" or "return":
                Advance();
                if (t.Text == "return" && _locals is null)
                {
                    throw new AwkSyntaxException($"awk: line {t.Line}: return outside function body");
                }
                AwkExpr? value = Is(";") || Is("}") || Peek.Kind is AwkTokenKind.Newline or AwkTokenKind.End ? null : ParseExpr();
                return new AwkJump(t.Text, value);
            case "delete":
                Advance();
                AwkToken name = Advance();
                if (name.Kind != AwkTokenKind.Name)
                {
                    throw Error(name);
                }
                AwkVariable array = Variable(name.Text);
                Use(array, asArray: true, name.Line);
                if (!Accept("["))
                {
                    return new AwkDelete(array, null);
                }
                List<AwkExpr> subscripts = ParseExprList("]");
                return new AwkDelete(array, subscripts);
            case "getline":
                throw Refuse("getline");
            default:
                return new AwkExpressionStatement(ParseExpr());
        }
    }

    private AwkPrint ParsePrint()
    {
        bool formatted = Advance().Text == "printf";
        List<AwkExpr> args;
        if (Is("(") && ParenthesizedListEndsStatement())
        {
            Advance();
            args = ParseExprList(")");
        }
        else if (Is(";") || Is("}") || Is(">") || Is(">>") || Is("|") || Peek.Kind is AwkTokenKind.Newline or AwkTokenKind.End)
        {
            args = [];
        }
        else
        {
            bool saved = _noGreater;
            _noGreater = true;
            args = [ParseExpr()];
            while (Accept(","))
            {
                SkipNewlines();
                args.Add(ParseExpr());
            }
            _noGreater = saved;
        }
        if (formatted && args.Count == 0)
        {
            throw Error(Peek);
        }
        if (Is("|"))
        {
            throw Refuse("output to a command (|)");
        }
        if (Is(">") || Is(">>"))
        {
            string op = Advance().Text;
            bool saved = _noGreater;
            _noGreater = true;
            AwkExpr destination = ParseConcatenation();
            _noGreater = saved;
            return new AwkPrint(formatted, args, op, destination);
        }
        return new AwkPrint(formatted, args, null, null);
    }

    /// <summary>At <c>(</c> after print: does the matching <c>)</c> end the statement (print (a, b) > f)?</summary>
    private bool ParenthesizedListEndsStatement()
    {
        int depth = 0;
        for (int i = _pos; i < _tokens.Count; i++)
        {
            AwkToken t = _tokens[i];
            if (t.Kind == AwkTokenKind.End)
            {
                return false;
            }
            if (t.Kind != AwkTokenKind.Punct)
            {
                continue;
            }
            if (t.Text is "(" or "[")
            {
                depth++;
            }
            else if (t.Text is ")" or "]" && --depth == 0)
            {
                AwkToken after = _tokens[i + 1];
                return after.Kind is AwkTokenKind.Newline or AwkTokenKind.End || (after.Kind == AwkTokenKind.Punct && after.Text is ";" or "}" or ">" or ">>" or "|");
            }
        }
        return false;
    }
}
