using System.Globalization;
using System.Text;
using VNetEmu.Scripting.Commands.Text;
using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

public sealed partial class ShellProcess
{
    private int? _substitutionStatus;

    /// <summary><c>sh -c STRING</c> (also bash, dash, ash): the string through the same shell, in the caller's
    /// namespace and userspace, with its own variables started from <paramref name="environment"/>.</summary>
    public static ScriptProcess CommandLine(CommandContext ctx, IReadOnlyDictionary<string, string> environment)
    {
        string name = ctx.Program;
        var args = ctx.Args;
        int i = 1;
        while (i < args.Count && args[i] is "-e" or "-x" or "-u" or "-l" or "--login" or "--norc" or "--noprofile")
        {
            if (args[i] is "-e" or "-x" or "-u")
            {
                return Refuse(ctx, $"{name}: {args[i]}: option not emulated (only -c STRING)");
            }
            i++;
        }
        if (i >= args.Count || args[i] != "-c")
        {
            return Refuse(ctx, $"{name}: only '{name} -c STRING' is emulated (no interactive shell, no script files)");
        }
        if (i + 1 >= args.Count)
        {
            return Refuse(ctx, $"{name}: -c: option requires an argument");
        }
        ShellList list;
        try
        {
            list = ShellParser.Parse(args[i + 1]);
        }
        catch (ShellSyntaxError e)
        {
            return Refuse(ctx, $"{name}: -c: line 1: {e.Message}");
        }
        ShellState state = ShellState.FromEnvironment(environment);
        state.Positional = args.Skip(i + 3).ToList(); // sh -c STRING NAME ARGS…: NAME is $0
        return new ShellProcess(ctx, list, state, errExit: false);
    }

    private static InstantProcess Refuse(CommandContext ctx, string message) => new((_, e) =>
    {
        e.Write(message + "\n");
        return 2;
    });

