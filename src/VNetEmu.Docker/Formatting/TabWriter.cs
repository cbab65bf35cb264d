// A port of Go's text/tabwriter (docker/cli's fork at cli/command/formatter/tabwriter), elastic tabstops.
// Escape sequences and HTML filtering are left out: docker/cli's tables pass flags 0.
using System.Text;

namespace VNetEmu.Docker.Formatting;

/// <summary>Aligns tab-terminated cells into columns as Go's tabwriter.Writer does. docker/cli's tables use
/// <c>new TabWriter(10, 1, 3, ' ')</c> (<see cref="ForDocker"/>). Cells are measured in runes.</summary>
public sealed class TabWriter
{
    private readonly StringBuilder _output = new();
    private readonly int _minWidth;
    private readonly int _tabWidth;
    private readonly int _padding;
    private readonly char _padChar;
    private readonly bool _alignRight;
    private readonly StringBuilder _buf = new();
    private readonly List<List<Cell>> _lines = [];
    private readonly List<int> _widths = [];
    private Cell _cell;

    /// <summary>tabwriter.NewWriter(out, minwidth, tabwidth, padding, padchar, flags) with flags 0 or
    /// AlignRight.</summary>
    public TabWriter(int minWidth, int tabWidth, int padding, char padChar, bool alignRight = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(tabWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        _minWidth = minWidth;
        _tabWidth = tabWidth;
        _padding = padding;
        _padChar = padChar;
        _alignRight = alignRight && padChar != '\t';
        Reset();
    }

    /// <summary>docker/cli's table writer: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0).</summary>
    public static TabWriter ForDocker() => new(10, 1, 3, ' ');

    private struct Cell
    {
        public int Size;
        public int Width;
        public bool HTab;
    }

    private void Reset()
    {
        _buf.Clear();
        _cell = default;
        _lines.Clear();
        _widths.Clear();
        _lines.Add([]);
    }

    /// <summary>Writes text; a '\t' or '\v' ends a cell, '\n' or '\f' ends a line.</summary>
    public void Write(string text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch is not ('\t' or '\v' or '\n' or '\f'))
            {
                continue;
            }
            Append(text[n..i]);
            n = i + 1;
            int ncells = TerminateCell(ch == '\t');
            if (ch is '\n' or '\f')
            {
                _lines.Add([]);
                if (ch == '\f' || ncells == 1)
                {
                    // A line of one cell does not affect the columns below: flush what is buffered.
                    FlushInternal();
                }
            }
        }
        Append(text[n..]);
    }

    /// <summary>Formats everything buffered and returns all output written so far; the writer is empty after.</summary>
    public string Flush()
    {
        FlushInternal();
        string result = _output.ToString();
        _output.Clear();
        return result;
    }

    private void Append(string text)
    {
        _buf.Append(text);
        _cell.Size += text.Length;
        _cell.Width += text.EnumerateRunes().Count();
    }

    private int TerminateCell(bool htab)
    {
        _cell.HTab = htab;
        List<Cell> line = _lines[^1];
        line.Add(_cell);
        _cell = default;
        return line.Count;
    }

    private void FlushInternal()
    {
        if (_cell.Size > 0)
        {
            TerminateCell(false);
        }
        Format(0, 0, _lines.Count);
        Reset();
    }

    private void WritePadding(int textWidth, int cellWidth)
    {
        if (_padChar == '\t')
        {
            if (_tabWidth == 0)
            {
                return;
            }
            cellWidth = (cellWidth + _tabWidth - 1) / _tabWidth * _tabWidth;
            int n = cellWidth - textWidth;
            _output.Append('\t', (n + _tabWidth - 1) / _tabWidth);
            return;
        }
        _output.Append(_padChar, cellWidth - textWidth);
    }

    private int WriteLines(int pos, int line0, int line1)
    {
        for (int i = line0; i < line1; i++)
        {
            List<Cell> line = _lines[i];
            for (int j = 0; j < line.Count; j++)
            {
                Cell c = line[j];
                if (c.Size == 0)
                {
                    if (j < _widths.Count)
                    {
                        WritePadding(c.Width, _widths[j]);
                    }
                }
                else if (!_alignRight)
                {
                    _output.Append(_buf, pos, c.Size);
                    pos += c.Size;
                    if (j < _widths.Count)
                    {
                        WritePadding(c.Width, _widths[j]);
                    }
                }
                else
                {
                    if (j < _widths.Count)
                    {
                        WritePadding(c.Width, _widths[j]);
                    }
                    _output.Append(_buf, pos, c.Size);
                    pos += c.Size;
                }
            }
            if (i + 1 == _lines.Count)
            {
                // The last buffered line has no newline yet: write the incomplete cell.
                _output.Append(_buf, pos, _cell.Size);
                pos += _cell.Size;
            }
            else
            {
                _output.Append('\n');
            }
        }
        return pos;
    }

    private int Format(int pos, int line0, int line1)
    {
        int column = _widths.Count;
        for (int current = line0; current < line1; current++)
        {
            if (column >= _lines[current].Count - 1)
            {
                continue;
            }
            // A cell in this column: this line has more cells than the previous one.
            pos = WriteLines(pos, line0, current);
            line0 = current;
            int width = _minWidth;
            for (; current < line1; current++)
            {
                List<Cell> line = _lines[current];
                if (column >= line.Count - 1)
                {
                    break;
                }
                width = Math.Max(width, line[column].Width + _padding);
            }
            _widths.Add(width);
            pos = Format(pos, line0, current);
            _widths.RemoveAt(_widths.Count - 1);
            line0 = current;
        }
        return WriteLines(pos, line0, line1);
    }
}
