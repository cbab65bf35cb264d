using System.Buffers.Binary;
using System.Globalization;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>A tcpdump filter expression (pcap-filter(7)) over Ethernet frames, for the subset users type:
/// `arp`, `ip`, `icmp`, `tcp`, `udp`, `[ip|arp] [src|dst|src or dst|src and dst] host|net A`, `net N/LEN`,
/// `net N mask M`, `[tcp|udp] [src|dst] port|portrange P[-Q]`, `ether host|src|dst MAC`, `[ether] broadcast|multicast`,
/// `ip proto N`, `less N`, `greater N`, combined with `and`/`&amp;&amp;`, `or`/`||` (equal precedence, left to right, as
/// in libpcap), `not`/`!` and parentheses; a bare value after `and`/`or` takes the qualifiers before it
/// (`host A or B`). Each primitive means what libpcap's code generator makes of it: `host` and `net` without a
/// protocol also match ARP sender/target addresses; ports are read only from TCP, UDP and SCTP in unfragmented
/// packets or first fragments. Anything else (`vlan`, `icmp[0] = 8`, IPv6) fails as
/// `tcpdump: can't parse filter expression: syntax error`.</summary>
public sealed class CaptureFilter
{
    private const string SyntaxError = "tcpdump: can't parse filter expression: syntax error";
    private readonly Node _root;

    private CaptureFilter(Node root) => _root = root;

    /// <summary>Parses an expression (the words after the options, joined by spaces); throws a
    /// <see cref="CommandException"/> with tcpdump's message and exit status 1 when it cannot.</summary>
    public static CaptureFilter Parse(string expression)
    {
        var parser = new Parser(Tokenize(expression));
        Node root = parser.ParseExpression();
        if (!parser.AtEnd)
        {
            Fail(SyntaxError);
        }
        return new CaptureFilter(root);
    }

    /// <summary>True if the frame passes the filter.</summary>
    public bool Matches(ReadOnlySpan<byte> frame)
    {
        var facts = new Facts(frame);
        return _root.Eval(in facts);
    }

    private static void Fail(string message) => throw new CommandException(message, 1);

    // ---- what a frame offers to primitives (libpcap's fixed offsets for Ethernet) ----------------------------

    private readonly struct Facts
    {
        public readonly int Length;
        public readonly MacAddress Source, Destination;
        public readonly ushort EtherType;
        public readonly bool IsIp, IsArp, HasPorts;
        public readonly Ipv4Address IpSource, IpDestination, ArpSender, ArpTarget;
        public readonly byte Protocol;
        public readonly ushort SourcePort, DestinationPort;

        public Facts(ReadOnlySpan<byte> f)
        {
            Length = f.Length;
            if (f.Length < EthernetFrame.HeaderLength)
            {
                return;
            }
            Destination = MacAddress.Read(f);
            Source = MacAddress.Read(f[6..]);
            EtherType = BinaryPrimitives.ReadUInt16BigEndian(f[12..]);
            if (EtherType == Wire.EtherType.Ipv4 && f.Length >= 34)
            {
                IsIp = true;
                Protocol = f[23];
                IpSource = Ipv4Address.Read(f[26..]);
                IpDestination = Ipv4Address.Read(f[30..]);
                int l4 = 14 + (f[14] & 0x0F) * 4;
                bool laterFragment = (BinaryPrimitives.ReadUInt16BigEndian(f[20..]) & 0x1FFF) != 0;
                HasPorts = !laterFragment && Protocol is IpProtocol.Tcp or IpProtocol.Udp or 132 && f.Length >= l4 + 4;
                if (HasPorts)
                {
                    SourcePort = BinaryPrimitives.ReadUInt16BigEndian(f[l4..]);
                    DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(f[(l4 + 2)..]);
                }
            }
            else if (EtherType == Wire.EtherType.Arp && f.Length >= 42)
            {
                IsArp = true;
                ArpSender = Ipv4Address.Read(f[28..]);
                ArpTarget = Ipv4Address.Read(f[38..]);
            }
        }
    }

    private delegate bool Test(in Facts f);

    private abstract class Node
    {
        public abstract bool Eval(in Facts f);
    }

    private sealed class Leaf(Test test) : Node
    {
        public override bool Eval(in Facts f) => test(in f);
    }

    private sealed class Not(Node inner) : Node
    {
        public override bool Eval(in Facts f) => !inner.Eval(in f);
    }

