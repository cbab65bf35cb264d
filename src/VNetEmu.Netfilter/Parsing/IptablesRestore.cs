using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Parsing;

/// <summary><c>iptables-restore [-c] [-n|--noflush] [-T TABLE] [-t|--test] [-v]</c> (v1.8.9, nf_tables): reads a dump
/// and commits it table by table at each COMMIT. A table that fails is left as it was, and so are the tables after it;
/// the tables committed before stay. Error texts and exit codes are those of the real tool.</summary>
public static class IptablesRestore
{
    private const string Program = "iptables-restore";

    /// <summary>Runs iptables-restore with <paramref name="stdin"/> as its input.</summary>
    public static int Run(NetfilterState state, IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var options = new RestoreOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-c" or "--counters":
                    options.Counters = true;
                    break;
                case "-v" or "--verbose":
                    options.Verbose++;
                    break;
                case "-V" or "--version":
                    stdout.Write($"{Program} v{Versions.Iptables} (nf_tables)\n");
                    return 0;
                case "-t" or "--test":
                    options.Testing = true;
                    break;
                case "-n" or "--noflush":
                    options.NoFlush = true;
                    break;
                case "-h" or "--help":
                    stderr.Write(Usage);
                    return 0;
                case "-T" or "--table":
                    if (i + 1 >= args.Count)
                    {
                        stderr.Write($"Try `{Program} -h' for more information.\n");
                        return 1;
                    }
                    options.Table = args[++i];
                    break;
                case "-M" or "--modprobe":
                    i++;
                    break;
                case "-w" or "--wait" or "-W" or "--wait-interval":
                    if (i + 1 < args.Count && args[i + 1].Length > 0 && args[i + 1][0] is not '-' and not '!')
                    {
                        i++;
                    }
                    break;
                case "-b" or "--binary":
                    stderr.Write("-b/--binary option is not implemented\n");
                    break;
                case "-4" or "--ipv4" or "-6" or "--ipv6":
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        stderr.Write($"Try `{Program} -h' for more information.\n");
                        return 1;
                    }
                    if (i == args.Count - 1)
                    {
                        stderr.Write($"Can't open {arg}: No such file or directory\n");
                        return 1;
                    }
                    stderr.Write("Unknown arguments found on commandline\n");
                    return 1;
            }
        }
        var restore = new Restorer(state, options, stdout, stderr);
        return restore.Run(ReadLines(stdin));
    }

    private const string Usage =
        "Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n" +
        "\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n" +
        "\t   [ --noflush ]\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n\t   [ --ipv4 ]\n\t   [ --ipv6 ]\n";

    /// <summary>The input lines, each with its newline, as fgets() reads them: split at '\n' only, so a '\r' stays
    /// in the line (and makes its last word invalid, as in the real tool) and a trailing backslash is just a
    /// word. The shell joins backslash-newline in an unquoted here-document before iptables-restore sees it.</summary>
    private static List<string> ReadLines(TextReader stdin)
    {
        string text = stdin.ReadToEnd();
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    private sealed class RestoreOptions
    {
        public bool Counters { get; set; }

        public int Verbose { get; set; }

        public bool Testing { get; set; }

        public bool NoFlush { get; set; }

        public string? Table { get; set; }
    }

    /// <summary>xtables_restore_parse() and its per-line state.</summary>
    private sealed class Restorer
    {
        private readonly NetfilterState _state;
        private readonly RestoreOptions _options;
        private readonly TextWriter _stdout;
        private readonly TextWriter _stderr;
        private readonly List<NftCommand> _queue = [];
        private NftExecutor? _executor;
        private string? _currentTable;
        private bool _inTable;
        private int _line;

        public Restorer(NetfilterState state, RestoreOptions options, TextWriter stdout, TextWriter stderr)
        {
            _state = state;
            _options = options;
            _stdout = stdout;
            _stderr = stderr;
        }

        public int Run(List<string> lines)
        {
            try
            {
                foreach (string text in lines)
                {
                    _line++;
                    ParseLine(text);
                }
                if (_inTable)
                {
                    _stderr.Write($"{Program}: COMMIT expected at line {_line + 1}\n");
                    return 1;
                }
                return 0;
            }
            catch (IptablesException e)
            {
                return e.Write(_stderr, Program, _line);
            }
        }

        private void ParseLine(string buffer)
        {
            bool ok = false;
            if (buffer.Length == 0 || buffer[0] == '\n')
            {
                return;
            }
            if (buffer[0] == '#')
            {
                if (_options.Verbose > 0)
                {
                    _stdout.Write(buffer);
                }
                return;
            }
            if (_inTable && buffer.StartsWith("COMMIT", StringComparison.Ordinal) && (buffer.Length == 6 || buffer[6] == '\n'))
            {
                ok = _options.Testing ? Abort() : Commit();
                _inTable = false;
            }
            else if (buffer[0] == '*' && !_inTable)
            {
                string? table = Token(buffer, 1, out _);
                if (table is null)
                {
                    Fail.Parameter($"{Program}: line {_line} table name invalid");
                }
                if (!Table.IsKnown(table))
                {
                    Fail.Parameter($"{Program}: line {_line} table name '{table}' invalid");
                }
                _currentTable = table;
                if (_options.Table is not null && _options.Table != table)
                {
                    return;
                }
                _executor = new NftExecutor(_state, table, _stdout);
                _queue.Clear();
                if (!_options.NoFlush)
                {
                    if (_options.Verbose > 0)
                    {
                        Queue(e => e.Flush(null, verbose: true) && e.DeleteChain(null, verbose: true));
                    }
                    else
                    {
                        Queue(e =>
                        {
                            e.FlushTable();
                            return true;
                        });
                    }
                }
                ok = true;
                _inTable = true;
            }
            else if (buffer[0] == ':' && _inTable)
            {
                ok = ParseChainLine(buffer);
            }
            else if (_inTable)
            {
                ok = ParseRuleLine(buffer);
            }
            if (_options.Table is not null && _currentTable is not null && _options.Table != _currentTable)
            {
                return;
            }
            if (!ok)
            {
                Fail.Plain(1, $"{Program}: line {_line} failed\n");
            }
        }

        private bool ParseChainLine(string buffer)
        {
            string? chain = Token(buffer, 1, out int next);
            if (chain is null)
            {
                Fail.Parameter($"{Program}: line {_line} chain name invalid");
            }
            CommandParser.AssertValidChainName(chain);
            string? policy = Token(buffer, next, out next);
            if (policy is null)
            {
                Fail.Parameter($"{Program}: line {_line} policy invalid");
            }
            Table table = new(_currentTable!);
            if (table.TryGetBuiltinHook(chain, out _))
            {
                long packets = 0, bytes = 0;
                if (_options.Counters)
                {
                    string? counters = Token(buffer, next, out _);
                    if (counters is null || !TryParseCounters(counters, out packets, out bytes))
                    {
                        Fail.Parameter($"invalid policy counters for chain '{chain}'");
                    }
                }
                Queue(e => e.SetPolicy(chain, policy, packets, bytes));
            }
            else
            {
                Queue(e => e.RestoreChain(chain));
            }
            return true;
        }

        private bool ParseRuleLine(string buffer)
        {
            var args = new List<string> { "-t", _currentTable! };
            for (int i = 0; !_options.NoFlush && i < _options.Verbose; i++)
            {
                args.Add("-v");
            }
            string rest = buffer;
            if (buffer[0] == '[')
            {
                int close = buffer.IndexOf(']');
                if (close < 0)
                {
                    Fail.Parameter($"Bad line {_line}: need ]");
                }
                string inner = buffer[1..];
                int colon = inner.IndexOf(':');
                string[] pcntParts = inner.Split(':', 2);
                if (pcntParts[0].Length == 0 && colon < 0)
                {
                    Fail.Parameter($"Bad line {_line}: need :");
                }
                string pcnt = colon < 0 ? inner : inner[..colon];
                string afterColon = colon < 0 ? "" : inner[(colon + 1)..];
                int bracket = afterColon.IndexOf(']');
                string bcnt = bracket < 0 ? afterColon : afterColon[..bracket];
                if (colon < 0 || bcnt.Length == 0)
                {
                    Fail.Parameter($"Bad line {_line}: need ]");
                }
                if (_options.Counters)
                {
                    args.Add("--set-counters");
                    args.Add(pcnt);
                    args.Add(bcnt);
                }
                rest = buffer[(close + 1)..];
            }
            args.AddRange(RestoreLine.Split(rest));
            ParsedCommand p = CommandParser.Parse(args, _state, restore: true, _stderr, Program);
            if (p.ImmediateOutput is not null)
            {
                _stdout.Write(p.ImmediateOutput);
                throw new IptablesException(0, "", IptablesErrorStyle.Plain);
            }
            if (p.Command == CommandKind.None)
            {
                return true;
            }
            _queue.AddRange(CommandQueue.Build(p, _line, _stdout));
            return true;
        }

        private void Queue(Func<NftExecutor, bool> run) => _queue.Add(new NftCommand(_line, run));

        /// <summary>nft_commit(): prepares the queued commands, then "sends" the batch; a kernel error aborts it.</summary>
        private bool Commit()
        {
            NftExecutor executor = _executor!;
            foreach (NftCommand command in _queue)
            {
                executor.Line = command.Line;
                if (!command.Run(executor))
                {
                    string reason = executor.Errno == Errno.None ? "" : $": {ErrnoText.NftStrError(executor.Operation, executor.Errno)}.";
                    Fail.Plain(1, $"{Program}: line {command.Line} failed{reason}\n");
                }
            }
            _queue.Clear();
            if (executor.KernelErrors.Count > 0)
            {
                Fail.Resource(string.Concat(executor.KernelErrors.Select(k => k.Text)));
            }
            executor.Commit();
            return true;
        }

        private bool Abort()
        {
            _queue.Clear();
            return true;
        }

        /// <summary>strtok(s, " \t\n") from <paramref name="start"/>.</summary>
        private static string? Token(string buffer, int start, out int next)
        {
            int i = start;
            while (i < buffer.Length && buffer[i] is ' ' or '\t' or '\n')
            {
                i++;
            }
            if (i >= buffer.Length)
            {
                next = i;
                return null;
            }
            int end = i;
            while (end < buffer.Length && buffer[end] is not (' ' or '\t' or '\n'))
            {
                end++;
            }
            next = end < buffer.Length ? end + 1 : end;
            return buffer[i..end];
        }

        /// <summary>parse_counters(): sscanf "[%llu:%llu]".</summary>
        private static bool TryParseCounters(string text, out long packets, out long bytes)
        {
            packets = bytes = 0;
            if (!text.StartsWith('['))
            {
                return false;
            }
            int colon = text.IndexOf(':');
            if (colon < 0 || !CText.ScanULong(text[1..colon], out ulong p))
            {
                return false;
            }
            string rest = text[(colon + 1)..];
            int end = 0;
            while (end < rest.Length && char.IsAsciiDigit(rest[end]))
            {
                end++;
            }
            if (!CText.ScanULong(rest[..end], out ulong b))
            {
                return false;
            }
            packets = (long)p;
            bytes = (long)b;
            return true;
        }
    }
}