    private IEnumerable<ShellChild> RunSimple(SimpleCommand command, ShellFds fds, bool exempt)
    {
        _substitutionStatus = null;
        var argv = new List<string>();
        foreach (ShellWord w in command.Words)
        {
            foreach (ShellChild c in Expand(w, split: true, argv, fds))
            {
                yield return c;
            }
        }
        var assignments = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in command.Assignments)
        {
            var v = new List<string>();
            foreach (ShellChild c in Expand(value, split: false, v, fds))
            {
                yield return c;
            }
            assignments.Add(new(name, v[0]));
        }
        string? stdin = fds.Stdin;
        ShellOutput stdout = fds.Out;
        ShellOutput stderr = fds.Err;
        var files = new List<ShellOutput>();
        foreach (Redirection r in command.Redirections)
        {
            string? target = null;
            if (r.Target is not null && r.Content is null)
            {
                var t = new List<string>();
                foreach (ShellChild c in Expand(r.Target, split: false, t, fds))
                {
                    yield return c;
                }
                target = t[0];
            }
            if (r.Op == "<")
            {
                stdin = r.Content ?? _ctx.ReadFile(target!);
                if (stdin is null)
                {
                    fds.Err.Write($"bash: line 1: {target}: No such file or directory\n");
                    _state.LastStatus = 1;
                    yield break;
                }
                continue;
            }
            ShellOutput output = r.Op == ">&" ? (r.DupFd == 1 ? stdout : stderr) : Open(target!, r.Op == ">>", files);
            if (r.Fd is 1 or -2)
            {
                stdout = output;
            }
            if (r.Fd is 2 or -2)
            {
                stderr = output;
            }
        }
        if (argv.Count == 0)
        {
            foreach (var (k, v) in assignments)
            {
                _state.Variables[k] = v;
            }
            _state.LastStatus = _substitutionStatus ?? 0;
            Close(files, fds.Err);
            yield break;
        }
        if (_state.Functions.TryGetValue(argv[0], out BraceGroup? function))
        {
            foreach (ShellChild c in CallFunction(argv, function, new ShellFds(stdin, stdout, stderr), exempt))
            {
                yield return c;
            }
        }
        else if (!RunBuiltin(argv, stderr))
        {
            CommandContext ctx = _ctx with { Args = argv, Stdin = stdin };
            ScriptProcess child = argv[0] switch
            {
                "sh" or "bash" or "dash" or "ash" => CommandLine(ctx, _state.Environment(assignments)),
                "env" or "printenv" => new InstantProcess((o, e) => EnvCommand.Run(ctx, _state.Environment(assignments), o, e)),
                _ => Shell.Create(ctx),
            };
            yield return new ShellChild(child, stdout, stderr);
            _state.LastStatus = child.ExitCode ?? 143;
        }
        Close(files, fds.Err);
    }

    /// <summary>Runs a builtin that changes the shell itself (export, unset, exit); false when the command is not
    /// one of them.</summary>
    private bool RunBuiltin(List<string> argv, ShellOutput stderr)
    {
        switch (argv[0])
        {
            case "export":
                foreach (string a in argv.Skip(1))
                {
                    int eq = a.IndexOf('=');
                    string name = eq < 0 ? a : a[..eq];
                    if (eq >= 0)
                    {
                        _state.Variables[name] = a[(eq + 1)..];
                    }
                    _state.Exported.Add(name);
                }
                _state.LastStatus = 0;
                return true;
            case "unset":
                foreach (string a in argv.Skip(1))
                {
                    _state.Variables.Remove(a);
                    _state.Exported.Remove(a);
                }
                _state.LastStatus = 0;
                return true;
            case "return" or "shift" or "local":
                RunFunctionBuiltin(argv, stderr);
                return true;
            case "exit":
                if (argv.Count > 1 && !int.TryParse(argv[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    stderr.Write($"bash: line 1: exit: {argv[1]}: numeric argument required\n");
                    _state.LastStatus = 2;
                }
                else if (argv.Count > 1)
                {
                    _state.LastStatus = int.Parse(argv[1], CultureInfo.InvariantCulture) & 0xff;
                }
                ExitRequested = true;
                return true;
            default:
                return false;
        }
    }

    private ShellOutput Open(string path, bool append, List<ShellOutput> files)
    {
        if (path == "/dev/null")
        {
            return ShellOutput.Discard();
        }
        var output = new ShellOutput(new StringBuilder(), path, append);
        if (!path.StartsWith("/proc/sys/", StringComparison.Ordinal) && (!append || !_ctx.Userspace.Exists(path)))
        {
            _ctx.Userspace.Write(path, append ? _ctx.Userspace.Read(path) ?? "" : "");
        }
        files.Add(output);
        return output;
    }

    private void Close(List<ShellOutput> files, ShellOutput err)
    {
        foreach (ShellOutput f in files)
        {
            string text = f.Buffer!.ToString();
            if (f.Path!.StartsWith("/proc/sys/", StringComparison.Ordinal))
            {
                string key = f.Path["/proc/sys/".Length..].Replace('/', '.');
                if (!_ctx.Emulator.Sysctls.Set(_ctx.Namespace, key, text.Trim()))
                {
                    err.Write($"bash: line 1: {f.Path}: No such file or directory\n");
                    _state.LastStatus = 1;
                }
                continue;
            }
            _ctx.Userspace.Write(f.Path, (_ctx.Userspace.Read(f.Path) ?? "") + text);
        }
    }

    /// <summary>Expands a word into <paramref name="fields"/>: parameters and command substitutions, split on
    /// blanks when unquoted and <paramref name="split"/>; otherwise exactly one field.</summary>
    private IEnumerable<ShellChild> Expand(ShellWord word, bool split, List<string> fields, ShellFds fds)
    {
        var current = new StringBuilder();
        bool have = !split;
        foreach (WordPart part in word.Parts)
        {
            string value;
            if (part is LiteralPart literal)
            {
                current.Append(literal.Text);
                have = true;
                continue;
            }
            if (part is ParameterPart { Name: "@", Quoted: true })
            {
                // "$@": one field per positional parameter, the first and last joined to the text around them
                for (int k = 0; k < _state.Positional.Count; k++)
                {
                    if (k > 0)
                    {
                        fields.Add(current.ToString());
                        current.Clear();
                    }
                    current.Append(_state.Positional[k]);
                    have = true;
                }
                continue;
            }
            if (part is ParameterPart p)
            {
                value = p.Name == "?" ? _state.LastStatus.ToString(CultureInfo.InvariantCulture) : Parameter(p.Name);
            }
            else
            {
                var output = new StringBuilder();
                foreach (ShellChild c in Substitute(((SubstitutionPart)part).List, fds, output))
                {
                    yield return c;
                }
                value = output.ToString();
            }
            if (part.Quoted || !split)
            {
                current.Append(value);
                have = true;
                continue;
            }
            foreach (char ch in value)
            {
                if (ch is ' ' or '\t' or '\n')
                {
                    if (have)
                    {
                        fields.Add(current.ToString());
                        current.Clear();
                        have = false;
                    }
                }
                else
                {
                    current.Append(ch);
                    have = true;
                }
            }
        }
        if (have)
        {
            fields.Add(current.ToString());
        }
    }
}
