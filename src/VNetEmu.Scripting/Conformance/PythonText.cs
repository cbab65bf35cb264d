using System.Globalization;
using System.Numerics;
using System.Text;

namespace VNetEmu.Scripting.Conformance;

/// <summary>The few Python 3 <c>str</c> operations the conformance normalizer relies on, with Python's meaning:
/// whitespace is what <c>str.isspace()</c> accepts (which also counts U+001C..U+001F), <c>splitlines</c> knows
/// every line boundary Python knows, and sorting compares code points (not UTF-16 units).</summary>
internal static class PythonText
{
    /// <summary>Regex class for Python's <c>\s</c> (str patterns): .NET's <c>\s</c> plus U+001C..U+001F.</summary>
    public const string Space = @"[\s\x1c-\x1f]";

    /// <summary>Regex class for Python's <c>\S</c>.</summary>
    public const string NonSpace = @"[^\s\x1c-\x1f]";

    /// <summary>Regex class for Python's <c>\w</c> (str patterns): letters, numbers of any kind, underscore.</summary>
    public const string Word = @"[\p{L}\p{Nd}\p{Nl}\p{No}_]";

    /// <summary>Python's <c>\b</c> before a word character: no word character precedes.</summary>
    public const string WordStart = @"(?<![\p{L}\p{Nd}\p{Nl}\p{No}_])";

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }
        return s[start..end];
    }

    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1]))
        {
            end--;
        }
        return s[..end];
    }

    /// <summary><c>s.split()</c>: runs of whitespace separate, no empty words.</summary>
    public static List<string> Split(string s) => Split(s, int.MaxValue);

    /// <summary><c>s.split(None, maxSplit)</c>: the last word keeps the rest of the string from its first
    /// non-whitespace character, trailing whitespace included, as Python does.</summary>
    public static List<string> Split(string s, int maxSplit)
    {
        var words = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }
            if (i == s.Length)
            {
                break;
            }
            if (words.Count == maxSplit)
            {
                words.Add(s[i..]);
                break;
            }
            int start = i;
            while (i < s.Length && !IsSpace(s[i]))
            {
                i++;
            }
            words.Add(s[start..i]);
        }
        return words;
    }

    /// <summary><c>str.isdigit()</c>: not empty, every character has a digit value (also superscripts).</summary>
    public static bool IsDigits(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }
        foreach (char c in s)
        {
            if (CharUnicodeInfo.GetDigitValue(c) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>int(s)</c> for a string of decimal digits (any script), optionally signed.</summary>
    public static BigInteger ParseInt(string s)
    {
        var ascii = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            int d = CharUnicodeInfo.GetDecimalDigitValue(c);
            ascii.Append(d >= 0 ? (char)('0' + d) : c);
        }
        return BigInteger.Parse(ascii.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary><c>s.splitlines(keepends=True)</c>.</summary>
    public static List<string> SplitLinesKeepEnds(string s)
    {
        var lines = new List<string>();
        int start = 0, i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                lines.Add(s[start..i]);
                start = i;
            }
            else
            {
                i++;
            }
        }
        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }
        return lines;
    }

    /// <summary>Python's string order: by code point.</summary>
    public static int CompareCodePoints(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int x = CodePointAt(a, i, out int na), y = CodePointAt(b, j, out int nb);
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
            i += na;
            j += nb;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int CodePointAt(string s, int index, out int units)
    {
        if (char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            units = 2;
            return char.ConvertToUtf32(s[index], s[index + 1]);
        }
        units = 1;
        return s[index];
    }

    /// <summary>Python's <c>sorted()</c> of strings.</summary>
    public static List<string> Sorted(IEnumerable<string> items)
    {
        var list = new List<string>(items);
        list.Sort(CompareCodePoints);
        return list;
    }

    /// <summary>What Python's text-mode <c>open()</c> does to newlines: \r\n and \r become \n.</summary>
    public static string TranslateNewlines(string s) => s.Contains('\r') ? s.Replace("\r\n", "\n").Replace('\r', '\n') : s;
}
