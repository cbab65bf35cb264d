namespace VNetEmu.Netfilter.Parsing;

/// <summary>libxtables' generic option handling (xtoptions.c): the once/invert/argument checks of
/// <c>xtables_option_parse</c>, the per-type argument parsers, and the final mandatory/also/excl checks.</summary>
internal static class OptionParsing
{
    public static void Parse(OptionCall call)
    {
        OptionSpec spec = call.Spec;
        string ext = call.Extension.Name;
        uint bit = 1u << spec.Id;
        if (((spec.Flags & OptionFlags.Multi) == 0 || (spec.Excl & bit) != 0) && (call.Extension.Flags & bit) != 0)
        {
            Fail.Parameter($"{ext}: option \"--{spec.Name}\" can only be used once.\n");
        }
        if (call.Invert && (spec.Flags & OptionFlags.Invert) == 0)
        {
            Fail.Parameter($"{ext}: option \"--{spec.Name}\" cannot be inverted.\n");
        }
        if (spec.Type != OptionType.None && call.Arg is null)
        {
            Fail.Parameter($"{ext}: option \"--{spec.Name}\" requires an argument.\n");
        }
        call.Count = 1;
        switch (spec.Type)
        {
            case OptionType.String:
                ParseString(call);
                break;
            case OptionType.UInt8:
                ParseInt(call, byte.MaxValue);
                break;
            case OptionType.UInt16:
                ParseInt(call, ushort.MaxValue);
                break;
            case OptionType.UInt32:
                ParseInt(call, uint.MaxValue);
                break;
            case OptionType.UInt16Range:
                ParseRange(call, ushort.MaxValue);
                break;
            case OptionType.UInt32Range:
                ParseRange(call, uint.MaxValue);
                break;
            case OptionType.MarkMask:
                ParseMarkMask(call);
                break;
            case OptionType.Double:
                ParseDouble(call);
                break;
            case OptionType.Host:
                ParseHost(call, call.ArgOrEmpty);
                break;
            case OptionType.HostMask:
                ParseHostMask(call);
                break;
            case OptionType.Protocol:
                call.Protocol = NetDb.ParseProtocol(call.ArgOrEmpty);
                break;
            case OptionType.PortRange:
                ParsePortRange(call);
                break;
            case OptionType.SyslogLevel:
                ParseSyslogLevel(call);
                break;
        }
        call.Extension.Flags |= bit;
    }

    /// <summary>xtables_options_fcheck.</summary>
    public static void FinalCheck(string name, uint flags, IReadOnlyList<OptionSpec> options)
    {
        foreach (OptionSpec entry in options)
        {
            uint bit = 1u << entry.Id;
            if ((entry.Flags & OptionFlags.Mandatory) != 0 && (flags & bit) == 0)
            {
                Fail.Parameter($"{name}: option \"--{entry.Name}\" must be specified\n");
            }
            if ((flags & bit) == 0)
            {
                continue;
            }
            for (int id = 0; id < 32; id++)
            {
                if (id == entry.Id)
                {
                    continue;
                }
                OptionSpec? other = null;
                foreach (OptionSpec candidate in options)
                {
                    if (candidate.Id == id)
                    {
                        other = candidate;
                        break;
                    }
                }
                if (other is null)
                {
                    continue;
                }
                uint otherBit = 1u << id;
                if ((entry.Also & otherBit) != 0 && (flags & otherBit) == 0)
                {
                    Fail.Parameter($"{name}: option \"--{entry.Name}\" also requires \"--{other.Name}\".\n");
                }
                if ((entry.Excl & otherBit) != 0 && (flags & (bit | otherBit)) == (bit | otherBit))
                {
                    Fail.Parameter($"{name}: option \"--{entry.Name}\" cannot be used together with \"--{other.Name}\".\n");
                }
            }
        }
    }

    private static void ParseString(OptionCall call)
    {
        OptionSpec spec = call.Spec;
        string arg = call.ArgOrEmpty;
        if (spec.Min != 0 && (ulong)arg.Length < spec.Min)
        {
            Fail.Parameter($"Argument must have a minimum length of {spec.Min} characters\n");
        }
        if (spec.Max != 0 && (ulong)arg.Length > spec.Max)
        {
            Fail.Parameter($"Argument must have a maximum length of {spec.Max} characters\n");
        }
        call.StoredString = spec.StoreSize > 0 && arg.Length >= spec.StoreSize ? arg[..(spec.StoreSize - 1)] : arg;
    }

    private static void ParseInt(OptionCall call, ulong typeMax)
    {
        OptionSpec spec = call.Spec;
        ulong min = spec.Min, max = spec.Max != 0 ? spec.Max : typeMax;
        if (!CText.TryParseUInt(call.ArgOrEmpty, min, max, out ulong value))
        {
            Fail.Parameter($"{call.Extension.Name}: bad value for option \"--{spec.Name}\", or out of range ({min}-{max}).\n");
        }
        call.UInt = value;
    }

