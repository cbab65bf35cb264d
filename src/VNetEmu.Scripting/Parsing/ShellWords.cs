using System.Text;

namespace VNetEmu.Scripting.Parsing;

/// <summary>Splits a command line into words as a POSIX shell does (single and double quotes, backslash escapes),
/// without expansion — scenario lines contain no variables.</summary>
public static class ShellWords
{
    public static bool TrySplit(string text, out List<string> words, out string? error)
    {
        words = [];
        error = null;
        var current = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    error = "unterminated single quote";
                    return false;
                }
                current.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                for (; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }
                    current.Append(text[i]);
                }
                if (i >= text.Length)
                {
                    error = "unterminated double quote";
                    return false;
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else
            {
                current.Append(c);
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return true;
    }

    /// <summary>Quotes a word for display the way shlex.join does.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "@%+=:,./-_".Contains(ch)) ? word : "'" + word.Replace("'", "'\"'\"'") + "'";
}
