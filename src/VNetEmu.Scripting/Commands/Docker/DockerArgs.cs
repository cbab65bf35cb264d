namespace VNetEmu.Scripting.Commands.Docker;

/// <summary>Reads a docker subcommand's flags the way the CLI (cobra/pflag) does: `--flag value`, `--flag=value`,
/// bundled short flags (`-dit`), `--` ends flags; the first positional argument ends them for `run`/`exec`
/// (interspersed off).</summary>
public sealed class DockerArgs
{
    private readonly List<(string Name, string? Value)> _flags = [];

    public List<string> Positional { get; } = [];
    public IReadOnlyList<(string Name, string? Value)> Flags => _flags;

    /// <param name="args">The words after the subcommand.</param>
    /// <param name="valued">Flags that take a value (long names with `--`, short with `-`).</param>
    /// <param name="booleans">Flags without a value.</param>
    /// <param name="stopAtPositional">True for commands whose first positional starts the container's argv.</param>
    /// <param name="usage">`docker run` etc., for the error text.</param>
    public static DockerArgs Parse(IReadOnlyList<string> args, ISet<string> valued, ISet<string> booleans, bool stopAtPositional, string usage)
    {
        var r = new DockerArgs();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                r.Positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a;
                string? value = null;
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[..eq];
                    value = a[(eq + 1)..];
                }
                if (valued.Contains(name))
                {
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            throw Usage($"flag needs an argument: {name}", usage);
                        }
                        value = args[++i];
                    }
                    r._flags.Add((name, value));
                }
                else if (booleans.Contains(name))
                {
                    r._flags.Add((name, value ?? "true"));
                }
                else
                {
                    throw Usage($"unknown flag: {name}", usage);
                }
                continue;
            }
            if (a.StartsWith('-') && a.Length > 1)
            {
                for (int k = 1; k < a.Length; k++)
                {
                    string name = "-" + a[k];
                    if (valued.Contains(name))
                    {
                        string value;
                        if (k + 1 < a.Length)
                        {
                            value = a[(k + 1)..].TrimStart('=');
                        }
                        else if (i + 1 < args.Count)
                        {
                            value = args[++i];
                        }
                        else
                        {
                            throw Usage($"flag needs an argument: '{a[k]}' in {name}", usage);
                        }
                        r._flags.Add((name, value));
                        break;
                    }
                    if (booleans.Contains(name))
                    {
                        r._flags.Add((name, "true"));
                        continue;
                    }
                    throw Usage($"unknown shorthand flag: '{a[k]}' in {a}", usage);
                }
                continue;
            }
            r.Positional.Add(a);
            if (stopAtPositional)
            {
                r.Positional.AddRange(args.Skip(i + 1));
                break;
            }
        }
        return r;
    }

    private static global::VNetEmu.Docker.DockerException Usage(string message, string usage) =>
        new($"{message}\nSee '{usage} --help'.", 125);

    public bool Has(params string[] names) => _flags.Exists(f => Array.IndexOf(names, f.Name) >= 0 && f.Value != "false");

    public string? Value(params string[] names)
    {
        string? v = null;
        foreach (var (n, val) in _flags)
        {
            if (Array.IndexOf(names, n) >= 0)
            {
                v = val;
            }
        }
        return v;
    }

    public List<string> Values(params string[] names)
    {
        var list = new List<string>();
        foreach (var (n, val) in _flags)
        {
            if (Array.IndexOf(names, n) >= 0 && val is not null)
            {
                list.Add(val);
            }
        }
        return list;
    }
}
