using System.Text;
using VNetEmu.Netfilter.Parsing;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Targets;

/// <summary>The address/port range of a NAT target (the kernel's struct nf_nat_range2), parsed from
/// <c>[addr[-addr]][:port[-port[/base]]]</c> and printed back the way libxt_NAT does.</summary>
public readonly record struct NatRange(
    NatRangeFlags Flags,
    Ipv4Address MinAddress,
    Ipv4Address MaxAddress,
    ushort MinPort,
    ushort MaxPort,
    ushort BasePort)
{
    public bool MapsAddresses => (Flags & NatRangeFlags.MapIps) != 0;

    public bool MapsPorts => (Flags & NatRangeFlags.ProtoSpecified) != 0;

    /// <summary>__NAT_print(): " to:10.0.0.1:80" / " --to-destination 10.0.0.1:80" and the flag words.</summary>
    internal void Append(StringBuilder text, string rangeOption, string flagPrefix, bool skipColon)
    {
        var range = new StringBuilder();
        if (MapsAddresses)
        {
            range.Append(MinAddress);
            if (MinAddress != MaxAddress)
            {
                range.Append('-').Append(MaxAddress);
            }
        }
        if (MapsPorts)
        {
            range.Append(':').Append(MinPort);
            if (MaxPort != MinPort)
            {
                range.Append('-').Append(MaxPort);
            }
            if ((Flags & NatRangeFlags.ProtoOffset) != 0)
            {
                range.Append('/').Append(BasePort);
            }
        }
        if (range.Length > 0)
        {
            string r = range.ToString();
            if (r[0] == ':' && skipColon)
            {
                r = r[1..];
            }
            text.Append(' ').Append(rangeOption).Append(r);
        }
        if ((Flags & NatRangeFlags.Random) != 0)
        {
            text.Append(' ').Append(flagPrefix).Append("random");
        }
        if ((Flags & NatRangeFlags.RandomFully) != 0)
        {
            text.Append(' ').Append(flagPrefix).Append("random-fully");
        }
        if ((Flags & NatRangeFlags.Persistent) != 0)
        {
            text.Append(' ').Append(flagPrefix).Append("persistent");
        }
    }

    /// <summary>parse_to(): "addr[-addr][:ports]" (IPv4).</summary>
    internal static NatRange ParseTo(NatRange range, string arg, bool portOk)
    {
        int colon = arg.IndexOf(':');
        if (colon >= 0 && arg.IndexOf(':', colon + 1) >= 0)
        {
            colon = -1;
        }
        string start = arg;
        if (colon >= 0)
        {
            range = ParsePorts(range, arg[(colon + 1)..], portOk);
            if (colon == 0 || colon == 2)
            {
                return range;
            }
            start = arg[..colon];
        }
        range = range with { Flags = range.Flags | NatRangeFlags.MapIps };
        int dash = start.IndexOf('-');
        string first = dash >= 0 ? start[..dash] : start;
        Ipv4Address min = ParseAddress(first);
        Ipv4Address max = dash >= 0 ? ParseAddress(start[(dash + 1)..]) : min;
        return range with { MinAddress = min, MaxAddress = max };
    }

    private static Ipv4Address ParseAddress(string text)
    {
        if (!Ipv4Address.TryParse(text, out Ipv4Address address) || !IsInetPton(text))
        {
            Fail.Parameter($"Bad IP address \"{text}\"");
        }
        return address;
    }

    /// <summary>inet_pton(AF_INET) refuses leading zeros in an octet ("010").</summary>
    private static bool IsInetPton(string text)
    {
        foreach (string part in text.Split('.'))
        {
            if (part.Length > 1 && part[0] == '0')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>parse_ports(): "port", "port-port" or "port-port/base".</summary>
    internal static NatRange ParsePorts(NatRange range, string arg, bool portOk)
    {
        if (!portOk)
        {
            Fail.Parameter("Need TCP, UDP, SCTP or DCCP with port specification");
        }
        range = range with { Flags = range.Flags | NatRangeFlags.ProtoSpecified };
        int end;
        ulong port;
        if (!CText.TryParseUIntPrefix(arg, 0, 0, ushort.MaxValue, out port, out end))
        {
            int service = NetDb.TryGetServicePort(arg, null, out ushort p) ? p : -1;
            if (service < 0)
            {
                Fail.Parameter($"Port `{arg}' not valid");
            }
            port = (ulong)service;
            end = arg.Length;
        }
        if (end == arg.Length)
        {
            return range with { MinPort = (ushort)port, MaxPort = (ushort)port };
        }
        if (arg[end] == ':')
        {
            Fail.Parameter("Invalid port:port syntax - use dash");
        }
        if (arg[end] != '-')
        {
            Fail.Parameter($"Garbage after port value: `{arg[end..]}'");
        }
        string rest = arg[(end + 1)..];
        if (!CText.TryParseUIntPrefix(rest, 0, 0, ushort.MaxValue, out ulong maxPort, out end))
        {
            Fail.Parameter($"Port `{rest}' not valid");
        }
        if (maxPort < port)
        {
            Fail.Parameter($"Port range `{rest}' funky");
        }
        range = range with { MinPort = (ushort)port, MaxPort = (ushort)maxPort };
        if (end == rest.Length)
        {
            return range;
        }
        if (rest[end] != '/')
        {
            Fail.Parameter($"Garbage after port range: `{rest[end..]}'");
        }
        string baseText = rest[(end + 1)..];
        if (!CText.TryParseUInt(baseText, 1, ushort.MaxValue, out ulong basePort))
        {
            if (!NetDb.TryGetServicePort(baseText, null, out ushort b))
            {
                Fail.Parameter($"Port `{baseText}' not valid");
            }
            basePort = b;
        }
        return range with { Flags = range.Flags | NatRangeFlags.ProtoOffset, BasePort = (ushort)basePort };
    }

    /// <summary>Whether the rule's protocol allows a port specification (TCP, UDP, SCTP, DCCP, ICMP).</summary>
    internal static bool PortAllowed(byte protocol) => protocol is 6 or 17 or 132 or 33 or 1;
}
