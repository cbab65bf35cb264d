using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>Which regular-expression language a pattern is written in.</summary>
internal enum PosixSyntax
{
    /// <summary>GNU sed's BRE: <c>\( \) \{ \} \| \+ \?</c>, <c>\n \t</c>, <c>\w \s \b \&lt; \&gt; \` \'</c>.</summary>
    Basic,

    /// <summary>GNU sed's ERE (<c>-E</c>).</summary>
    Extended,

    /// <summary>awk's ERE as gawk reads it: string escapes (<c>\t \n \/ \" \ddd</c>) also inside brackets, where a
    /// backslash escapes; <c>\y \B \&lt; \&gt;</c>; a brace that does not start an interval is literal.</summary>
    Awk,
}

/// <summary>A POSIX regular expression that fails to compile, with the GNU regcomp message.</summary>
internal sealed class PosixRegexException(string message) : Exception(message);

/// <summary>A POSIX BRE or ERE compiled to a .NET regex, matched leftmost-longest as POSIX requires: .NET picks the
/// first alternative that matches, so for patterns with alternation or a quantified group the longest match at the
/// leftmost position is searched again with a sentinel character (U+FFFF) placed at each candidate end.</summary>
internal sealed class PosixPattern
{
    private const char Sentinel = '\uFFFF';
    private readonly Regex _regex;
    private readonly Regex? _longest;

    private PosixPattern(Regex regex, Regex? longest, int groups)
    {
        _regex = regex;
        _longest = longest;
        Groups = groups;
    }

    /// <summary>How many capturing groups the pattern has (for <c>\1</c>…<c>\9</c> in replacements).</summary>
    public int Groups { get; }