    private static void ParseRange(OptionCall call, ulong max)
    {
        string arg = call.ArgOrEmpty;
        string ext = call.Extension.Name;
        string name = call.Spec.Name;
        call.Count = 0;
        int pos = 0;
        while (true)
        {
            if (call.Count == 2)
            {
                Fail.Parameter($"{ext}: Too many components for option \"--{name}\" (max: 2)\n");
            }
            int end;
            ulong value;
            if (pos >= arg.Length || arg[pos] == ':')
            {
                end = pos;
                value = call.Count == 1 ? max : 0;
            }
            else
            {
                if (!CText.TryParseUIntPrefix(arg, pos, 0, max, out value, out end))
                {
                    Fail.Parameter($"{ext}: bad value for option \"--{name}\" near \"{arg[pos..]}\", or out of range (0-{max}).\n");
                }
                if (end < arg.Length && arg[end] != ':')
                {
                    Fail.Parameter($"{ext}: Argument to \"--{name}\" has unexpected characters near \"{arg[end..]}\".\n");
                }
            }
            call.Range[call.Count++] = value;
            if (end >= arg.Length)
            {
                break;
            }
            pos = end + 1;
        }
    }

    private static void ParseMarkMask(OptionCall call)
    {
        string arg = call.ArgOrEmpty;
        string ext = call.Extension.Name;
        string name = call.Spec.Name;
        call.Mask = uint.MaxValue;
        if (!CText.TryParseUIntPrefix(arg, 0, 0, uint.MaxValue, out ulong value, out int end))
        {
            Fail.Parameter($"{ext}: bad integer value for option \"--{name}\", or out of range.\n");
        }
        call.Mark = (uint)value;
        if (end == arg.Length)
        {
            return;
        }
        if (arg[end] != '/')
        {
            Fail.Parameter($"{ext}: trailing garbage after value for option \"--{name}\".\n");
        }
        if (!CText.TryParseUIntPrefix(arg, end + 1, 0, uint.MaxValue, out ulong mask, out end))
        {
            Fail.Parameter($"{ext}: bad integer value for option \"--{name}\", or out of range.\n");
        }
        call.Mask = (uint)mask;
        if (end != arg.Length)
        {
            Fail.Parameter($"{ext}: trailing garbage after value for option \"--{name}\".\n");
        }
    }

    private static void ParseDouble(OptionCall call)
    {
        OptionSpec spec = call.Spec;
        if (!CText.TryParseDouble(call.ArgOrEmpty, out double value)
            || (spec.Min != spec.Max && (value < spec.Min || value > spec.Max)))
        {
            Fail.Parameter($"{call.Extension.Name}: bad value for option \"--{spec.Name}\", or out of range ({spec.Min}-{spec.Max}).\n");
        }
        call.Double = value;
    }

    private static void ParseHost(OptionCall call, string text)
    {
        if (!AddressParsing.TryResolveHost(text, out uint address))
        {
            Fail.Parameter("getaddrinfo: Name or service not known\n");
        }
        call.HostAddress = address;
        call.HostMask = uint.MaxValue;
    }

    private static void ParseHostMask(OptionCall call)
    {
        string arg = call.ArgOrEmpty;
        int slash = arg.IndexOf('/');
        if (slash < 0)
        {
            ParseHost(call, arg);
            return;
        }
        ParseHost(call, arg[..slash]);
        string length = arg[(slash + 1)..];
        if (CText.TryParseUInt(length, 0, 32, out ulong bits))
        {
            call.HostMask = bits == 0 ? 0 : uint.MaxValue << (32 - (int)bits);
        }
        else if (AddressParsing.TryParseNumericHost(length, out uint mask))
        {
            // xtopt_parse_plenmask() builds the mask from the prefix length, which a non-contiguous mask lacks (-1):
            // such a mask ends up as /32.
            int cidr = AddressParsing.MaskToCidr(mask);
            call.HostMask = cidr < 0 ? uint.MaxValue : mask;
        }
        else
        {
            Fail.Parameter($"{call.Extension.Name}: bad value for option \"--{call.Spec.Name}\", neither a valid network mask nor valid CIDR (0-32).\n");
        }
    }

    private static void ParsePortRange(OptionCall call)
    {
        string arg = call.ArgOrEmpty;
        call.Range[0] = 0;
        call.Range[1] = ushort.MaxValue;
        call.Count = 0;
        foreach (string part in arg.Split(':'))
        {
            if (call.Count == 2)
            {
                Fail.Parameter($"{call.Extension.Name}: Too many components for option \"--{call.Spec.Name}\" (max: 2)\n");
            }
            if (part.Length == 0)
            {
                call.Count++;
                continue;
            }
            int value = NetDb.PortByName(part);
            if (value < 0)
            {
                Fail.Parameter($"Port \"{part}\" does not resolve to anything.\n");
            }
            call.Range[call.Count++] = (ulong)value;
        }
        if (call.Count == 1)
        {
            call.Range[1] = call.Range[0];
            call.Count = 2;
        }
    }

    private static readonly (string Name, int Level)[] s_syslogLevels =
    [
        ("alert", 1), ("crit", 2), ("debug", 7), ("emerg", 0), ("error", 3), ("info", 6), ("notice", 5), ("panic", 0),
        ("warning", 4),
    ];

    private static void ParseSyslogLevel(OptionCall call)
    {
        string arg = call.ArgOrEmpty;
        if (CText.TryParseUInt(arg, 0, 7, out ulong level))
        {
            call.UInt = level;
            return;
        }
        foreach ((string name, int value) in s_syslogLevels)
        {
            if (name == arg)
            {
                call.UInt = (ulong)value;
                return;
            }
        }
        Fail.Parameter($"log level \"{arg}\" unknown\n");
    }
}
