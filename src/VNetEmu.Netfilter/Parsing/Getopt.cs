namespace VNetEmu.Netfilter.Parsing;

/// <summary>glibc getopt_long as iptables calls it: the option string starts with "-:" so non-options come back in order
/// (code 1) and a missing argument is reported as ':' rather than '?'; long options may be abbreviated to a unique
/// prefix. Options are looked up in the order given, which is how newer extensions shadow older ones.</summary>
internal sealed class Getopt
{
    private readonly IReadOnlyList<string> _argv;
    private readonly string _program;
    private int _nextChar;

    public Getopt(IReadOnlyList<string> argv, string program)
    {
        _argv = argv;
        _program = program;
    }

    /// <summary>Index of the next argument to scan (C's optind, minus the program name).</summary>
    public int OptInd { get; set; }

    public int Count => _argv.Count;

    public string this[int index] => index < 0 ? _program : _argv[index];

    /// <summary>xs_has_arg(): the next argument exists and starts with neither '-' nor '!'.</summary>
    public bool NextIsArgument => OptInd < _argv.Count && (_argv[OptInd].Length == 0 || _argv[OptInd][0] is not '-' and not '!');

    public string TakeNext() => _argv[OptInd++];

    /// <summary>argv[optind - 1] as C sees it (the program name when optind is 1).</summary>
    public string Previous => this[OptInd - 1];

    public GetoptResult Next(IReadOnlyDictionary<char, ArgumentKind> shortOptions, IReadOnlyList<LongOption> longOptions)
    {
        if (_nextChar == 0)
        {
            if (OptInd >= _argv.Count)
            {
                return new GetoptResult(GetoptKind.End, 0, null, null);
            }
            string element = _argv[OptInd];
            if (element == "--")
            {
                OptInd++;
                return new GetoptResult(GetoptKind.End, 0, null, null);
            }
            if (element.Length < 2 || element[0] != '-')
            {
                OptInd++;
                return new GetoptResult(GetoptKind.NonOption, 1, null, element);
            }
            if (element[1] == '-')
            {
                return NextLong(element, longOptions);
            }
            _nextChar = 1;
        }
        return NextShort(shortOptions);
    }

    private GetoptResult NextLong(string element, IReadOnlyList<LongOption> longOptions)
    {
        OptInd++;
        string body = element[2..];
        int eq = body.IndexOf('=');
        string name = eq < 0 ? body : body[..eq];
        LongOption? found = null;
        foreach (LongOption option in longOptions)
        {
            if (option.Name == name)
            {
                found = option;
                break;
            }
        }
        if (found is null)
        {
            bool ambiguous = false;
            foreach (LongOption option in longOptions)
            {
                if (!option.Name.StartsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }
                if (found is null)
                {
                    found = option;
                }
                else if (found.Argument != option.Argument || found.Code != option.Code || found.Owner != option.Owner)
                {
                    ambiguous = true;
                }
            }
            if (found is null || ambiguous)
            {
                return new GetoptResult(GetoptKind.Unknown, '?', null, null);
            }
        }
        if (eq >= 0)
        {
            if (found.Argument == ArgumentKind.None)
            {
                return new GetoptResult(GetoptKind.Unknown, '?', null, null);
            }
            return new GetoptResult(GetoptKind.Option, found.Code, found, body[(eq + 1)..]);
        }
        if (found.Argument == ArgumentKind.Required)
        {
            if (OptInd < _argv.Count)
            {
                return new GetoptResult(GetoptKind.Option, found.Code, found, _argv[OptInd++]);
            }
            return new GetoptResult(GetoptKind.MissingArgument, ':', found, null);
        }
        return new GetoptResult(GetoptKind.Option, found.Code, found, null);
    }

    private GetoptResult NextShort(IReadOnlyDictionary<char, ArgumentKind> shortOptions)
    {
        string element = _argv[OptInd];
        char c = element[_nextChar++];
        bool last = _nextChar >= element.Length;
        if (c == ':' || !shortOptions.TryGetValue(c, out ArgumentKind kind))
        {
            if (last)
            {
                _nextChar = 0;
                OptInd++;
            }
            return new GetoptResult(GetoptKind.Unknown, '?', null, null);
        }
        if (kind == ArgumentKind.None)
        {
            if (last)
            {
                _nextChar = 0;
                OptInd++;
            }
            return new GetoptResult(GetoptKind.Option, c, null, null);
        }
        string? arg = null;
        if (!last)
        {
            arg = element[_nextChar..];
            _nextChar = 0;
            OptInd++;
            return new GetoptResult(GetoptKind.Option, c, null, arg);
        }
        _nextChar = 0;
        OptInd++;
        if (kind == ArgumentKind.Optional)
        {
            return new GetoptResult(GetoptKind.Option, c, null, null);
        }
        if (OptInd < _argv.Count)
        {
            return new GetoptResult(GetoptKind.Option, c, null, _argv[OptInd++]);
        }
        return new GetoptResult(GetoptKind.MissingArgument, ':', null, null);
    }

    /// <summary>Restarts scanning at argument <paramref name="index"/> (iptables' "optind--; rerun getopt").</summary>
    public void Rewind(int index)
    {
        OptInd = index;
        _nextChar = 0;
    }
}

internal enum GetoptKind
{
    End,
    Option,
    NonOption,
    MissingArgument,
    Unknown,
}

/// <summary>One getopt_long() result: the option code (a short letter or an extension's option id), the long option
/// it came from if any, and optarg.</summary>
internal readonly record struct GetoptResult(GetoptKind Kind, int Code, LongOption? Long, string? Arg);
