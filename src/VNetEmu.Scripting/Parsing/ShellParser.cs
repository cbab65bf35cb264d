using System.Text;

namespace VNetEmu.Scripting.Parsing;

/// <summary>A construct the shell reader refuses rather than misread: "unsupported shell syntax: WHAT (WHY)".</summary>
internal sealed class ShellSyntaxError(string what, string why) : Exception($"unsupported shell syntax: {what} ({why})");

/// <summary>Reads one logical line of shell as bash does: lists (<c>;</c> <c>&amp;&amp;</c> <c>||</c>), pipelines,
/// simple commands with assignments and redirections, words with quotes and <c>$X</c> <c>${X}</c> <c>$?</c>
/// <c>$(…)</c>, positional parameters, one-line <c>for</c> and <c>if</c>, <c>{ …; }</c> groups and function
/// definitions. Everything else throws <see cref="ShellSyntaxError"/>.</summary>
internal sealed class ShellParser
{
    private static readonly HashSet<string> s_stopWords = ["then", "else", "elif", "fi", "do", "done"];
    private static readonly HashSet<string> s_refusedWords = ["while", "until", "case", "esac", "select", "}", "[[", "]]", "time", "coproc", "in"];
    private static readonly HashSet<string> s_refusedBuiltins = ["cd", "set", "source", ".", "eval", "exec", "read", "trap", "alias", "wait", "jobs", "kill", "pushd", "popd", "declare", "typeset", "let", "readonly", "ulimit", "umask"];
    private readonly string _s;
    private readonly string? _heredoc;
    private readonly Func<string, string?>? _readFile;
    private int _pos;
    private int _braces;
    private bool _heredocUsed;

    private ShellParser(string text, string? heredoc, Func<string, string?>? readFile)
    {
        _s = text;
        _heredoc = heredoc;
        _readFile = readFile;
    }

    /// <summary>Parses a whole line. <paramref name="heredoc"/> is the body of its <c>&lt;&lt;WORD</c>;
    /// <paramref name="readFile"/>, when given, reads <c>&lt; FILE</c> at parse time (relative to the script).</summary>
    public static ShellList Parse(string text, string? heredoc = null, Func<string, string?>? readFile = null)
    {
        var p = new ShellParser(text, heredoc, readFile);
        ShellList list = p.ParseList(inSubstitution: false);
        p.SkipBlanks();
        if (p._pos < p._s.Length)
        {
            throw p.Unexpected();
        }
        if (list.Items.Count == 0)
        {
            throw new ShellSyntaxError("empty command", "a line needs a command");
        }
        return list;
    }

    private char Peek(int ahead = 0) => _pos + ahead < _s.Length ? _s[_pos + ahead] : '\0';

    private bool AtEnd => _pos >= _s.Length;