    private sealed class Binary(Node left, Node right, bool and) : Node
    {
        public override bool Eval(in Facts f) => and ? left.Eval(in f) && right.Eval(in f) : left.Eval(in f) || right.Eval(in f);
    }

    // ---- tokens ---------------------------------------------------------------------------------------------

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '!' or '/')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if ((c is '&' or '|') && i + 1 < text.Length && text[i + 1] == c)
            {
                tokens.Add(c == '&' ? "and" : "or");
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '-' or '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or ':' or '-' or '_'))
                {
                    i++;
                }
                tokens.Add(text[start..i]);
            }
            else
            {
                Fail(SyntaxError); // '[', '=', '\\', … : expressions beyond this subset
            }
        }
        return tokens;
    }

    // ---- grammar --------------------------------------------------------------------------------------------

    private enum Proto : byte { None, Ether, Ip, Arp, Tcp, Udp, Icmp }
    private enum Dir : byte { Either, Src, Dst, Both }
    private enum Kind : byte { Host, Net, Port, PortRange }

    private sealed class Parser(List<string> tokens)
    {
        private int _at;
        private (Proto Proto, Dir Dir, Kind Kind)? _last; // qualifiers a bare value after and/or inherits

        public bool AtEnd => _at == tokens.Count;
        private string? Peek(int ahead = 0) => _at + ahead < tokens.Count ? tokens[_at + ahead] : null;

        private string Next()
        {
            if (AtEnd)
            {
                Fail(SyntaxError);
            }
            return tokens[_at++];
        }

        /// <summary>A bare value (`host A or B`) may stand after and/or, also as `(B)`, never after `not`.</summary>
        public Node ParseExpression(bool bareAllowed = false)
        {
            Node left = ParseUnary(bareAllowed);
            while (Peek() is "and" or "or")
            {
                bool and = Next() == "and";
                left = new Binary(left, ParseUnary(bareAllowed: true), and);
            }
            return left;
        }

        private Node ParseUnary(bool bareAllowed)
        {
            switch (Peek())
            {
                case "not" or "!":
                    _at++;
                    return new Not(ParseUnary(bareAllowed: false));
                case "(":
                    _at++;
                    var before = _last; // a parenthesized term passes on the qualifiers from before it
                    Node inner = ParseExpression(bareAllowed);
                    if (Next() != ")")
                    {
                        Fail(SyntaxError);
                    }
                    _last = before;
                    return inner;
                default:
                    return ParsePrimitive(bareAllowed);
            }
        }

        private Node ParsePrimitive(bool bareAllowed)
        {
            string word = Next();
            switch (word)
            {
                case "less" or "greater" or "broadcast" or "multicast":
                    _last = null; // libpcap's qerr: nothing to pass on
                    break;
            }
            switch (word)
            {
                case "less" or "greater":
                    int n = ParseNumber(Next());
                    return word == "less" ? new Leaf((in Facts f) => f.Length <= n) : new Leaf((in Facts f) => f.Length >= n);
                case "broadcast":
                    return new Leaf((in Facts f) => f.Destination.IsBroadcast);
                case "multicast":
                    return new Leaf((in Facts f) => f.Destination.IsMulticast);
            }
            Proto proto = word switch
            {
                "ether" => Proto.Ether,
                "ip" => Proto.Ip,
                "arp" => Proto.Arp,
                "tcp" => Proto.Tcp,
                "udp" => Proto.Udp,
                "icmp" => Proto.Icmp,
                _ => Proto.None,
            };
            if (proto == Proto.None)
            {
                _at--;
            }
            else if (Peek() is null or "and" or "or" or ")")
            {
                _last = null;
                return ProtocolOnly(proto);
            }
            if (proto == Proto.Ether && Peek() is "broadcast" or "multicast")
            {
                return Next() == "broadcast" ? new Leaf((in Facts f) => f.Destination.IsBroadcast) : new Leaf((in Facts f) => f.Destination.IsMulticast);
            }
            if (proto == Proto.Ip && Peek() == "proto")
            {
                _at++;
                int number = ParseNumber(Next());
                return new Leaf((in Facts f) => f.IsIp && f.Protocol == number);
            }
            Dir dir = Dir.Either;
            bool qualified = proto != Proto.None;
            if (Peek() is "src" or "dst")
            {
                dir = Next() == "src" ? Dir.Src : Dir.Dst;
                if (Peek() is "or" or "and" && Peek(1) is "src" or "dst")
                {
                    dir = Next() == "or" ? Dir.Either : Dir.Both;
                    _at++;
                }
                qualified = true;
            }
            Kind kind = Kind.Host;
            if (Peek() is "host" or "net" or "port" or "portrange")
            {
                kind = Next() switch { "host" => Kind.Host, "net" => Kind.Net, "port" => Kind.Port, _ => Kind.PortRange };
                qualified = true;
            }
            if (!qualified)
            {
                if (!bareAllowed || IsKeyword(word))
                {
                    Fail(SyntaxError);
                }
                if (_last is not { } last)
                {
                    Fail("tcpdump: syntax error in filter expression"); // a value after `tcp and`, `(…) or`
                    return null!;
                }
                (proto, dir, kind) = last; // `host A or B`
            }
            if (Peek() is null || IsKeyword(Peek()!))
            {
                Fail(SyntaxError);
            }
            _last = (proto, dir, kind);
            return kind switch
            {
                Kind.Host or Kind.Net when proto == Proto.Ether => EtherHost(dir, kind),
                Kind.Host or Kind.Net => Address(proto, dir, kind),
                _ => Ports(proto, dir, kind),
            };
        }

        private static bool IsKeyword(string word) => word is "and" or "or" or "not" or "!" or "(" or ")" or "/" or "src" or "dst"
            or "host" or "net" or "port" or "portrange" or "ether" or "ip" or "arp" or "tcp" or "udp" or "icmp" or "mask"
            or "less" or "greater" or "broadcast" or "multicast" or "proto";

        private static Node ProtocolOnly(Proto proto) => proto switch
        {
            Proto.Ip => new Leaf((in Facts f) => f.IsIp),
            Proto.Arp => new Leaf((in Facts f) => f.IsArp),
            Proto.Tcp => new Leaf((in Facts f) => f.IsIp && f.Protocol == IpProtocol.Tcp),
            Proto.Udp => new Leaf((in Facts f) => f.IsIp && f.Protocol == IpProtocol.Udp),
            Proto.Icmp => new Leaf((in Facts f) => f.IsIp && f.Protocol == IpProtocol.Icmp),
            _ => Failed(SyntaxError), // `ether` alone
        };

        private Node EtherHost(Dir dir, Kind kind)
        {
            if (kind == Kind.Net)
            {
                Fail(SyntaxError);
            }
            string text = Next();
            if (!MacAddress.TryParse(text, out MacAddress mac))
            {
                Fail($"tcpdump: bogus ethernet address {text}");
            }
            return dir switch
            {
                Dir.Src => new Leaf((in Facts f) => f.Source == mac),
                Dir.Dst => new Leaf((in Facts f) => f.Destination == mac),
                Dir.Both => new Leaf((in Facts f) => f.Source == mac && f.Destination == mac),
                _ => new Leaf((in Facts f) => f.Source == mac || f.Destination == mac),
            };
        }

        /// <summary>gen_host / gen_net: IP addresses, and ARP sender/target when no protocol was named.</summary>
        private Node Address(Proto proto, Dir dir, Kind kind)
        {
            if (proto is Proto.Tcp or Proto.Udp or Proto.Icmp)
            {
                Fail($"tcpdump: '{proto.ToString().ToLowerInvariant()}' modifier applied to {(kind == Kind.Host ? "host" : "net")}");
            }
            string text = Next();
            Ipv4Prefix prefix = kind == Kind.Host ? new Ipv4Prefix(ParseHost(text), 32) : ParseNet(text);
            uint mask = prefix.Mask, network = prefix.Address.Value;
            bool ip = proto is Proto.None or Proto.Ip, arp = proto is Proto.None or Proto.Arp;
            return new Leaf((in Facts f) =>
            {
                Ipv4Address s, d;
                if (ip && f.IsIp)
                {
                    (s, d) = (f.IpSource, f.IpDestination);
                }
                else if (arp && f.IsArp)
                {
                    (s, d) = (f.ArpSender, f.ArpTarget);
                }
                else
                {
                    return false;
                }
                bool src = (s.Value & mask) == network, dst = (d.Value & mask) == network;
                return dir switch { Dir.Src => src, Dir.Dst => dst, Dir.Both => src && dst, _ => src || dst };
            });
        }

        private static Ipv4Address ParseHost(string text)
        {
            if (!char.IsAsciiDigit(text[0]))
            {
                Fail($"tcpdump: unknown host '{text}'");
            }
            if (text.Count(c => c == '.') != 3 || !Ipv4Address.TryParse(text, out Ipv4Address address))
            {
                Fail($"tcpdump: invalid IPv4 address '{text}'");
                return default;
            }
            return address;
        }

        /// <summary>`N/LEN`, `N mask M`, or a dotted network whose missing octets are zero (`10.1` = 10.1.0.0/16).</summary>
        private Ipv4Prefix ParseNet(string text)
        {
            string written = text;
            int octets = text.Count(c => c == '.') + 1;
            if (octets == 1 || !char.IsAsciiDigit(text[0]))
            {
                Fail(SyntaxError); // a plain number or a name: libpcap's grammar wants a dotted network here
            }
            string full = text + string.Concat(Enumerable.Repeat(".0", 4 - Math.Min(octets, 4)));
            if (octets > 4 || !Ipv4Address.TryParse(full, out Ipv4Address network))
            {
                Fail($"tcpdump: invalid IPv4 address '{text}'");
                return default;
            }
            int length = 8 * octets;
            if (Peek() == "/")
            {
                _at++;
                string bits = Next();
                length = ParseNumber(bits);
                if (length > 32)
                {
                    Fail($"tcpdump: mask length must be <= 32");
                }
                written = $"{text}/{bits}";
            }
            else if (Peek() == "mask")
            {
                _at++;
                string m = Next();
                if (!Ipv4Address.TryParse(m, out Ipv4Address maskAddress))
                {
                    Fail($"tcpdump: invalid IPv4 address '{m}'");
                }
                uint mask = maskAddress.Value;
                length = System.Numerics.BitOperations.PopCount(mask);
                written = $"{text} mask {m}";
                if (new Ipv4Prefix(network, length).Mask != mask)
                {
                    return new Ipv4Prefix(network, 32); // a non-contiguous mask: only the exact address, as near as we go
                }
            }
            var prefix = new Ipv4Prefix(network, length);
            if (prefix.Network != network)
            {
                Fail($"tcpdump: non-network bits set in \"{written}\"");
            }
            return prefix;
        }

        /// <summary>gen_port / gen_portrange: TCP, UDP (and SCTP unless a protocol is named), never a later fragment.</summary>
        private Node Ports(Proto proto, Dir dir, Kind kind)
        {
            if (proto is Proto.Ether or Proto.Arp or Proto.Icmp)
            {
                Fail($"tcpdump: illegal qualifier of '{(kind == Kind.Port ? "port" : "portrange")}'");
            }
            string text = Next();
            int low, high;
            if (kind == Kind.PortRange)
            {
                int dash = text.IndexOf('-', 1);
                if (dash < 0)
                {
                    Fail(SyntaxError);
                }
                (low, high) = (ParsePort(text[..dash]), ParsePort(text[(dash + 1)..]));
                if (low > high)
                {
                    (low, high) = (high, low);
                }
            }
            else
            {
                low = high = ParsePort(text);
            }
            byte only = proto switch { Proto.Tcp => IpProtocol.Tcp, Proto.Udp => IpProtocol.Udp, _ => 0 };
            return new Leaf((in Facts f) =>
            {
                if (!f.HasPorts || (only != 0 && f.Protocol != only))
                {
                    return false;
                }
                bool src = f.SourcePort >= low && f.SourcePort <= high, dst = f.DestinationPort >= low && f.DestinationPort <= high;
                return dir switch { Dir.Src => src, Dir.Dst => dst, Dir.Both => src && dst, _ => src || dst };
            });
        }

        private static int ParsePort(string text)
        {
            if (text.Length > 0 && char.IsAsciiDigit(text[0]))
            {
                int port = ParseNumber(text);
                if (port > 65535)
                {
                    Fail($"tcpdump: illegal port number {port} > 65535");
                }
                return port;
            }
            if (ServicePort(text) is not { } named)
            {
                Fail($"tcpdump: unknown port '{text}'");
                return 0;
            }
            return named;
        }

        private static int ParseNumber(string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                Fail(SyntaxError);
            }
            return n;
        }

        private static Node Failed(string message)
        {
            Fail(message);
            return null!;
        }
    }

    /// <summary>A service name as getservbyname finds it in the host's /etc/services (`port http`).</summary>
    private static int? ServicePort(string name)
    {
        const string Services = "/etc/services";
        if (!File.Exists(Services))
        {
            return null;
        }
        foreach (string line in File.ReadLines(Services))
        {
            string[] fields = line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && (fields[0] == name || fields.Skip(2).Contains(name))
                && int.TryParse(fields[1].Split('/')[0], CultureInfo.InvariantCulture, out int port))
            {
                return port;
            }
        }
        return null;
    }
}
