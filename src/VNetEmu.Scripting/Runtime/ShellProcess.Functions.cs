using System.Globalization;
using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

// Shell functions as bash runs them: NAME() { …; } defined in the shell's state (so a later line can call it),
// called with its own positional parameters, `local` variables restored on return, `return [N]`, `shift [N]`.
public sealed partial class ShellProcess
{
    private const int MaxFunctionDepth = 200;
    private readonly Stack<Dictionary<string, string?>> _locals = new();
    private bool _returning;

    private IEnumerable<ShellChild> Define(FunctionDefinition definition)
    {
        _state.Functions[definition.Name] = definition.Body;
        _state.LastStatus = 0;
        return [];
    }

    /// <summary>$1…, $#, $* and unquoted $@ (a quoted "$@" is expanded field by field in Expand); other names are
    /// variables.</summary>
    private string Parameter(string name)
    {
        if (name == "#")
        {
            return _state.Positional.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (name is "@" or "*")
        {
            return string.Join(' ', _state.Positional);
        }
        if (char.IsAsciiDigit(name[0]))
        {
            int n = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;
            return n >= 1 && n <= _state.Positional.Count ? _state.Positional[n - 1] : "";
        }
        return _state.Variables.GetValueOrDefault(name, "");
    }

    private IEnumerable<ShellChild> CallFunction(List<string> argv, BraceGroup body, ShellFds fds, bool exempt)
    {
        if (_locals.Count >= MaxFunctionDepth)
        {
            fds.Err.Write($"bash: line 1: {argv[0]}: maximum function nesting level exceeded ({MaxFunctionDepth})\n");
            _state.LastStatus = 1;
            yield break;
        }
        List<string> saved = _state.Positional;
        _state.Positional = argv.Skip(1).ToList();
        _locals.Push(new Dictionary<string, string?>(StringComparer.Ordinal));
        try
        {
            foreach (ShellChild c in RunList(body.Body, fds, exempt))
            {
                yield return c;
            }
        }
        finally
        {
            _state.Positional = saved;
            foreach (var (name, value) in _locals.Pop())
            {
                if (value is null)
                {
                    _state.Variables.Remove(name);
                }
                else
                {
                    _state.Variables[name] = value;
                }
            }
            _returning = false;
        }
    }

    private void RunFunctionBuiltin(List<string> argv, ShellOutput stderr)
    {
        string name = argv[0];
        if (name == "local" && _locals.Count == 0)
        {
            stderr.Write("bash: line 1: local: can only be used in a function\n");
            _state.LastStatus = 1;
            return;
        }
        if (name == "return" && _locals.Count == 0)
        {
            stderr.Write("bash: line 1: return: can only `return' from a function or sourced script\n");
            _state.LastStatus = 1;
            return;
        }
        int count = 1;
        if (name != "local" && argv.Count > 1 && !int.TryParse(argv[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
        {
            stderr.Write($"bash: line 1: {name}: {argv[1]}: numeric argument required\n");
            _state.LastStatus = name == "return" ? 2 : 1;
            _returning = name == "return";
            return;
        }
        switch (name)
        {
            case "return":
                _state.LastStatus = argv.Count > 1 ? count & 0xff : _state.LastStatus;
                _returning = true;
                return;
            case "shift":
                if (count < 0 || count > _state.Positional.Count)
                {
                    _state.LastStatus = 1; // bash says nothing unless shopt shift_verbose
                    return;
                }
                _state.Positional = _state.Positional.Skip(count).ToList();
                _state.LastStatus = 0;
                return;
        }
        Dictionary<string, string?> frame = _locals.Peek();
        foreach (string a in argv.Skip(1))
        {
            int eq = a.IndexOf('=');
            string variable = eq < 0 ? a : a[..eq];
            if (!frame.ContainsKey(variable))
            {
                frame[variable] = _state.Variables.TryGetValue(variable, out string? old) ? old : null;
            }
            _state.Variables[variable] = eq < 0 ? "" : a[(eq + 1)..];
        }
        _state.LastStatus = 0;
    }
}
