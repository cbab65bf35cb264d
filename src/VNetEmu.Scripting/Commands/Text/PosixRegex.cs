using System.Text;
using System.Text.RegularExpressions;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary>Translates a POSIX basic (BRE, with GNU's <c>\|</c> <c>\+</c> <c>\?</c>) or extended (ERE) regular
/// expression into a .NET one. Bracket expressions keep POSIX meaning (<c>[:digit:]</c>, backslash literal).
/// .NET matches leftmost-first, POSIX leftmost-longest: alternations whose branches overlap may match less.</summary>
internal static class PosixRegex
{
    private static readonly IReadOnlyDictionary<string, string> s_classes = PosixPattern.CharacterClasses;

    public static Regex Create(string pattern, bool extended, bool ignoreCase) =>
        new(Translate(pattern, extended), RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));

    public static string Translate(string p, bool extended)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            bool atStart = i == 0 || (extended ? p[i - 1] is '(' or '|' : EndsWith(p, i, "\\(") || EndsWith(p, i, "\\|"));
            if (c == '[')
            {
                i = Bracket(p, i, sb);
                continue;
            }
            if (c == '\\' && i + 1 < p.Length)
            {
                char n = p[++i];
                if (!extended && n is '(' or ')' or '|' or '{' or '}' or '+' or '?')
                {
                    sb.Append(n == '(' ? "(" : n.ToString());
                }
                else if (n == '<')
                {
                    sb.Append(@"\b(?=\w)");
                }
                else if (n == '>')
                {
                    sb.Append(@"\b(?<=\w)");
                }
                else if (n is 'w' or 'W' or 's' or 'S' or 'b' or 'B' || char.IsAsciiDigit(n))
                {
                    sb.Append('\\').Append(n);
                }
                else
                {
                    sb.Append(Regex.Escape(n.ToString()));
                }
                continue;
            }
            switch (c)
            {
                case '*' when atStart:
                    sb.Append(@"\*");
                    break;
                case '^' when atStart || extended:
                    sb.Append('^');
                    break;
                case '$' when extended || i == p.Length - 1 || p[(i + 1)..].StartsWith("\\)", StringComparison.Ordinal) || p[(i + 1)..].StartsWith("\\|", StringComparison.Ordinal):
                    sb.Append('$');
                    break;
                case '.' or '*':
                    sb.Append(c);
                    break;
                case '+' or '?' or '|' or '(' or ')' or '{' or '}' when extended:
                    sb.Append(c);
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool EndsWith(string p, int i, string s) => i >= s.Length && p.AsSpan(i - s.Length, s.Length).SequenceEqual(s);

    private static int Bracket(string p, int start, StringBuilder sb)
    {
        int i = start + 1;
        var set = new StringBuilder("[");
        if (i < p.Length && p[i] == '^')
        {
            set.Append('^');
            i++;
        }
        bool first = true;
        for (; i < p.Length; i++)
        {
            char c = p[i];
            if (c == ']' && !first)
            {
                sb.Append(set).Append(']');
                return i;
            }
            first = false;
            if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0 && s_classes.TryGetValue(p[(i + 2)..end], out string? cls))
                {
                    set.Append(cls);
                    i = end + 1;
                    continue;
                }
            }
            set.Append(c is '\\' or '[' or '^' ? "\\" + c : c.ToString());
        }
        throw new ArgumentException("Unmatched [, [^, [:, [., or [=");
    }
}