    private void SkipBlanks()
    {
        while (!AtEnd && _s[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private ShellSyntaxError Unexpected()
    {
        string rest = _s[_pos..];
        string token = PeekBareWord() ?? (rest.Length > 2 ? rest[..2] : rest);
        return rest.StartsWith(";;", StringComparison.Ordinal)
            ? new ShellSyntaxError("';;'", "case is not emulated")
            : rest.StartsWith('(') ? new ShellSyntaxError("'('", "subshells and arrays are not emulated")
            : rest.StartsWith(')') ? new ShellSyntaxError("')'", "unbalanced parenthesis")
            : new ShellSyntaxError($"'{token.Trim()}'", "unexpected here");
    }

    /// <summary>The reserved word at the cursor, if an unquoted one stands there as a whole word.</summary>
    private string? PeekBareWord()
    {
        int i = _pos;
        while (i < _s.Length && (char.IsAsciiLetter(_s[i]) || _s[i] is '[' or ']' or '{' or '}' or '!'))
        {
            i++;
        }
        if (i == _pos || (i < _s.Length && _s[i] is not (' ' or '\t' or ';' or '&' or '|' or ')' or '<' or '>')))
        {
            return null;
        }
        return _s[_pos..i];
    }

    private ShellList ParseList(bool inSubstitution)
    {
        var items = new List<AndOrList>();
        while (true)
        {
            SkipBlanks();
            if (AtEnd || (inSubstitution && Peek() == ')') || (PeekBareWord() is string w && (s_stopWords.Contains(w) || (w == "}" && _braces > 0))))
            {
                return new ShellList(items);
            }
            items.Add(ParseAndOr());
            SkipBlanks();
            if (Peek() == ';' && Peek(1) != ';')
            {
                _pos++;
                continue;
            }
            if (Peek() == '&' && Peek(1) != '&')
            {
                throw new ShellSyntaxError("'&' inside a line", "only a whole line of one command or pipeline can run in the background");
            }
            return new ShellList(items);
        }
    }

    private AndOrList ParseAndOr()
    {
        var pipelines = new List<Pipeline> { ParsePipeline() };
        var ops = new List<string>();
        while (true)
        {
            SkipBlanks();
            if ((Peek() == '&' && Peek(1) == '&') || (Peek() == '|' && Peek(1) == '|'))
            {
                ops.Add(_s.Substring(_pos, 2));
                _pos += 2;
                SkipBlanks();
                pipelines.Add(ParsePipeline());
                continue;
            }
            return new AndOrList(pipelines, ops);
        }
    }

    private Pipeline ParsePipeline()
    {
        SkipBlanks();
        bool negated = false;
        if (PeekBareWord() == "!")
        {
            negated = true;
            _pos++;
            SkipBlanks();
        }
        var commands = new List<ShellCommand> { ParseCommand() };
        while (true)
        {
            SkipBlanks();
            if (Peek() == '|' && Peek(1) == '&')
            {
                throw new ShellSyntaxError("'|&'", "write '2>&1 |'");
            }
            if (Peek() == '|' && Peek(1) != '|')
            {
                _pos++;
                SkipBlanks();
                commands.Add(ParseCommand());
                continue;
            }
            return new Pipeline(negated, commands);
        }
    }

    private ShellCommand ParseCommand()
    {
        SkipBlanks();
        string? bare = PeekBareWord();
        if (bare == "for")
        {
            return ParseFor();
        }
        if (bare == "if")
        {
            return ParseIf();
        }
        if (bare == "{")
        {
            return ParseBraceGroup();
        }
        if (bare == "function" || FunctionHeaderAhead())
        {
            return ParseFunction(bare == "function");
        }
        if (bare is not null && (s_refusedWords.Contains(bare) || s_stopWords.Contains(bare) || bare == "!"))
        {
            throw new ShellSyntaxError($"'{bare}'", s_stopWords.Contains(bare) || bare == "in" ? "unexpected here" : "only for … in …; do …; done and if …; then …; fi are emulated");
        }
        return ParseSimple();
    }

    /// <summary>At <c>NAME ()</c>: a function definition starts here.</summary>
    private bool FunctionHeaderAhead()
    {
        int i = _pos;
        while (i < _s.Length && (char.IsAsciiLetterOrDigit(_s[i]) || _s[i] is '_' or '-'))
        {
            i++;
        }
        if (i == _pos || char.IsAsciiDigit(_s[_pos]))
        {
            return false;
        }
        while (i < _s.Length && _s[i] is ' ' or '\t')
        {
            i++;
        }
        return i + 1 < _s.Length && _s[i] == '(' && _s[i + 1] == ')';
    }

    private FunctionDefinition ParseFunction(bool keyword)
    {
        if (keyword)
        {
            _pos += "function".Length;
            SkipBlanks();
        }
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] is '_' or '-'))
        {
            _pos++;
        }
        string name = _s[start.._pos];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            throw new ShellSyntaxError("function", "a function needs a name");
        }
        SkipBlanks();
        if (Peek() == '(')
        {
            _pos++;
            SkipBlanks();
            if (Peek() != ')')
            {
                throw Unexpected();
            }
            _pos++;
        }
        SkipBlanks();
        if (PeekBareWord() != "{")
        {
            throw new ShellSyntaxError($"function '{name}'", "only a body in braces, NAME() { …; }, is emulated");
        }
        return new FunctionDefinition(name, ParseBraceGroup());
    }

    private BraceGroup ParseBraceGroup()
    {
        _pos++;
        _braces++;
        ShellList body = RequireNonEmpty(ParseList(false), "{ … }");
        _braces--;
        SkipBlanks();
        if (PeekBareWord() != "}")
        {
            throw new ShellSyntaxError("'{'", "expected '}' after '; ' (write { cmd; })");
        }
        _pos++;
        SkipBlanks();
        if (!AtEnd && (IsRedirectionStart() || Peek() is '<' or '>'))
        {
            throw new ShellSyntaxError("redirection after '}'", "not emulated; redirect the commands inside the braces");
        }
        return new BraceGroup(body);
    }

    private void Expect(string word, string construct)
    {
        SkipBlanks();
        if (PeekBareWord() != word)
        {
            throw new ShellSyntaxError(construct, $"expected '{word}'; it must be written on one line as {construct} … ; {word} …");
        }
        _pos += word.Length;
    }

    private void ExpectSeparator(string construct)
    {
        SkipBlanks();
        if (Peek() != ';' || Peek(1) == ';')
        {
            throw new ShellSyntaxError(construct, "expected ';' before the next keyword");
        }
        _pos++;
    }

    private ForCommand ParseFor()
    {
        _pos += 3;
        SkipBlanks();
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_'))
        {
            _pos++;
        }
        string name = _s[start.._pos];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || (!AtEnd && _s[_pos] is not (' ' or '\t')))
        {
            throw new ShellSyntaxError("for", "only 'for NAME in WORDS; do …; done' is emulated");
        }
        Expect("in", "for");
        var items = new List<ShellWord>();
        while (true)
        {
            SkipBlanks();
            if (Peek() == ';' || AtEnd)
            {
                break;
            }
            items.Add(ParseWord(out _) ?? throw Unexpected());
        }
        ExpectSeparator("for");
        Expect("do", "for");
        ShellList body = ParseList(false);
        Expect("done", "for");
        return new ForCommand(name, items, RequireNonEmpty(body, "for"));
    }

    private IfCommand ParseIf()
    {
        _pos += 2;
        var branches = new List<KeyValuePair<ShellList, ShellList>>();
        ShellList? otherwise = null;
        while (true)
        {
            ShellList condition = RequireNonEmpty(ParseList(false), "if");
            Expect("then", "if");
            ShellList body = RequireNonEmpty(ParseList(false), "if");
            branches.Add(new(condition, body));
            SkipBlanks();
            string? w = PeekBareWord();
            if (w == "elif")
            {
                _pos += 4;
                continue;
            }
            if (w == "else")
            {
                _pos += 4;
                otherwise = RequireNonEmpty(ParseList(false), "if");
            }
            Expect("fi", "if");
            return new IfCommand(branches, otherwise);
        }
    }

    private static ShellList RequireNonEmpty(ShellList list, string construct) =>
        list.Items.Count > 0 ? list : throw new ShellSyntaxError(construct, "an empty command list");

    private SimpleCommand ParseSimple()
    {
        var assignments = new List<KeyValuePair<string, ShellWord>>();
        var words = new List<ShellWord>();
        var redirections = new List<Redirection>();
        while (true)
        {
            SkipBlanks();
            if (AtEnd || Peek() is ';' or '|' or '&' or ')')
            {
                if (Peek() == '&' && Peek(1) == '>')
                {
                    redirections.Add(ParseRedirection());
                    continue;
                }
                break;
            }
            if (Peek() == '(')
            {
                throw Unexpected();
            }
            if (IsRedirectionStart())
            {
                redirections.Add(ParseRedirection());
                continue;
            }
            ShellWord word = ParseWord(out bool assignmentShape) ?? throw Unexpected();
            if (words.Count == 0 && assignmentShape)
            {
                var first = (LiteralPart)word.Parts[0];
                int eq = first.Text.IndexOf('=');
                var rest = new List<WordPart>();
                if (eq + 1 < first.Text.Length)
                {
                    rest.Add(new LiteralPart(first.Text[(eq + 1)..], false));
                }
                rest.AddRange(word.Parts.Skip(1));
                if (Peek() == '(')
                {
                    throw new ShellSyntaxError("array assignment", "arrays are not emulated");
                }
                assignments.Add(new(first.Text[..eq], new ShellWord(rest)));
                continue;
            }
            if (words.Count == 0 && word.Bare is string name)
            {
                SkipBlanks();
                if (Peek() == '(')
                {
                    throw new ShellSyntaxError("function definition", "only NAME() { …; } is emulated");
                }
                if (s_refusedBuiltins.Contains(name))
                {
                    throw new ShellSyntaxError($"builtin '{name}'", "not emulated");
                }
            }
            words.Add(word);
        }
        if (words.Count == 0 && assignments.Count == 0 && redirections.Count == 0)
        {
            throw AtEnd ? new ShellSyntaxError("missing command", "nothing after an operator") : Unexpected();
        }
        return new SimpleCommand(assignments, words, redirections);
    }

    private bool IsRedirectionStart()
    {
        int i = _pos;
        while (i < _s.Length && char.IsAsciiDigit(_s[i]))
        {
            i++;
        }
        return i < _s.Length && _s[i] is '<' or '>' && (i == _pos || i - _pos == 1);
    }

    private Redirection ParseRedirection()
    {
        int fd = -1;
        if (Peek() == '&')
        {
            _pos += 2;
            bool append = Peek() == '>';
            if (append)
            {
                _pos++;
            }
            return new Redirection(-2, append ? ">>" : ">", RedirectTarget());
        }
        if (char.IsAsciiDigit(Peek()))
        {
            fd = Peek() - '0';
            _pos++;
        }
        char c = Peek();
        if (c == '<')
        {
            _pos++;
            if (Peek() == '<' && Peek(1) == '<')
            {
                throw new ShellSyntaxError("here-string '<<<'", "use a heredoc or echo … |");
            }
            if (Peek() == '(')
            {
                throw new ShellSyntaxError("process substitution '<(…)'", "not emulated");
            }
            if (Peek() == '<')
            {
                return ParseHeredoc(fd);
            }
            if (Peek() is '&' or '>')
            {
                throw new ShellSyntaxError($"'<{Peek()}'", "not emulated");
            }
            ShellWord target = RedirectTarget();
            if (_readFile is not null && target.Bare is string path)
            {
                string content = _readFile(path) ?? throw new ShellSyntaxError($"'< {path}'", $"{path}: No such file or directory");
                return new Redirection(fd < 0 ? 0 : fd, "<", target, Content: content);
            }
            return new Redirection(fd < 0 ? 0 : fd, "<", target);
        }
        _pos++;
        fd = fd < 0 ? 1 : fd;
        if (Peek() == '(')
        {
            throw new ShellSyntaxError("process substitution '>(…)'", "not emulated");
        }
        if (Peek() == '|')
        {
            throw new ShellSyntaxError("'>|'", "not emulated");
        }
        if (Peek() == '&')
        {
            _pos++;
            if (Peek() is '1' or '2' && (_pos + 1 >= _s.Length || _s[_pos + 1] is ' ' or '\t' or ';' or '|' or '&' or ')'))
            {
                int dup = _s[_pos++] - '0';
                return new Redirection(fd, ">&", null, dup);
            }
            throw new ShellSyntaxError($"'>&{(AtEnd ? "" : _s[_pos].ToString())}'", "only >&1 and >&2 are emulated");
        }
        bool appendOp = Peek() == '>';
        if (appendOp)
        {
            _pos++;
        }
        return new Redirection(fd, appendOp ? ">>" : ">", RedirectTarget());
    }

    private ShellWord RedirectTarget()
    {
        SkipBlanks();
        return ParseWord(out _) ?? throw new ShellSyntaxError("redirection", "a file name must follow it");
    }

    private Redirection ParseHeredoc(int fd)
    {
        _pos++;
        if (Peek() == '-')
        {
            _pos++;
        }
        SkipBlanks();
        ShellWord delimiter = ParseWord(out _) ?? throw new ShellSyntaxError("'<<'", "a delimiter must follow it");
        if (_heredoc is null || _heredocUsed)
        {
            throw new ShellSyntaxError("heredoc", _heredoc is null ? "a heredoc needs its body on the following lines of the script" : "one heredoc per line");
        }
        _heredocUsed = true;
        return new Redirection(fd < 0 ? 0 : fd, "<", delimiter, Content: _heredoc);
    }

    /// <summary>One word, or null at an operator. <paramref name="assignmentShape"/>: it starts with an unquoted
    /// <c>NAME=</c>.</summary>
    private ShellWord? ParseWord(out bool assignmentShape)
    {
        var parts = new List<WordPart>();
        var literal = new StringBuilder();
        bool literalQuoted = false;
        int start = _pos;
        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString(), literalQuoted));
                literal.Clear();
            }
        }
        void AddLiteral(char ch, bool quoted)
        {
            if (literal.Length > 0 && literalQuoted != quoted)
            {
                Flush();
            }
            literalQuoted = quoted;
            literal.Append(ch);
        }
        bool any = false;
        while (!AtEnd)
        {
            char c = _s[_pos];
            if (c is ' ' or '\t' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
            {
                break;
            }
            any = true;
            if (c == '\'')
            {
                int end = _s.IndexOf('\'', _pos + 1);
                if (end < 0)
                {
                    throw new ShellSyntaxError("unterminated single quote", "quotes must close on the same logical line");
                }
                Flush();
                parts.Add(new LiteralPart(_s[(_pos + 1)..end], true));
                _pos = end + 1;
            }
            else if (c == '"')
            {
                Flush();
                _pos++;
                ParseDoubleQuoted(parts);
            }
            else if (c == '\\')
            {
                if (_pos + 1 >= _s.Length)
                {
                    throw new ShellSyntaxError("trailing backslash", "nothing to escape");
                }
                AddLiteral(_s[_pos + 1], true);
                _pos += 2;
            }
            else if (c == '$')
            {
                WordPart? expansion = ParseDollar(quoted: false);
                if (expansion is null)
                {
                    AddLiteral('$', false);
                    _pos++;
                }
                else
                {
                    Flush();
                    parts.Add(expansion);
                }
            }
            else if (c == '`')
            {
                throw new ShellSyntaxError("backticks", "write $(…)");
            }
            else if (c is '*' or '?' or '[' && !(c == '[' && literal.Length == 0 && parts.Count == 0 && IsWordEnd(_pos + 1)))
            {
                throw new ShellSyntaxError($"glob '{c}'", "filename expansion is not emulated; quote the word");
            }
            else if (c == '~' && _pos == start)
            {
                throw new ShellSyntaxError("tilde '~'", "home directory expansion is not emulated; quote the word");
            }
            else if (c == '{' && BraceExpansionAhead())
            {
                throw new ShellSyntaxError("brace expansion '{…}'", "not emulated; quote the word");
            }
            else
            {
                AddLiteral(c, false);
                _pos++;
            }
        }
        Flush();
        assignmentShape = parts.Count > 0 && parts[0] is LiteralPart { Quoted: false } first && IsAssignmentPrefix(first.Text);
        return any ? new ShellWord(parts) : null;
    }

    private bool IsWordEnd(int i) => i >= _s.Length || _s[i] is ' ' or '\t' or ';' or '&' or '|' or '<' or '>' or ')';

    private bool BraceExpansionAhead()
    {
        int close = _s.IndexOf('}', _pos);
        if (close < 0)
        {
            return false;
        }
        string inner = _s[(_pos + 1)..close];
        return !inner.Contains(' ') && (inner.Contains(',') || inner.Contains(".."));
    }

    private static bool IsAssignmentPrefix(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }
        for (int i = 1; i < eq; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                return false;
            }
        }
        return true;
    }

    private void ParseDoubleQuoted(List<WordPart> parts)
    {
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString(), true));
                literal.Clear();
            }
        }
        int begin = parts.Count;
        while (true)
        {
            if (AtEnd)
            {
                throw new ShellSyntaxError("unterminated double quote", "quotes must close on the same logical line");
            }
            char c = _s[_pos];
            if (c == '"')
            {
                _pos++;
                Flush();
                if (parts.Count == begin)
                {
                    parts.Add(new LiteralPart("", true));
                }
                return;
            }
            if (c == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] is '"' or '\\' or '$' or '`')
            {
                literal.Append(_s[_pos + 1]);
                _pos += 2;
            }
            else if (c == '`')
            {
                throw new ShellSyntaxError("backticks", "write $(…)");
            }
            else if (c == '$' && ParseDollar(quoted: true) is WordPart expansion)
            {
                Flush();
                parts.Add(expansion);
            }
            else
            {
                literal.Append(c);
                _pos++;
            }
        }
    }

    /// <summary>At a <c>$</c>: the expansion it starts, or null (then the cursor is still at the <c>$</c>) when it
    /// is a literal dollar.</summary>
    private WordPart? ParseDollar(bool quoted)
    {
        char n = Peek(1);
        if (n == '(')
        {
            if (Peek(2) == '(')
            {
                throw new ShellSyntaxError("arithmetic '$((…))'", "not emulated");
            }
            _pos += 2;
            ShellList inner = ParseList(inSubstitution: true);
            SkipBlanks();
            if (Peek() != ')')
            {
                throw AtEnd ? new ShellSyntaxError("unterminated '$('", "it must close on the same logical line") : Unexpected();
            }
            _pos++;
            return new SubstitutionPart(RequireNonEmpty(inner, "$(…)"), quoted);
        }
        if (n == '{')
        {
            int close = _s.IndexOf('}', _pos + 2);
            string inner = close < 0 ? "" : _s[(_pos + 2)..close];
            if (close < 0 || !(IsName(inner) || (inner.Length > 0 && inner.All(char.IsAsciiDigit) && inner != "0") || inner is "#" or "@" or "*"))
            {
                throw new ShellSyntaxError($"'${{{(close < 0 ? _s[(_pos + 2)..] : inner)}}}'", "only ${NAME} and ${N} are emulated");
            }
            _pos = close + 1;
            return new ParameterPart(inner, quoted);
        }
        if (n == '?')
        {
            _pos += 2;
            return new ParameterPart("?", quoted);
        }
        if (char.IsAsciiLetter(n) || n == '_')
        {
            int i = _pos + 1;
            while (i < _s.Length && (char.IsAsciiLetterOrDigit(_s[i]) || _s[i] == '_'))
            {
                i++;
            }
            string name = _s[(_pos + 1)..i];
            _pos = i;
            return new ParameterPart(name, quoted);
        }
        if ((char.IsAsciiDigit(n) && n != '0') || n is '#' or '@' or '*')
        {
            _pos += 2;
            return new ParameterPart(n.ToString(), quoted);
        }
        if (n is '0' or '$' or '!' or '-')
        {
            throw new ShellSyntaxError($"'${n}'", "special parameters other than $?, $# and $1… are not emulated");
        }
        if (n == '\'' && !quoted)
        {
            throw new ShellSyntaxError("$'…' quoting", "use printf");
        }
        return null;
    }

    private static bool IsName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
