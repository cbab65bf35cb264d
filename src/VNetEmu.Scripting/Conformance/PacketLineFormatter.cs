using System.Globalization;
using System.Text;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>Turns one captured frame into the normalized packet line of the conformance README §4, exactly as
/// <c>shared/conformance/tools/normalize capture</c> prints it from tshark 4.0's fields:
/// <code>
/// SRCMAC > DSTMAC ARP request|reply sender=MAC/IP target=MAC/IP len=N
/// SRCMAC > DSTMAC IPv4 SRC > DST ttl=N [tos=0xNN] [df] [frag=OFF[+]] PAYLOAD len=N
/// SRCMAC > DSTMAC ethertype=0xNNNN (NAME) len=N
/// </code>
/// Stateful: TCP <c>seq</c>/<c>ack</c> are relative to each connection's base, as tshark computes them over one
/// capture file, so use one instance per file (or per interface of a single-interface file), frames in order.</summary>
/// <remarks>Malformed or truncated frames give the line the Python tool gives (fields tshark cannot read print as
/// <c>None</c>); this never throws. Not thread-safe. The Wire views are not used here on purpose: tshark reads a
/// damaged header field by field and keeps what it got, where a view is checked whole or not at all.</remarks>
public sealed class PacketLineFormatter
{
    private const int EphemeralMin = 32768;
    private static readonly (int Bit, char Letter)[] s_flagLetters =
        [(0x02, 'S'), (0x01, 'F'), (0x04, 'R'), (0x08, 'P'), (0x20, 'U'), (0x40, 'E'), (0x80, 'W')];
    private readonly PacketFields _fields = new();
    private readonly TcpConversations _tcp = new();
    private readonly FrameDissector _dissector;

    public PacketLineFormatter()
    {
        _dissector = new FrameDissector(_fields, _tcp);
    }

    /// <summary>Formats an Ethernet frame captured whole (its length on the wire is its length).</summary>
    public string Format(ReadOnlySpan<byte> frame) => Format(frame, frame.Length);

    /// <summary>Formats an Ethernet frame of which <paramref name="frame"/> was captured (<c>len=</c> is
    /// <paramref name="originalLength"/>, tshark's <c>frame.len</c>).</summary>
    public string Format(ReadOnlySpan<byte> frame, int originalLength)
    {
        _fields.Clear();
        _dissector.DissectEthernet(frame, originalLength);
        return FrameLine(originalLength);
    }

    /// <summary>Formats a frame of a capture interface with link type <paramref name="linkType"/> (pcap LINKTYPE_):
    /// anything but Ethernet is <c>non-ethernet frame len=N</c>; a raw IPv4 packet still counts for TCP state.</summary>
    public string Format(ReadOnlySpan<byte> frame, int originalLength, ushort linkType)
    {
        if (linkType == 1)
        {
            return Format(frame, originalLength);
        }
        _fields.Clear();
        if (linkType is 101 or 228)
        {
            _dissector.DissectRawIp(frame, originalLength);
        }
        return FormattableString.Invariant($"non-ethernet frame len={originalLength}");
    }

    /// <summary>Forgets all TCP connections (a new capture file).</summary>
    public void Reset() => _tcp.Clear();

    private string FrameLine(int frameLength)
    {
        if (_fields.EthSource is not MacAddress source)
        {
            return FormattableString.Invariant($"non-ethernet frame len={frameLength}");
        }
        var s = new StringBuilder();
        s.Append(source.ToString()).Append(" > ").Append(_fields.EthDestination!.Value.ToString()).Append(' ');
        ushort? type = _fields.EthType;
        if (type == EtherType.Arp)
        {
            int op = _fields.ArpOpcode ?? 0;
            s.Append("ARP ").Append(op switch { 1 => "request", 2 => "reply", _ => "op=" + Str(op) })
                .Append(" sender=").Append(StrOrNone(_fields.ArpSenderMac)).Append('/').Append(StrOrNone(_fields.ArpSenderIp))
                .Append(" target=").Append(StrOrNone(_fields.ArpTargetMac)).Append('/').Append(StrOrNone(_fields.ArpTargetIp));
        }
        else if (type == EtherType.Ipv4)
        {
            IpPart(s, 0, inner: false);
        }
        else if (type is ushort t)
        {
            s.Append("ethertype=0x").Append(t.ToString("x4", CultureInfo.InvariantCulture));
            string? name = t switch { 0x0800 => "IPv4", 0x0806 => "ARP", 0x86DD => "IPv6", 0x8100 => "VLAN", _ => null };
            if (name is not null)
            {
                s.Append(" (").Append(name).Append(')');
            }
        }
        else
        {
            s.Append("ethertype=?");
        }
        return s.Append(" len=").Append(Str(frameLength)).ToString();
    }

