using System.Text;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Python's <c>difflib.unified_diff(a, b, fromfile, tofile)</c> (n = 3) over lines that keep their line
/// ends, with <c>SequenceMatcher</c>'s matching (autojunk on, no junk function) ported as is, so that the hunks are
/// the ones the Python <c>normalize compare</c> prints.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    private readonly record struct Opcode(char Tag, int I1, int I2, int J1, int J2);

    public static string Format(IReadOnlyList<string> a, IReadOnlyList<string> b, string fromFile, string toFile)
    {
        var s = new StringBuilder();
        bool started = false;
        foreach (List<Opcode> group in GroupedOpcodes(Opcodes(a, b)))
        {
            if (!started)
            {
                started = true;
                s.Append("--- ").Append(fromFile).Append('\n');
                s.Append("+++ ").Append(toFile).Append('\n');
            }
            Opcode first = group[0], last = group[^1];
            s.Append("@@ -").Append(Range(first.I1, last.I2)).Append(" +").Append(Range(first.J1, last.J2)).Append(" @@\n");
            foreach (Opcode op in group)
            {
                if (op.Tag == 'e')
                {
                    for (int i = op.I1; i < op.I2; i++)
                    {
                        s.Append(' ').Append(a[i]);
                    }
                    continue;
                }
                if (op.Tag is 'r' or 'd')
                {
                    for (int i = op.I1; i < op.I2; i++)
                    {
                        s.Append('-').Append(a[i]);
                    }
                }
                if (op.Tag is 'r' or 'i')
                {
                    for (int j = op.J1; j < op.J2; j++)
                    {
                        s.Append('+').Append(b[j]);
                    }
                }
            }
        }
        return s.ToString();
    }

    private static string Range(int start, int stop)
    {
        int beginning = start + 1, length = stop - start;
        if (length == 1)
        {
            return beginning.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (length == 0)
        {
            beginning--;
        }
        return FormattableString.Invariant($"{beginning},{length}");
    }

    private static IEnumerable<List<Opcode>> GroupedOpcodes(List<Opcode> codes)
    {
        if (codes.Count == 0)
        {
            codes = [new Opcode('e', 0, 1, 0, 1)];
        }
        if (codes[0].Tag == 'e')
        {
            Opcode c = codes[0];
            codes[0] = c with { I1 = Math.Max(c.I1, c.I2 - Context), J1 = Math.Max(c.J1, c.J2 - Context) };
        }
        if (codes[^1].Tag == 'e')
        {
            Opcode c = codes[^1];
            codes[^1] = c with { I2 = Math.Min(c.I2, c.I1 + Context), J2 = Math.Min(c.J2, c.J1 + Context) };
        }
        var group = new List<Opcode>();
        foreach (Opcode code in codes)
        {
            Opcode c = code;
            if (c.Tag == 'e' && c.I2 - c.I1 > 2 * Context)
            {
                group.Add(c with { I2 = Math.Min(c.I2, c.I1 + Context), J2 = Math.Min(c.J2, c.J1 + Context) });
                yield return group;
                group = [];
                c = c with { I1 = Math.Max(c.I1, c.I2 - Context), J1 = Math.Max(c.J1, c.J2 - Context) };
            }
            group.Add(c);
        }
        if (group.Count > 0 && !(group.Count == 1 && group[0].Tag == 'e'))
        {
            yield return group;
        }
    }

    private static List<Opcode> Opcodes(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var answer = new List<Opcode>();
        int i = 0, j = 0;
        foreach ((int ai, int bj, int size) in MatchingBlocks(a, b))
        {
            char tag = i < ai && j < bj ? 'r' : i < ai ? 'd' : j < bj ? 'i' : '\0';
            if (tag != '\0')
            {
                answer.Add(new Opcode(tag, i, ai, j, bj));
            }
            i = ai + size;
            j = bj + size;
            if (size > 0)
            {
                answer.Add(new Opcode('e', ai, i, bj, j));
            }
        }
        return answer;
    }

    private static List<(int I, int J, int Size)> MatchingBlocks(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        Dictionary<string, List<int>> b2j = ChainB(b);
        var queue = new Stack<(int ALo, int AHi, int BLo, int BHi)>();
        queue.Push((0, a.Count, 0, b.Count));
        var blocks = new List<(int I, int J, int Size)>();
        while (queue.Count > 0)
        {
            (int alo, int ahi, int blo, int bhi) = queue.Pop();
            (int i, int j, int k) = LongestMatch(a, b, b2j, alo, ahi, blo, bhi);
            if (k > 0)
            {
                blocks.Add((i, j, k));
                if (alo < i && blo < j)
                {
                    queue.Push((alo, i, blo, j));
                }
                if (i + k < ahi && j + k < bhi)
                {
                    queue.Push((i + k, ahi, j + k, bhi));
                }
            }
        }
        blocks.Sort();
        var nonAdjacent = new List<(int I, int J, int Size)>();
        int i1 = 0, j1 = 0, k1 = 0;
        foreach ((int i2, int j2, int k2) in blocks)
        {
            if (i1 + k1 == i2 && j1 + k1 == j2)
            {
                k1 += k2;
            }
            else
            {
                if (k1 > 0)
                {
                    nonAdjacent.Add((i1, j1, k1));
                }
                (i1, j1, k1) = (i2, j2, k2);
            }
        }
        if (k1 > 0)
        {
            nonAdjacent.Add((i1, j1, k1));
        }
        nonAdjacent.Add((a.Count, b.Count, 0));
        return nonAdjacent;
    }

    /// <summary>Indices of each line of b; with 200 lines or more, lines occurring more than 1% + 1 times are
    /// "popular" and left out (SequenceMatcher's autojunk).</summary>
    private static Dictionary<string, List<int>> ChainB(IReadOnlyList<string> b)
    {
        var b2j = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < b.Count; i++)
        {
            if (!b2j.TryGetValue(b[i], out List<int>? indices))
            {
                b2j[b[i]] = indices = [];
            }
            indices.Add(i);
        }
        if (b.Count >= 200)
        {
            int ntest = b.Count / 100 + 1;
            foreach (string popular in b2j.Where(p => p.Value.Count > ntest).Select(p => p.Key).ToList())
            {
                b2j.Remove(popular);
            }
        }
        return b2j;
    }

    private static (int I, int J, int Size) LongestMatch(IReadOnlyList<string> a, IReadOnlyList<string> b,
        Dictionary<string, List<int>> b2j, int alo, int ahi, int blo, int bhi)
    {
        int besti = alo, bestj = blo, bestsize = 0;
        var j2len = new Dictionary<int, int>();
        for (int i = alo; i < ahi; i++)
        {
            var newj2len = new Dictionary<int, int>();
            if (b2j.TryGetValue(a[i], out List<int>? indices))
            {
                foreach (int j in indices)
                {
                    if (j < blo)
                    {
                        continue;
                    }
                    if (j >= bhi)
                    {
                        break;
                    }
                    int k = newj2len[j] = j2len.GetValueOrDefault(j - 1) + 1;
                    if (k > bestsize)
                    {
                        (besti, bestj, bestsize) = (i - k + 1, j - k + 1, k);
                    }
                }
            }
            j2len = newj2len;
        }
        // No junk function: extend over equal (possibly popular) lines on both ends.
        while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1])
        {
            (besti, bestj, bestsize) = (besti - 1, bestj - 1, bestsize + 1);
        }
        while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize])
        {
            bestsize++;
        }
        return (besti, bestj, bestsize);
    }
}
