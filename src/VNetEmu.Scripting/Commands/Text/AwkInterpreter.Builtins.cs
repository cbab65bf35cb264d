using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

internal sealed partial class AwkInterpreter
{
    private AwkValue CallBuiltin(AwkBuiltin call)
    {
        IReadOnlyList<AwkExpr> a = call.Args;
        switch (call.Name)
        {
            case "length":
                if (a.Count == 0)
                {
                    return AwkValue.Num(_record.Length);
                }
                if (a[0] is AwkVariable v && CellOf(v) is { Array: not null } cell)
                {
                    return AwkValue.Num(cell.Array.Count);
                }
                return AwkValue.Num(Eval(a[0]).ToStr(Convfmt).Length);
            case "substr":
                return AwkValue.Str(Substr(Eval(a[0]).ToStr(Convfmt), Eval(a[1]).ToNumber(), a.Count > 2 ? Eval(a[2]).ToNumber() : null));
            case "index":
                string haystack = Eval(a[0]).ToStr(Convfmt), needle = Eval(a[1]).ToStr(Convfmt);
                return AwkValue.Num(haystack.IndexOf(needle, StringComparison.Ordinal) + 1);
            case "split":
                return AwkValue.Num(Split(a));
            case "sub" or "gsub":
                return AwkValue.Num(Substitute(a, call.Name == "gsub"));
            case "match":
                string text = Eval(a[0]).ToStr(Convfmt);
                System.Text.RegularExpressions.Match? m = RegexOf(a[1]).Match(text);
                _rstart.Value = AwkValue.Num(m is null ? 0 : m.Index + 1);
                _rlength.Value = AwkValue.Num(m is null ? -1 : m.Length);
                return _rstart.Value;
            case "sprintf":
                var values = a.Select(Eval).ToList();
                string format = values[0].ToStr(Convfmt);
                try
                {
                    return AwkValue.Str(AwkFormat.Sprintf(format, values.Skip(1).ToList(), Convfmt));
                }
                catch (AwkFormat.MissingArgument)
                {
                    throw new AwkRuntimeException($"not enough arguments passed to sprintf(\"{format}\")");
                }
            case "tolower":
                return AwkValue.Str(Eval(a[0]).ToStr(Convfmt).ToLowerInvariant());
            case "toupper":
                return AwkValue.Str(Eval(a[0]).ToStr(Convfmt).ToUpperInvariant());
            case "int":
                return AwkValue.Num(Math.Truncate(Eval(a[0]).ToNumber()));
            case "sqrt":
                return AwkValue.Num(Math.Sqrt(Eval(a[0]).ToNumber()));
            case "exp":
                return AwkValue.Num(Math.Exp(Eval(a[0]).ToNumber()));
            case "log":
                return AwkValue.Num(Math.Log(Eval(a[0]).ToNumber()));
            case "sin":
                return AwkValue.Num(Math.Sin(Eval(a[0]).ToNumber()));
            case "cos":
                return AwkValue.Num(Math.Cos(Eval(a[0]).ToNumber()));
            case "atan2":
                double y = Eval(a[0]).ToNumber();
                return AwkValue.Num(Math.Atan2(y, Eval(a[1]).ToNumber()));
            case "rand":
                return AwkValue.Num(_random.NextDouble());
            case "srand":
                double previous = _seed;
                _seed = a.Count > 0 ? Eval(a[0]).ToNumber() : Math.Floor(_ctx.Emulator.World.Now / 1e9);
                _random = new Random((int)(long)_seed);
                return AwkValue.Num(previous);
            case "close":
                string name = Eval(a[0]).ToStr(Convfmt);
                if (_outputs.Remove(name, out StringBuilder? output))
                {
                    _ctx.Userspace.Write(name, output.ToString());
                    return AwkValue.Num(0);
                }
                return AwkValue.Num(-1);
            default: // fflush
                return AwkValue.Num(0);
        }
    }

    /// <summary>gawk's substr: a start below 1 counts from 1 (the length is not shortened), both truncated.</summary>
    private static string Substr(string s, double start, double? length)
    {
        double len = length ?? double.PositiveInfinity;
        if (length is not null && !(len >= 1))
        {
            return "";
        }
        if (!(start >= 1))
        {
            start = 1;
        }
        if (start > s.Length)
        {
            return "";
        }
        int from = (int)Math.Truncate(start) - 1;
        double available = s.Length - from;
        int count = (int)Math.Min(Math.Truncate(len), available);
        return s.Substring(from, count);
    }

    private int Split(IReadOnlyList<AwkExpr> a)
    {
        string s = Eval(a[0]).ToStr(Convfmt);
        Dictionary<string, AwkValue> array = ArrayOf((AwkVariable)a[1]);
        List<string> parts;
        if (a.Count > 2 && a[2] is AwkRegex r)
        {
            parts = SplitByRegex(s, r.Pattern);
        }
        else
        {
            string fs = a.Count > 2 ? Eval(a[2]).ToStr(Convfmt) : _fs.Value.ToStr(Convfmt);
            parts = SplitFields(s, fs, paragraph: false);
        }
        array.Clear();
        for (int i = 0; i < parts.Count; i++)
        {
            array[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = AwkValue.Input(parts[i]);
        }
        return parts.Count;
    }

    private static List<string> SplitByRegex(string s, PosixPattern re)
    {
        var parts = new List<string>();
        if (s.Length == 0)
        {
            return parts;
        }
        int pos = 0, start = 0;
        while (pos <= s.Length)
        {
            System.Text.RegularExpressions.Match? m = re.Match(s, pos);
            if (m is null)
            {
                break;
            }
            if (m.Length == 0)
            {
                pos = m.Index + 1;
                continue;
            }
            parts.Add(s[start..m.Index]);
            start = pos = m.Index + m.Length;
        }
        parts.Add(s[start..]);
        return parts;
    }

    /// <summary>sub and gsub with gawk's replacement rules: <c>&amp;</c> is the match, <c>\&amp;</c> a literal
    /// ampersand, <c>\\&amp;</c> a backslash then the match; other backslashes stay.</summary>
    private int Substitute(IReadOnlyList<AwkExpr> a, bool global)
    {
        PosixPattern re = RegexOf(a[0]);
        string replacement = Eval(a[1]).ToStr(Convfmt);
        AwkExpr target = a.Count > 2 ? a[2] : new AwkField(new AwkNumber(0));
        string subject = Eval(target).ToStr(Convfmt);
        string result = re.Replace(subject, 1, global, m => Expand(replacement, m.Value), out int count);
        if (count > 0)
        {
            Store(target, AwkValue.Str(result));
        }
        return count;
    }

    private static string Expand(string replacement, string matched)
    {
        if (replacement.IndexOfAny(['&', '\\']) < 0)
        {
            return replacement;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < replacement.Length; i++)
        {
            char c = replacement[i];
            if (c == '&')
            {
                sb.Append(matched);
            }
            else if (c == '\\' && string.CompareOrdinal(replacement, i, "\\\\\\&", 0, 4) == 0)
            {
                sb.Append("\\&");
                i += 3;
            }
            else if (c == '\\' && string.CompareOrdinal(replacement, i, "\\\\&", 0, 3) == 0)
            {
                sb.Append('\\').Append(matched);
                i += 2;
            }
            else if (c == '\\' && i + 1 < replacement.Length && replacement[i + 1] == '&')
            {
                sb.Append('&');
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
