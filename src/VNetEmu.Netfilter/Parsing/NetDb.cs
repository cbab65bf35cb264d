namespace VNetEmu.Netfilter.Parsing;

/// <summary>getservbyname/getservbyport/getprotobyname/getprotobynumber and the libxtables wrappers over them, answered
/// from the recording machine's netbase files (see NetDb.Data.cs).</summary>
internal static partial class NetDb
{
    /// <summary>getservbyname(name, proto); a null proto matches any protocol.</summary>
    public static bool TryGetServicePort(string name, string? protocol, out ushort port)
    {
        foreach ((string n, ushort p, string pr, string[] aliases) in s_services)
        {
            if ((protocol is null || pr == protocol) && (n == name || Array.IndexOf(aliases, name) >= 0))
            {
                port = p;
                return true;
            }
        }
        port = 0;
        return false;
    }

    /// <summary>getservbyport(port, proto): the first name listed for it.</summary>
    public static string? ServiceName(ushort port, string protocol)
    {
        foreach ((string n, ushort p, string pr, _) in s_services)
        {
            if (p == port && pr == protocol)
            {
                return n;
            }
        }
        return null;
    }

    /// <summary>getaddrinfo(NULL, name) as libxtables' xtables_getportbyname uses it: a decimal number or a service
    /// name of any protocol; -1 when neither.</summary>
    public static int PortByName(string name)
    {
        if (name.Length > 0 && name.All(char.IsAsciiDigit))
        {
            return ulong.TryParse(name, out ulong v) && v <= ushort.MaxValue ? (int)v : -1;
        }
        return TryGetServicePort(name, null, out ushort port) ? port : -1;
    }

    /// <summary>xtables_parse_port(port, proto): a number (C base rules) or a service name for that protocol.</summary>
    public static ushort ParsePort(string text, string protocol)
    {
        if (CText.TryParseUInt(text, 0, ushort.MaxValue, out ulong v))
        {
            return (ushort)v;
        }
        if (TryGetServicePort(text, protocol, out ushort port))
        {
            return port;
        }
        Fail.Parameter($"invalid port/service `{text}' specified");
        return 0;
    }

    public static bool TryGetProtocol(string name, out byte number)
    {
        foreach ((string n, byte num, string[] aliases) in s_protocols)
        {
            if (n == name || Array.IndexOf(aliases, name) >= 0)
            {
                number = num;
                return true;
            }
        }
        number = 0;
        return false;
    }

    public static string? ProtocolName(byte number)
    {
        foreach ((string n, byte num, _) in s_protocols)
        {
            if (num == number)
            {
                return n;
            }
        }
        return null;
    }

    /// <summary>xtables_chain_protos: the names iptables prefers over /etc/protocols.</summary>
    private static readonly (string Name, byte Number)[] s_chainProtos =
    [
        ("tcp", 6), ("sctp", 132), ("udp", 17), ("udplite", 136), ("icmp", 1), ("ipv6-icmp", 58), ("icmpv6", 58),
        ("esp", 50), ("ah", 51), ("mobility-header", 135), ("ipv6-mh", 135), ("mh", 135), ("all", 0),
    ];

    /// <summary>xtables_parse_protocol: a number 0-255, a name of xtables_chain_protos, or one of /etc/protocols.</summary>
    public static byte ParseProtocol(string text)
    {
        if (CText.TryParseUInt(text, 0, byte.MaxValue, out ulong v))
        {
            return (byte)v;
        }
        foreach ((string name, byte number) in s_chainProtos)
        {
            if (name == text)
            {
                return number;
            }
        }
        if (TryGetProtocol(text, out byte proto))
        {
            return proto;
        }
        Fail.Parameter($"unknown protocol \"{text}\" specified");
        return 0;
    }

    /// <summary>proto_to_name(): the xtables_chain_protos name, else (unless <paramref name="noLookup"/>) the
    /// /etc/protocols one, else null.</summary>
    public static string? ProtoToName(byte proto, bool noLookup)
    {
        foreach ((string name, byte number) in s_chainProtos)
        {
            if (number == proto)
            {
                return name;
            }
        }
        if (proto != 0 && !noLookup)
        {
            return ProtocolName(proto);
        }
        return null;
    }
}
