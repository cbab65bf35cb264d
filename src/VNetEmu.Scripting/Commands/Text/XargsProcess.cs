using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands.Text;

/// <summary><c>xargs [-0] [-d DELIM] [-n N] [-L N] [-I STR] [-r] [-t] [-P N] [COMMAND [ARGS…]]</c> (GNU findutils
/// 4.9): items from stdin (blanks and newlines separate them, quotes and backslashes as xargs reads them), the
/// command run once per batch, one after another on the virtual clock; exit 123 when a run failed, 124 when one
/// exited 255, 127 when the command does not exist. -P is accepted and runs the batches in turn.</summary>
public sealed class XargsProcess(CommandContext ctx, Func<CommandContext, ScriptProcess> create) : ScriptProcess
{
    private readonly Queue<List<string>> _batches = new();
    private ScriptProcess? _child;
    private bool _trace;
    private int _status;

    public override void Start()
    {
        if (!Prepare(out string? error))
        {
            Stderr.Append(error);
            Exit(1);
            return;
        }
        RunNext();
    }

    public override void Stop()
    {
        _child?.Stop();
        _batches.Clear();
        base.Stop();
    }

    private bool Prepare(out string? error)
    {
        error = null;
        var args = ctx.Args;
        int maxArgs = 0, maxLines = 0;
        string? replace = null;
        char? delimiter = null;
        bool noRunIfEmpty = false;
        int i = 1;
        string Usage(string message) => $"xargs: {message}\nTry 'xargs --help' for more information.\n";
        for (; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                i++;
                break;
            }
            if (!a.StartsWith('-') || a == "-")
            {
                break;
            }
            switch (a)
            {
                case "--null":
                    delimiter = '\0';
                    continue;
                case "--no-run-if-empty":
                    noRunIfEmpty = true;
                    continue;
                case "--verbose":
                    _trace = true;
                    continue;
            }
            for (int k = 1; k < a.Length; k++)
            {
                char f = a[k];
                if (f is '0' or 'r' or 't')
                {
                    delimiter = f == '0' ? '\0' : delimiter;
                    noRunIfEmpty |= f == 'r';
                    _trace |= f == 't';
                    continue;
                }
                if (f is not ('n' or 'L' or 'I' or 'i' or 'd' or 'P'))
                {
                    error = Usage($"invalid option -- '{f}'");
                    return false;
                }
                string value;
                if (k + 1 < a.Length)
                {
                    value = a[(k + 1)..];
                }
                else if (f == 'i')
                {
                    value = "{}";
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    error = Usage($"option requires an argument -- '{f}'");
                    return false;
                }
                k = a.Length;
                switch (f)
                {
                    case 'I' or 'i':
                        replace = value;
                        if (maxArgs > 0)
                        {
                            Stderr.Append("xargs: warning: options --max-args and --replace/-I/-i are mutually exclusive, ignoring previous --max-args value\n");
                            maxArgs = 0;
                        }
                        break;
                    case 'd':
                        string d = EchoCommand.Unescape(value, out _, printfFormat: true);
                        if (d.Length != 1)
                        {
                            error = $"xargs: invalid input delimiter specification {value}: the delimiter must be either a single character or an escape sequence starting with \\.\n";
                            return false;
                        }
                        delimiter = d[0];
                        break;
                    case 'P':
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        {
                            error = $"xargs: invalid number \"{value}\" for -P option\n";
                            return false;
                        }
                        break;
                    default:
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                        {
                            error = Usage($"value {value} for -{f} option should be >= 1");
                            return false;
                        }
                        if (f == 'n')
                        {
                            if (maxLines > 0)
                            {
                                Stderr.Append("xargs: warning: options --max-lines and --max-args/-n are mutually exclusive, ignoring previous --max-lines value\n");
                                maxLines = 0;
                            }
                            maxArgs = replace is null ? n : 0;
                        }
                        else
                        {
                            if (maxArgs > 0)
                            {
                                Stderr.Append("xargs: warning: options --max-args and -L are mutually exclusive, ignoring previous --max-args value\n");
                                maxArgs = 0;
                            }
                            maxLines = n;
                        }
                        break;
                }
            }
        }
        List<string> command = i < args.Count ? args.Skip(i).ToList() : ["echo"];
        string input = ctx.Stdin ?? "";
        if (replace is not null)
        {
            foreach (string line in TextInput.Lines(input))
            {
                string item = line.TrimStart(' ', '\t');
                if (item.Length > 0)
                {
                    _batches.Enqueue(command.Select(c => c.Replace(replace, item, StringComparison.Ordinal)).ToList());
                }
            }
            return true;
        }
        List<List<string>> lines;
        if (delimiter is char dc)
        {
            var items = input.Split(dc).ToList();
            if (items.Count > 0 && items[^1].Length == 0)
            {
                items.RemoveAt(items.Count - 1);
            }
            lines = [.. items.Select(item => new List<string> { item })];
        }
        else if (!TryItems(input, out lines, out error))
        {
            return false;
        }
        var all = lines.SelectMany(l => l).ToList();
        if (all.Count == 0)
        {
            if (!noRunIfEmpty)
            {
                _batches.Enqueue(command);
            }
            return true;
        }
        if (maxLines > 0)
        {
            for (int l = 0; l < lines.Count; l += maxLines)
            {
                var batch = lines.Skip(l).Take(maxLines).SelectMany(x => x).ToList();
                if (batch.Count > 0)
                {
                    _batches.Enqueue([.. command, .. batch]);
                }
            }
            return true;
        }
        int size = maxArgs > 0 ? maxArgs : all.Count;
        for (int k = 0; k < all.Count; k += size)
        {
            _batches.Enqueue([.. command, .. all.Skip(k).Take(size)]);
        }
        return true;
    }

    /// <summary>xargs' default reading: blanks separate items, quotes group, a backslash escapes; the items of each
    /// input line are kept together for -L.</summary>
    private static bool TryItems(string input, out List<List<string>> lines, out string? error)
    {
        lines = [];
        error = null;
        var line = new List<string>();
        var current = new StringBuilder();
        bool have = false;
        for (int i = 0; i < input.Length; i++)
        {
            char c = input[i];
            if (c is '\'' or '"')
            {
                int end = input.IndexOf(c, i + 1);
                int nl = input.IndexOf('\n', i + 1);
                if (end < 0 || (nl >= 0 && nl < end))
                {
                    error = $"xargs: unmatched {(c == '\'' ? "single" : "double")} quote; by default quotes are special to xargs unless you use the -0 option\n";
                    return false;
                }
                current.Append(input, i + 1, end - i - 1);
                have = true;
                i = end;
            }
            else if (c == '\\' && i + 1 < input.Length)
            {
                current.Append(input[++i]);
                have = true;
            }
            else if (c is ' ' or '\t' or '\n')
            {
                if (have)
                {
                    line.Add(current.ToString());
                    current.Clear();
                    have = false;
                }
                if (c == '\n' && line.Count > 0)
                {
                    lines.Add(line);
                    line = [];
                }
            }
            else
            {
                current.Append(c);
                have = true;
            }
        }
        if (have)
        {
            line.Add(current.ToString());
        }
        if (line.Count > 0)
        {
            lines.Add(line);
        }
        return true;
    }

    private void RunNext()
    {
        while (!HasExited)
        {
            if (!_batches.TryDequeue(out List<string>? argv))
            {
                Exit(_status);
                return;
            }
            if (_trace)
            {
                Stderr.Append(string.Join(' ', argv)).Append('\n');
            }
            ScriptProcess child = create(ctx with { Args = argv, Stdin = "" });
            _child = child;
            child.Start();
            if (!child.HasExited)
            {
                Pump();
                child.Exited += () =>
                {
                    if (Finished(child, argv[0]))
                    {
                        RunNext();
                    }
                };
                return;
            }
            if (!Finished(child, argv[0]))
            {
                return;
            }
        }
    }

    /// <summary>Takes a finished run's output and status; false when xargs stops here.</summary>
    private bool Finished(ScriptProcess child, string program)
    {
        int code = child.ExitCode!.Value;
        if (code == 127 && child.Stderr.ToString() == $"bash: line 1: {program}: command not found\n")
        {
            Stdout.Append(child.Stdout);
            child.Stdout.Clear();
            Stderr.Append($"xargs: {program}: No such file or directory\n");
            Exit(127);
            return false;
        }
        Pump();
        if (code == 255)
        {
            Stderr.Append($"xargs: {program}: exited with status 255; aborting\n");
            Exit(124);
            return false;
        }
        if (code is >= 1 and <= 125)
        {
            _status = 123;
        }
        else if (code > 125)
        {
            Exit(code == 143 ? 125 : code);
            return false;
        }
        return true;
    }

    private void Pump()
    {
        ScriptProcess? child = _child;
        if (child is null)
        {
            return;
        }
        TakeOutput(child);
    }
}
