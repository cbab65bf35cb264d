using VNetEmu.Scripting.Parsing;

namespace VNetEmu.Scripting.Runtime;

/// <summary>A shell's variables (which of them are exported), functions, positional parameters and <c>$?</c>.</summary>
internal sealed class ShellState
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Exported { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BraceGroup> Functions { get; } = new(StringComparer.Ordinal);
    public List<string> Positional { get; set; } = [];
    public int LastStatus { get; set; }

    /// <summary>A shell started with <paramref name="environment"/>: every variable in it is exported.</summary>
    public static ShellState FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var state = new ShellState();
        foreach (var (k, v) in environment)
        {
            state.Variables[k] = v;
            state.Exported.Add(k);
        }
        return state;
    }

    /// <summary>What a child process inherits: the exported variables plus the command's own assignments.</summary>
    public Dictionary<string, string> Environment(IEnumerable<KeyValuePair<string, string>> assignments)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in Exported)
        {
            if (Variables.TryGetValue(name, out string? v))
            {
                env[name] = v;
            }
        }
        foreach (var (k, v) in assignments)
        {
            env[k] = v;
        }
        return env;
    }

    public ShellState Clone()
    {
        var copy = new ShellState { LastStatus = LastStatus, Positional = [.. Positional] };
        foreach (var (k, v) in Functions)
        {
            copy.Functions[k] = v;
        }
        foreach (var (k, v) in Variables)
        {
            copy.Variables[k] = v;
        }
        copy.Exported.UnionWith(Exported);
        return copy;
    }
}