    /// <summary>The i-th IPv4 header (0 = outer, 1 = quoted in an ICMP error) and its payload: <c>ip_part</c>.</summary>
    private void IpPart(StringBuilder s, int i, bool inner)
    {
        s.Append("IPv4 ").Append(StrOrNone(At(_fields.IpSource, i))).Append(" > ").Append(StrOrNone(At(_fields.IpDestination, i)));
        s.Append(" ttl=").Append(StrOrNone(At(_fields.IpTtl, i)));
        if (At(_fields.IpDsField, i) is byte ds && ds != 0)
        {
            s.Append(" tos=0x").Append(ds.ToString("x2", CultureInfo.InvariantCulture));
        }
        if (At(_fields.IpDontFragment, i) == true)
        {
            s.Append(" df");
        }
        bool more = At(_fields.IpMoreFragments, i) == true;
        int offset = (At(_fields.IpFragmentOffset, i) ?? 0) * 8;
        if (more || offset != 0)
        {
            s.Append(" frag=").Append(Str(offset)).Append(more ? "+" : "");
        }
        int protocol = At(_fields.IpProtocol, i) ?? 0;
        if (offset != 0)
        {
            s.Append(' ').Append(protocol switch { 1 => "ICMP", 6 => "TCP", 17 => "UDP", _ => "proto=" + Str(protocol) })
                .Append(" (fragment)");
            return;
        }
        switch (protocol)
        {
            case IpProtocol.Icmp:
                IcmpPart(s, inner);
                break;
            case IpProtocol.Udp:
                if (At(_fields.UdpSourcePort, 0) is not ushort udpSource)
                {
                    s.Append(" UDP (truncated)");
                    break;
                }
                s.Append(" UDP ").Append(MaskPort(udpSource)).Append(" > ").Append(MaskPort(_fields.UdpDestinationPort[0]));
                if (At(_fields.UdpLength, 0) is ushort udpLength)
                {
                    s.Append(" plen=").Append(Str(udpLength - 8));
                }
                break;
            case IpProtocol.Tcp:
                if (At(_fields.TcpSourcePort, 0) is not ushort tcpSource)
                {
                    s.Append(" TCP (truncated)");
                    break;
                }
                s.Append(" TCP ").Append(MaskPort(tcpSource)).Append(" > ").Append(MaskPort(_fields.TcpDestinationPort[0]));
                if (At(_fields.TcpFlags, 0) is ushort flags)
                {
                    s.Append(" [").Append(TcpFlags(flags)).Append(']');
                    if (!inner)
                    {
                        s.Append(" seq=").Append(StrOrNone(At(_fields.TcpSequence, 0)));
                        if ((flags & TcpSegment.Ack) != 0)
                        {
                            s.Append(" ack=").Append(StrOrNone(At(_fields.TcpAcknowledgment, 0)));
                        }
                        s.Append(" plen=").Append(StrOrNone(At(_fields.TcpLength, 0)));
                    }
                }
                break;
            default:
                s.Append(" proto=").Append(Str(protocol));
                break;
        }
    }

    private void IcmpPart(StringBuilder s, bool inner)
    {
        // icmp.* occurrences: the outer ICMP first, then the quoted one (if any)
        int j = inner ? 1 : 0;
        if (At(_fields.IcmpType, j) is not byte type)
        {
            s.Append(" ICMP (truncated)");
            return;
        }
        byte code = _fields.IcmpCode[j];
        string name = IcmpTypeName(type);
        if (type is 0 or 8)
        {
            // icmp.seq occurs once per echo-like header in the frame; the quoted one comes last
            List<ushort> seqs = _fields.IcmpSequence;
            ushort? seq = seqs.Count == 0 ? null : inner ? seqs[^1] : seqs[0];
            s.Append(" ICMP ").Append(name).Append(" id=* seq=").Append(StrOrNone(seq));
            return;
        }
        s.Append(" ICMP ").Append(name).Append('/').Append(IcmpCodeName(type, code));
        if (type == 3 && code == 4 && _fields.IcmpMtu.Count > 0)
        {
            s.Append(" mtu=").Append(Str(_fields.IcmpMtu[0]));
        }
        if (type == 5 && _fields.IcmpRedirectGateway.Count > 0)
        {
            s.Append(" gw=").Append(_fields.IcmpRedirectGateway[0].ToString());
        }
        if (!inner && _fields.IpSource.Count > 1)
        {
            s.Append(" {");
            IpPart(s, 1, inner: true);
            s.Append('}');
        }
    }

    private static string IcmpTypeName(byte type) => type switch
    {
        0 => "echo-reply",
        3 => "dest-unreachable",
        4 => "source-quench",
        5 => "redirect",
        8 => "echo-request",
        11 => "time-exceeded",
        12 => "parameter-problem",
        13 => "timestamp-request",
        14 => "timestamp-reply",
        _ => "type=" + Str(type),
    };

    private static string IcmpCodeName(byte type, byte code) => (type, code) switch
    {
        (3, 0) => "net-unreachable",
        (3, 1) => "host-unreachable",
        (3, 2) => "protocol-unreachable",
        (3, 3) => "port-unreachable",
        (3, 4) => "frag-needed",
        (3, 5) => "source-route-failed",
        (3, 6) => "net-unknown",
        (3, 7) => "host-unknown",
        (3, 9) => "net-prohibited",
        (3, 10) => "host-prohibited",
        (3, 11) => "tos-net-unreachable",
        (3, 12) => "tos-host-unreachable",
        (3, 13) => "admin-prohibited",
        (5, 0) => "net",
        (5, 1) => "host",
        (5, 2) => "tos-net",
        (5, 3) => "tos-host",
        (11, 0) => "ttl-exceeded",
        (11, 1) => "reassembly-timeout",
        (12, 0) => "pointer",
        _ => "code=" + Str(code),
    };

    private static string TcpFlags(ushort flags)
    {
        var s = new StringBuilder(8);
        foreach ((int bit, char letter) in s_flagLetters)
        {
            if ((flags & bit) != 0)
            {
                s.Append(letter);
            }
        }
        if ((flags & 0x10) != 0)
        {
            s.Append('.');
        }
        return s.Length == 0 ? "none" : s.ToString();
    }

    private static string MaskPort(ushort port) => port >= EphemeralMin ? "*" : Str(port);

    private static T? At<T>(List<T> occurrences, int index) where T : struct =>
        index < occurrences.Count ? occurrences[index] : null;

    /// <summary>Python's <c>str()</c> of a tshark value; a missing field prints as <c>None</c>.</summary>
    private static string StrOrNone<T>(T? value) where T : struct, IFormattable =>
        value is T v ? v.ToString(null, CultureInfo.InvariantCulture) : "None";

    private static string Str<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
