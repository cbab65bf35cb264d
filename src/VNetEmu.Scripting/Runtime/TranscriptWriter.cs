using System.Text;

namespace VNetEmu.Scripting.Runtime;

/// <summary>Writes the raw transcript (conformance/README.md §2) while the scenario runs, so that memory stays flat
/// however much the commands print. Blocks appear in script order, but a background block holds everything its
/// command prints until it stops: the first unfinished block writes straight through, the blocks after it wait
/// in memory and, past <see cref="SpillBytes"/>, in a temporary file, and are copied out once every block before
/// them has finished. A block's stderr comes after its stdout, so it is kept until the block ends.</summary>
public sealed class TranscriptWriter(TextWriter output) : IDisposable
{
    /// <summary>How much stdout a waiting block keeps in memory before it moves to a temporary file.</summary>
    public const int SpillBytes = 1 << 20;

    private readonly List<Block> _pending = [];

    /// <summary>Starts the block of one script line (<c>$ LINE</c>).</summary>
    public Block Begin(string line)
    {
        var block = new Block();
        _pending.Add(block);
        Write(block, "$ " + line + "\n");
        block.AtLineStart = true;
        block.Written = false;
        return block;
    }

    /// <summary>Stdout of the block's command, as it is printed.</summary>
    public void Out(Block block, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        Write(block, text);
        block.AtLineStart = text[^1] == '\n';
        block.Written = true;
    }

    /// <summary>Stderr of the block's command (shown after its stdout when the block ends).</summary>
    public void Err(Block block, string text) => block.Stderr.Append(text);

    /// <summary>Ends a block: its stdout gets a final newline if it lacked one, then <c>[stderr]</c> and its text, then
    /// <c>[exit N]</c> when <paramref name="exitCode"/> is given and not zero.</summary>
    public void End(Block block, int? exitCode)
    {
        if (block.Written && !block.AtLineStart)
        {
            Write(block, "\n");
        }
        if (block.Stderr.Length > 0)
        {
            Write(block, "[stderr]\n");
            string stderr = block.Stderr.ToString();
            Write(block, stderr);
            if (stderr[^1] != '\n')
            {
                Write(block, "\n");
            }
            block.Stderr.Clear();
        }
        if (exitCode is int code && code != 0)
        {
            Write(block, $"[exit {code}]\n");
        }
        block.Done = true;
        Release();
    }

    /// <summary>The last line, <c>[error] …</c>, after every block (all of them must have ended).</summary>
    public void Error(string message)
    {
        output.Write("[error] " + message + "\n");
    }

    public void Flush() => output.Flush();

    public void Dispose()
    {
        foreach (Block b in _pending)
        {
            b.DropSpill();
        }
        _pending.Clear();
    }

    private void Write(Block block, string text)
    {
        if (_pending.Count > 0 && _pending[0] == block)
        {
            output.Write(text);
            return;
        }
        block.Buffer(text);
    }

    /// <summary>Writes out the finished blocks at the head; the first unfinished one then writes straight through.</summary>
    private void Release()
    {
        while (_pending.Count > 0)
        {
            Block head = _pending[0];
            head.CopyTo(output);
            if (!head.Done)
            {
                return;
            }
            _pending.RemoveAt(0);
        }
    }

    /// <summary>One line's block while it is not written out yet.</summary>
    public sealed class Block
    {
        private StringBuilder? _memory;
        private string? _spillPath;
        private StreamWriter? _spill;

        internal StringBuilder Stderr { get; } = new();
        internal bool Done { get; set; }
        internal bool AtLineStart { get; set; } = true;
        internal bool Written { get; set; }

        /// <summary>The stderr kept so far (for the error line of a failed command).</summary>
        public string StderrText => Stderr.ToString();

        internal void Buffer(string text)
        {
            if (_spill is not null)
            {
                _spill.Write(text);
                return;
            }
            (_memory ??= new StringBuilder()).Append(text);
            if (_memory.Length > SpillBytes)
            {
                _spillPath = Path.GetTempFileName();
                _spill = new StreamWriter(_spillPath, append: false, new UTF8Encoding(false));
                _spill.Write(_memory.ToString());
                _memory = null;
            }
        }

        /// <summary>Moves what waited so far to <paramref name="output"/>; later writes go there directly.</summary>
        internal void CopyTo(TextWriter output)
        {
            if (_memory is { Length: > 0 })
            {
                output.Write(_memory.ToString());
                _memory = null;
            }
            if (_spill is not null)
            {
                _spill.Dispose();
                _spill = null;
                using (var reader = new StreamReader(_spillPath!, Encoding.UTF8))
                {
                    char[] chunk = new char[64 * 1024];
                    int n;
                    while ((n = reader.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        output.Write(chunk, 0, n);
                    }
                }
                DropSpill();
            }
        }

        internal void DropSpill()
        {
            _spill?.Dispose();
            _spill = null;
            if (_spillPath is not null)
            {
                File.Delete(_spillPath);
                _spillPath = null;
            }
        }
    }
}