    public static PosixPattern Compile(string pattern, PosixSyntax syntax, bool ignoreCase = false, bool multiline = false)
    {
        var plain = new Translator(pattern, syntax, multiline, sentinel: false);
        string body = plain.Run();
        RegexOptions options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            Regex? longest = null;
            if (plain.Ambiguous)
            {
                string sentinelBody = new Translator(pattern, syntax, multiline, sentinel: true).Run();
                longest = new Regex(@"\G(?:" + sentinelBody + ")" + Sentinel, options);
            }
            return new PosixPattern(new Regex(body, options), longest, plain.GroupCount);
        }
        catch (ArgumentException)
        {
            throw new PosixRegexException("Invalid regular expression");
        }
    }

    public bool IsMatch(string input) => _regex.IsMatch(input);

    /// <summary>The leftmost-longest match starting at or after <paramref name="start"/>, or null.</summary>
    public Match? Match(string input, int start = 0)
    {
        Match m = _regex.Match(input, start);
        if (!m.Success)
        {
            return null;
        }
        if (_longest is null || m.Index + m.Length == input.Length)
        {
            return m;
        }
        for (int end = input.Length; end > m.Index + m.Length; end--)
        {
            string marked = string.Concat(input.AsSpan(0, end), Sentinel.ToString(), input.AsSpan(end));
            Match longer = _longest.Match(marked, m.Index);
            if (longer.Success)
            {
                return longer;
            }
        }
        return m;
    }

    /// <summary>Replaces matches the way gawk's sub/gsub and GNU sed's s command do: matches are counted from the
    /// left, an empty match right after a non-empty one is skipped, and the <paramref name="nth"/> match (and with
    /// <paramref name="global"/> every later one) is replaced by <paramref name="replacement"/>.</summary>
    public string Replace(string input, int nth, bool global, Func<Match, string> replacement, out int replaced)
    {
        replaced = 0;
        var sb = new StringBuilder();
        int pos = 0, count = 0;
        int lastEnd = -1;
        while (pos <= input.Length)
        {
            Match? m = Match(input, pos);
            if (m is null)
            {
                break;
            }
            if (m.Length == 0 && m.Index == lastEnd)
            {
                // the empty match right after a non-empty one does not count
                if (m.Index >= input.Length)
                {
                    break;
                }
                sb.Append(input, pos, m.Index - pos + 1);
                pos = m.Index + 1;
                lastEnd = -1;
                continue;
            }
            count++;
            sb.Append(input, pos, m.Index - pos);
            if (global ? count >= nth : count == nth)
            {
                sb.Append(replacement(m));
                replaced++;
            }
            else
            {
                sb.Append(m.Value);
            }
            pos = m.Index + m.Length;
            lastEnd = m.Length > 0 ? pos : -1;
            if (m.Length == 0)
            {
                if (pos < input.Length)
                {
                    sb.Append(input[pos]);
                }
                pos++;
            }
            if (!global && count >= nth)
            {
                break;
            }
        }
        if (pos < input.Length)
        {
            sb.Append(input, pos, input.Length - pos);
        }
        return sb.ToString();
    }

    /// <summary>POSIX character classes as .NET bracket contents (ASCII, as in the C locale).</summary>
    internal static readonly IReadOnlyDictionary<string, string> CharacterClasses = new Dictionary<string, string>()
    {
        ["alpha"] = "a-zA-Z",
        ["digit"] = "0-9",
        ["alnum"] = "a-zA-Z0-9",
        ["upper"] = "A-Z",
        ["lower"] = "a-z",
        ["space"] = @" \t\n\r\f\v",
        ["blank"] = @" \t",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["xdigit"] = "0-9A-Fa-f",
        ["print"] = @" -~",
        ["graph"] = @"!-~",
        ["cntrl"] = @"\x00-\x1f\x7f",
    };

    private sealed class Translator(string p, PosixSyntax syntax, bool multiline, bool sentinel)
    {
        private static readonly IReadOnlyDictionary<string, string> s_classes = CharacterClasses;

        private readonly StringBuilder _sb = new();
        private readonly Stack<int> _open = new();
        private int _i;
        private bool _atomStart = true; // where a quantifier would have nothing to repeat
        private bool _haveAtom;
        private bool _lastWasGroup;
        private int _lastAtom;
        private bool _quantified;

        public bool Ambiguous { get; private set; }
        public int GroupCount { get; private set; }

        private bool Extended => syntax != PosixSyntax.Basic;
        private string Dot => sentinel ? "[^\uFFFF]" : "(?s:.)";
        private string End => multiline ? (sentinel ? "(?=\uFFFF?\n|\uFFFF?\\z)" : "(?=\n|\\z)") : sentinel ? "(?=\uFFFF?\\z)" : "\\z";
        private string WordAfter => sentinel ? "(?=\uFFFF?\\w)" : "(?=\\w)";
        private string NoWordAfter => sentinel ? "(?!\uFFFF?\\w)" : "(?!\\w)";

        public string Run()
        {
            for (_i = 0; _i < p.Length; _i++)
            {
                char c = p[_i];
                if (c == '\\')
                {
                    Escape();
                    continue;
                }
                if (c == '[')
                {
                    Atom(Bracket());
                    continue;
                }
                if (Extended)
                {
                    if (c is '(' or ')' or '|' or '{')
                    {
                        Operator(c);
                        continue;
                    }
                    if (c is '*' or '+' or '?')
                    {
                        Quantifier(c.ToString());
                        continue;
                    }
                }
                else if (c == '*')
                {
                    if (_atomStart)
                    {
                        Atom(@"\*");
                    }
                    else
                    {
                        Quantifier("*");
                    }
                    continue;
                }
                switch (c)
                {
                    case '^' when Extended || _atomStart:
                        Anchor(multiline ? "(?m:^)" : "^");
                        break;
                    case '$' when Extended || AtBasicEnd():
                        Anchor(End);
                        break;
                    case '.':
                        Atom(Dot);
                        break;
                    default:
                        Atom(Literal(c));
                        break;
                }
            }
            if (_open.Count > 0)
            {
                throw new PosixRegexException(@"Unmatched ( or \(");
            }
            return _sb.ToString();
        }

        private bool AtBasicEnd() => _i == p.Length - 1 || (_i + 2 < p.Length && p[_i + 1] == '\\' && p[_i + 2] is ')' or '|');

        private void Atom(string text)
        {
            _lastAtom = _sb.Length;
            _quantified = false;
            _sb.Append(text);
            _atomStart = false;
            _haveAtom = true;
            _lastWasGroup = false;
        }

        private void Anchor(string text)
        {
            _sb.Append(text);
            _haveAtom = false;
            _lastWasGroup = false;
            if (syntax == PosixSyntax.Basic && text.EndsWith('^'))
            {
                _atomStart = true; // GNU: "^*" matches a literal star
            }
        }

        private void Quantifier(string q)
        {
            if (!_haveAtom)
            {
                if (syntax == PosixSyntax.Awk || (syntax == PosixSyntax.Basic && _atomStart))
                {
                    Atom(Regex.Escape(q));
                    return;
                }
                throw new PosixRegexException("Invalid preceding regular expression");
            }
            if (_lastWasGroup)
            {
                Ambiguous = true;
            }
            Quantify(q);
        }

        /// <summary>Appends a quantifier; a quantified atom quantified again (GNU allows <c>a**</c>, <c>a+?</c>) is
        /// wrapped in a group first, since .NET would read the pair as a lazy or invalid quantifier.</summary>
        private void Quantify(string q)
        {
            if (_quantified)
            {
                _sb.Insert(_lastAtom, "(?:").Append(')');
            }
            _sb.Append(q);
            _quantified = true;
            _haveAtom = true;
            _lastWasGroup = false;
        }

        private void Operator(char c)
        {
            switch (c)
            {
                case '(':
                    _open.Push(_sb.Length);
                    GroupCount++;
                    _sb.Append('(');
                    _atomStart = true;
                    _haveAtom = false;
                    break;
                case ')':
                    if (_open.Count == 0)
                    {
                        throw new PosixRegexException(@"Unmatched ) or \)");
                    }
                    _lastAtom = _open.Pop();
                    _quantified = false;
                    _sb.Append(')');
                    _atomStart = false;
                    _haveAtom = true;
                    _lastWasGroup = true;
                    break;
                case '|':
                    Ambiguous = true;
                    _sb.Append('|');
                    _atomStart = true;
                    _haveAtom = false;
                    break;
                default:
                    Interval();
                    break;
            }
        }

        /// <summary>At <c>{</c> (ERE) or after <c>\{</c> (BRE): <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>, <c>{,m}</c>.</summary>
        private void Interval()
        {
            int start = _i + 1;
            int close = p.IndexOf(syntax == PosixSyntax.Basic ? "\\}" : "}", start, StringComparison.Ordinal);
            string inner = close < 0 ? "" : p[start..close];
            string[] bounds = inner.Split(',');
            bool valid = close >= 0 && bounds.Length <= 2 && bounds.All(b => b.All(char.IsAsciiDigit)) && (bounds[0].Length > 0 || bounds.Length == 2);
            if (!valid)
            {
                if (syntax == PosixSyntax.Awk)
                {
                    Atom(@"\{");
                    return;
                }
                throw new PosixRegexException(close < 0 ? @"Unmatched \{" : @"Invalid content of \{\}");
            }
            int min = bounds[0].Length == 0 ? 0 : int.Parse(bounds[0], CultureInfo.InvariantCulture);
            int? max = bounds.Length == 1 ? min : bounds[1].Length == 0 ? null : int.Parse(bounds[1], CultureInfo.InvariantCulture);
            if (max < min || min > 32767 || max > 32767)
            {
                throw new PosixRegexException(max < min ? @"Invalid content of \{\}" : "Regular expression too big");
            }
            _i = close + (syntax == PosixSyntax.Basic ? 1 : 0);
            if (!_haveAtom)
            {
                if (syntax == PosixSyntax.Awk)
                {
                    Atom(@"\{");
                    _i = start - 1;
                    return;
                }
                throw new PosixRegexException("Invalid preceding regular expression");
            }
            Ambiguous |= _lastWasGroup;
            Quantify("{" + min + (max == min ? "" : "," + max) + "}");
        }

        private void Escape()
        {
            if (_i + 1 >= p.Length)
            {
                if (syntax == PosixSyntax.Awk)
                {
                    Atom(@"\\");
                    return;
                }
                throw new PosixRegexException("Trailing backslash");
            }
            char n = p[++_i];
            if (syntax == PosixSyntax.Basic && n is '(' or ')' or '|' or '{')
            {
                Operator(n);
                return;
            }
            if (syntax == PosixSyntax.Basic && n is '+' or '?')
            {
                Quantifier(n.ToString());
                return;
            }
            if (syntax != PosixSyntax.Basic && n == '}')
            {
                Atom(@"\}");
                return;
            }
            if (char.IsAsciiDigit(n) && n != '0' && syntax != PosixSyntax.Awk)
            {
                if (n - '0' > GroupCount)
                {
                    throw new PosixRegexException("Invalid back reference");
                }
                Ambiguous = true;
                Atom(@"\" + n);
                return;
            }
            switch (n)
            {
                case 'w':
                    Atom(@"\w");
                    return;
                case 'W':
                    Atom(sentinel ? "[^\\w\uFFFF]" : @"\W");
                    return;
                case 's':
                    Atom(@"\s");
                    return;
                case 'S':
                    Atom(sentinel ? "[^\\s\uFFFF]" : @"\S");
                    return;
                case '<':
                    Anchor(@"(?<!\w)" + WordAfter);
                    return;
                case '>':
                    Anchor(@"(?<=\w)" + NoWordAfter);
                    return;
                case 'b' when syntax != PosixSyntax.Awk:
                case 'y' when syntax == PosixSyntax.Awk:
                    Anchor($@"(?:(?<=\w){NoWordAfter}|(?<!\w){WordAfter})");
                    return;
                case 'B':
                    Anchor($@"(?:(?<=\w){WordAfter}|(?<!\w){NoWordAfter})");
                    return;
                case '`':
                    Anchor(@"\A");
                    return;
                case '\'':
                    Anchor(sentinel ? "(?=\uFFFF?\\z)" : @"\z");
                    return;
            }
            Atom(Literal(EscapedChar(n)));
        }

        /// <summary>The character an escape stands for (<c>\n</c>, <c>\t</c>, awk's octal <c>\ddd</c>…), else the
        /// character itself.</summary>
        private char EscapedChar(char n)
        {
            switch (n)
            {
                case 'n': return '\n';
                case 't': return '\t';
                case 'r': return '\r';
                case 'f': return '\f';
                case 'v': return '\v';
                case 'a': return '\a';
                case 'b' when syntax == PosixSyntax.Awk: return '\b';
            }
            if (syntax == PosixSyntax.Awk && n is >= '0' and <= '7')
            {
                int v = 0, k = 0;
                while (k < 3 && _i < p.Length && p[_i] is >= '0' and <= '7')
                {
                    v = v * 8 + (p[_i] - '0');
                    _i++;
                    k++;
                }
                _i--;
                return (char)v;
            }
            return n;
        }

        private static string Literal(char c) => c switch
        {
            '\n' => @"\n",
            '\t' => @"\t",
            _ when char.IsAsciiLetterOrDigit(c) || c == '_' || c == ' ' => c.ToString(),
            _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        };

        /// <summary>At <c>[</c>: a bracket expression as a .NET character class.</summary>
        private string Bracket()
        {
            int i = _i + 1;
            var set = new StringBuilder("[");
            bool negated = i < p.Length && p[i] == '^';
            if (negated)
            {
                set.Append('^');
                i++;
            }
            bool first = true;
            int? pending = null; // a single character that may start a range
            for (; i < p.Length; i++)
            {
                char c = p[i];
                if (c == ']' && !first)
                {
                    if (pending is int last)
                    {
                        set.Append(Literal((char)last));
                    }
                    if (negated && sentinel)
                    {
                        set.Append(Sentinel);
                    }
                    _i = i;
                    return set.Append(']').ToString();
                }
                first = false;
                if (c == '[' && i + 1 < p.Length && p[i + 1] is ':' or '=' or '.')
                {
                    char kind = p[i + 1];
                    int end = p.IndexOf(kind + "]", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw new PosixRegexException("Unmatched [, [^, [:, [., or [=");
                    }
                    string name = p[(i + 2)..end];
                    i = end + 1;
                    if (kind == ':')
                    {
                        if (!s_classes.TryGetValue(name, out string? cls))
                        {
                            throw new PosixRegexException("Invalid character class name");
                        }
                        Flush(set, ref pending);
                        set.Append(cls);
                        continue;
                    }
                    if (name.Length != 1)
                    {
                        throw new PosixRegexException("Invalid collation character");
                    }
                    c = name[0];
                }
                else if (c == '\\' && i + 1 < p.Length && (syntax == PosixSyntax.Awk || p[i + 1] is 'n' or 't' or '\\' or 'r' or 'f' or 'v' or 'a'))
                {
                    c = syntax == PosixSyntax.Awk && p[i + 1] is >= '0' and <= '7' ? OctalAt(ref i) : EscapedBracketChar(p[++i]);
                }
                else if (c == '-' && pending is int low && i + 1 < p.Length && p[i + 1] != ']')
                {
                    char high = p[i + 1];
                    i++;
                    if (high == '\\' && syntax == PosixSyntax.Awk && i + 1 < p.Length)
                    {
                        high = EscapedBracketChar(p[++i]);
                    }
                    else if (high == '[' && i + 1 < p.Length && p[i + 1] is '.' or '=')
                    {
                        int end = p.IndexOf(p[i + 1] + "]", i + 2, StringComparison.Ordinal);
                        if (end < 0 || end - (i + 2) != 1)
                        {
                            throw new PosixRegexException("Unmatched [, [^, [:, [., or [=");
                        }
                        high = p[i + 2];
                        i = end + 1;
                    }
                    if (high < low)
                    {
                        throw new PosixRegexException("Invalid range end");
                    }
                    set.Append(Literal((char)low)).Append('-').Append(Literal(high));
                    pending = null;
                    continue;
                }
                Flush(set, ref pending);
                pending = c;
            }
            throw new PosixRegexException("Unmatched [, [^, [:, [., or [=");
        }

        private char OctalAt(ref int i)
        {
            int v = 0, k = 0;
            int j = i + 1;
            while (k < 3 && j < p.Length && p[j] is >= '0' and <= '7')
            {
                v = v * 8 + (p[j] - '0');
                j++;
                k++;
            }
            i = j - 1;
            return (char)v;
        }

        private char EscapedBracketChar(char e) => e switch
        {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'f' => '\f',
            'v' => '\v',
            'a' => '\a',
            'b' when syntax == PosixSyntax.Awk => '\b',
            _ => e,
        };

        private static void Flush(StringBuilder set, ref int? pending)
        {
            if (pending is int c)
            {
                set.Append(Literal((char)c));
                pending = null;
            }
        }
    }
}
