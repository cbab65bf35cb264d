using System.Text;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Python's <c>shlex.split(s)</c> (POSIX mode, no comments): words split on space, tab, CR and LF; single
/// quotes literal; double quotes where a backslash escapes only <c>\</c> and <c>"</c>; a backslash outside quotes
/// escapes the next character. Port of <c>shlex.read_token</c> so that the normalizer sees the same argv.</summary>
internal static class Shlex
{
    /// <summary>False where shlex raises ValueError (no closing quotation, no escaped character).</summary>
    public static bool TrySplit(string text, out List<string> words)
    {
        words = [];
        var token = new StringBuilder();
        char state = ' ';            // ' ' between words, 'a' in a word, '\'' or '"' in quotes, '\\' after an escape
        char escapedState = 'a';
        bool quoted = false;
        foreach (char c in text)
        {
            switch (state)
            {
                case ' ':
                    if (IsWhitespace(c))
                    {
                        continue;
                    }
                    if (c == '\\')
                    {
                        escapedState = 'a';
                        state = '\\';
                    }
                    else if (c is '\'' or '"')
                    {
                        state = c;
                    }
                    else
                    {
                        token.Append(c);
                        state = 'a';
                    }
                    break;
                case '\'' or '"':
                    quoted = true;
                    if (c == state)
                    {
                        state = 'a';
                    }
                    else if (c == '\\' && state == '"')
                    {
                        escapedState = state;
                        state = '\\';
                    }
                    else
                    {
                        token.Append(c);
                    }
                    break;
                case '\\':
                    if (escapedState is '\'' or '"' && c != '\\' && c != escapedState)
                    {
                        token.Append('\\');
                    }
                    token.Append(c);
                    state = escapedState;
                    break;
                default: // 'a'
                    if (IsWhitespace(c))
                    {
                        state = ' ';
                        words.Add(token.ToString());
                        token.Clear();
                        quoted = false;
                    }
                    else if (c is '\'' or '"')
                    {
                        state = c;
                    }
                    else if (c == '\\')
                    {
                        escapedState = 'a';
                        state = '\\';
                    }
                    else
                    {
                        token.Append(c);
                    }
                    break;
            }
        }
        if (state is '\'' or '"' or '\\')
        {
            return false;
        }
        if (state == 'a' && (quoted || token.Length > 0))
        {
            words.Add(token.ToString());
        }
        return true;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';
}
