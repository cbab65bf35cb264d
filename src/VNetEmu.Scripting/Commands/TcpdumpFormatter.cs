using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>One line per frame as tcpdump 4.99 prints it with `-n` (print-ether.c, print-sll.c, print-arp.c,
/// print-ip.c, print-icmp.c, print-udp.c, print-tcp.c): timestamp, then `ARP, …` or `IP SRC > DST: …`; `-e` adds the
/// link header, `-q` shortens TCP and link lines, `-t…` picks the timestamp form, `-S` keeps TCP sequence numbers
/// absolute (else relative within a conversation, as tcp_seq_hash does). Capturing on `any` prints Linux cooked v2
/// lines (`eth0  Out IP …`). Application protocols are not decoded, except the first line of HTTP on ports 80 and
/// 8080 and of DNS and RX datagrams too short for a header: any other datagram to a port tcpdump hands to a printer of
/// its own (DNS, DHCP, NTP, RX on 7000–7009, …) prints as `UDP, length N`.</summary>
public sealed partial class TcpdumpFormatter
{
    private long _firstNs = -1, _previousNs = -1;

    /// <summary>-e: print the link-level header.</summary>
    public bool LinkHeader { get; init; }

    /// <summary>-q: less protocol information (TCP as `tcp N`, link types by name only).</summary>
    public bool Quiet { get; init; }

    /// <summary>-S: absolute TCP sequence numbers.</summary>
    public bool AbsoluteSequence { get; init; }

    /// <summary>How many `-t` were given: 0 time of day, 1 none, 2 Unix seconds, 3 delta to the previous frame,
    /// 4 date and time, 5 delta to the first frame.</summary>
    public int TimestampMode { get; init; }

    /// <summary>A frame captured on one device (link type EN10MB).</summary>
    public string Format(long unixNs, ReadOnlySpan<byte> frame)
    {
        var s = new StringBuilder(128);
        Timestamp(s, unixNs);
        Ethernet(s, frame);
        return s.ToString();
    }

    /// <summary>A frame captured on `any` (link type LINUX_SLL2): interface name, packet type (In, Out, B, M, P),
    /// with -e the interface index and the frame's source MAC, then the network layer.</summary>
    public string FormatCooked(long unixNs, ReadOnlySpan<byte> frame, string interfaceName, int ifIndex, string packetType)
    {
        var s = new StringBuilder(128);
        Timestamp(s, unixNs);
        s.Append(CultureInfo.InvariantCulture, $"{interfaceName,-5} {packetType,-3} ");
        if (frame.Length < EthernetFrame.HeaderLength)
        {
            return s.Append("[|sll2]").ToString();
        }
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        if (LinkHeader)
        {
            s.Append(CultureInfo.InvariantCulture, $"ifindex {ifIndex} {MacAddress.Read(frame[6..])} ");
            if (!Quiet)
            {
                s.Append(CultureInfo.InvariantCulture, $"ethertype {EtherTypeName(type) ?? "Unknown"} (0x{type:x4}), length {frame.Length - 14 + 20}: ");
            }
        }
        NetworkLayer(s, type, frame[14..], cooked: true);
        return s.ToString();
    }

    /// <summary>The SLL2 packet type of a frame seen on a device: Out for sent, else by destination MAC.</summary>
    public static string PacketType(bool outgoing, MacAddress destination, MacAddress device) =>
        outgoing ? "Out" : destination.IsBroadcast ? "B" : destination.IsMulticast ? "M" : destination == device ? "In" : "P";

    private void Timestamp(StringBuilder s, long unixNs)
    {
        long previous = _previousNs < 0 ? unixNs : _previousNs;
        if (_firstNs < 0)
        {
            _firstNs = unixNs;
        }
        _previousNs = unixNs;
        switch (TimestampMode)
        {
            case 1:
                return;
            case 2:
                s.Append(CultureInfo.InvariantCulture, $"{unixNs / 1_000_000_000}.{unixNs / 1000 % 1_000_000:D6} ");
                return;
            case 3 or 5:
                s.Append(' ');
                TimeOfDay(s, unixNs - (TimestampMode == 3 ? previous : _firstNs));
                return;
            case 4:
                s.Append(DateTimeOffset.FromUnixTimeMilliseconds(unixNs / 1_000_000).ToString("yyyy-MM-dd ", CultureInfo.InvariantCulture));
                TimeOfDay(s, unixNs);
                return;
            default:
                TimeOfDay(s, unixNs);
                return;
        }
    }

    /// <summary>"%02d:%02d:%02d.%06u " of the UTC time of day (the recordings run with TZ=UTC).</summary>
    private static void TimeOfDay(StringBuilder s, long ns)
    {
        long us = ns / 1000;
        long seconds = us / 1_000_000 % 86_400;
        s.Append(CultureInfo.InvariantCulture, $"{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}.{us % 1_000_000:D6} ");
    }

    /// <summary>ether_common_print: with -e the MACs, the type and the frame length; 802.1Q tags are walked.</summary>
    private void Ethernet(StringBuilder s, ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetFrame.HeaderLength)
        {
            s.Append("[|ether]");
            return;
        }
        string addresses = $"{MacAddress.Read(frame[6..])} > {MacAddress.Read(frame)}, ";
        if (LinkHeader)
        {
            s.Append(addresses);
        }
        int at = 12;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
        bool printedLength = false;
        while (type == EtherType.Vlan && frame.Length >= at + 6)
        {
            ushort tci = BinaryPrimitives.ReadUInt16BigEndian(frame[(at + 2)..]);
            if (LinkHeader)
            {
                EtherTypeText(s, type);
                s.Append(printedLength ? ", " : $", length {frame.Length}: ");
                printedLength = true;
                s.Append(CultureInfo.InvariantCulture, $"vlan {tci & 0xFFF}, p {tci >> 13}{((tci & 0x1000) != 0 ? ", DEI" : "")}, ");
            }
            at += 4;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
        }
        bool known = type is EtherType.Ipv4 or EtherType.Arp;
        if (LinkHeader)
        {
            EtherTypeText(s, type);
            s.Append(printedLength ? ", " : $", length {frame.Length}: ");
        }
        else if (!known)
        {
            s.Append(addresses);
            EtherTypeText(s, type);
            s.Append(CultureInfo.InvariantCulture, $", length {frame.Length}: ");
        }
        NetworkLayer(s, type, frame[(at + 2)..], cooked: false);
    }

    private void EtherTypeText(StringBuilder s, ushort type)
    {
        string? name = EtherTypeName(type);
        s.Append(Quiet ? name ?? $"Unknown Ethertype (0x{type:x4})" : $"ethertype {name ?? "Unknown"} (0x{type:x4})");
    }

    private static string? EtherTypeName(ushort type) => type switch
    {
        EtherType.Ipv4 => "IPv4",
        EtherType.Arp => "ARP",
        EtherType.Ipv6 => "IPv6",
        EtherType.Vlan => "802.1Q",
        0x8035 => "Reverse ARP",
        0x88CC => "LLDP",
        0x88A8 => "802.1Q-QinQ",
        0x8847 => "MPLS unicast",
        _ => null,
    };

    private void NetworkLayer(StringBuilder s, ushort type, ReadOnlySpan<byte> payload, bool cooked)
    {
        switch (type)
        {
            case EtherType.Ipv4:
                Ip(s, payload);
                return;
            case EtherType.Arp:
                Arp(s, payload);
                return;
            default:
                HexDump(s, payload);
                return;
        }
    }

    /// <summary>arp_print for Ethernet/IPv4 ARP.</summary>
    private void Arp(StringBuilder s, ReadOnlySpan<byte> p)
    {
        if (!LinkHeader)
        {
            s.Append("ARP, ");
        }
        if (p.Length < ArpPacket.Length)
        {
            s.Append("[|arp]");
            return;
        }
        ushort op = BinaryPrimitives.ReadUInt16BigEndian(p[6..]);
        var sha = MacAddress.Read(p[8..]);
        var spa = Ipv4Address.Read(p[14..]);
        var tha = MacAddress.Read(p[18..]);
        var tpa = Ipv4Address.Read(p[24..]);
        switch (op)
        {
            case ArpPacket.OpRequest:
                s.Append(CultureInfo.InvariantCulture, $"Request who-has {tpa}{(tha.IsZero ? "" : $" ({tha})")} tell {spa}");
                break;
            case ArpPacket.OpReply:
                s.Append(CultureInfo.InvariantCulture, $"Reply {spa} is-at {sha}");
                break;
            default:
                s.Append(CultureInfo.InvariantCulture, $"Unknown ({op}) ");
                break;
        }
        s.Append(", length ").Append(p.Length);
    }

    /// <summary>ip_print at the default verbosity: `IP ` (not with -e), then the protocol printer, or for a later
    /// fragment only the addresses and `ip-proto-N`.</summary>
    private void Ip(StringBuilder s, ReadOnlySpan<byte> p)
    {
        if (!LinkHeader)
        {
            s.Append("IP ");
        }
        if (p.Length < Ipv4Packet.MinHeaderLength)
        {
            s.Append("truncated-ip ").Append(p.Length);
            return;
        }
        int headerLength = (p[0] & 0x0F) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        if (headerLength < Ipv4Packet.MinHeaderLength)
        {
            s.Append("bad-hlen ").Append(headerLength);
            return;
        }
        if (total < headerLength)
        {
            s.Append("bad-len ").Append(total);
            return;
        }
        if (p.Length < total)
        {
            s.Append(CultureInfo.InvariantCulture, $"truncated-ip - {total - p.Length} bytes missing! ");
            total = p.Length;
        }
        ushort flagsOffset = BinaryPrimitives.ReadUInt16BigEndian(p[6..]);
        byte protocol = p[9];
        var source = Ipv4Address.Read(p[12..]);
        var destination = Ipv4Address.Read(p[16..]);
        ReadOnlySpan<byte> l4 = p[Math.Min(headerLength, total)..total];
        if ((flagsOffset & 0x1FFF) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{source} > {destination}: ip-proto-{protocol}");
            return;
        }
        bool fragmented = (flagsOffset & Ipv4Packet.FlagMoreFragments) != 0;
        switch (protocol)
        {
            case IpProtocol.Tcp:
                Tcp(s, source, destination, l4);
                return;
            case IpProtocol.Udp:
                Udp(s, source, destination, l4, fragmented, Quiet);
                return;
            case IpProtocol.Icmp:
                s.Append(CultureInfo.InvariantCulture, $"{source} > {destination}: ");
                Icmp(s, l4);
                return;
            default:
                s.Append(CultureInfo.InvariantCulture, $"{source} > {destination}:  ip-proto-{protocol} {l4.Length}");
                return;
        }
    }

    /// <summary>udp_print: DNS (53) and AFS RX (7000–7009) datagrams too short for their headers print as tcpdump
    /// prints them; longer ones, like every other port with a printer of its own in tcpdump, as `UDP, length N`.</summary>
    private static void Udp(StringBuilder s, Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> p, bool fragmented, bool quiet)
    {
        if (p.Length < 4)
        {
            s.Append(CultureInfo.InvariantCulture, $"{source} > {destination}: [|udp]");
            return;
        }
        ushort sport = BinaryPrimitives.ReadUInt16BigEndian(p), dport = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        s.Append(CultureInfo.InvariantCulture, $"{source}.{sport} > {destination}.{dport}: ");
        if (p.Length < UdpDatagram.HeaderLength)
        {
            s.Append("truncated-udp ").Append(p.Length);
            return;
        }
        int ulen = BinaryPrimitives.ReadUInt16BigEndian(p[4..]);
        if (ulen < UdpDatagram.HeaderLength)
        {
            s.Append("truncated-udplength ").Append(ulen);
            return;
        }
        ulen -= UdpDatagram.HeaderLength;
        int length = Math.Min(p.Length - UdpDatagram.HeaderLength, ulen);
        if (!quiet && (sport == 53 || dport == 53) && length < 12)
        {
            s.Append(CultureInfo.InvariantCulture, $"domain [length {length} < 12] (invalid)"); // domain_print, short of a header
            return;
        }
        if (!quiet && (sport is >= 7000 and <= 7009 || dport is >= 7000 and <= 7009) && length < 28)
        {
            s.Append(CultureInfo.InvariantCulture, $" [|rx] ({length})"); // rx_print, short of a header
            return;
        }
        s.Append(ulen > p.Length - UdpDatagram.HeaderLength && !fragmented ? $"UDP, bad length {ulen} > {p.Length - UdpDatagram.HeaderLength}" : $"UDP, length {ulen}");
    }

    /// <summary>icmp_print at the default verbosity.</summary>
    private static void Icmp(StringBuilder s, ReadOnlySpan<byte> p)
    {
        if (p.Length < 4)
        {
            s.Append("ICMP [|icmp]");
            return;
        }
        byte type = p[0], code = p[1];
        Ipv4Address quotedDestination = p.Length >= 28 ? Ipv4Address.Read(p[24..]) : default; // icmp_ip.ip_dst
        string text = type switch
        {
            IcmpPacket.TypeEchoRequest or IcmpPacket.TypeEchoReply when p.Length >= 8 =>
                $"echo {(type == IcmpPacket.TypeEchoRequest ? "request" : "reply")}, id {BinaryPrimitives.ReadUInt16BigEndian(p[4..])}, seq {BinaryPrimitives.ReadUInt16BigEndian(p[6..])}",
            IcmpPacket.TypeDestinationUnreachable => Unreachable(p, code, quotedDestination),
            IcmpPacket.TypeRedirect => code switch
            {
                0 => $"redirect {quotedDestination} to net {Ipv4Address.Read(p[4..])}",
                1 => $"redirect {quotedDestination} to host {Ipv4Address.Read(p[4..])}",
                2 => $"redirect-tos {quotedDestination} to net {Ipv4Address.Read(p[4..])}",
                3 => $"redirect-tos {quotedDestination} to host {Ipv4Address.Read(p[4..])}",
                _ => $"redirect-#{code} {quotedDestination} to {Ipv4Address.Read(p[4..])}",
            },
            IcmpPacket.TypeTimeExceeded => code switch
            {
                0 => "time exceeded in-transit",
                1 => "ip reassembly time exceeded",
                _ => $"time exceeded-#{code}",
            },
            IcmpPacket.TypeParameterProblem => code != 0 ? $"parameter problem - code {code}" : $"parameter problem - octet {p[4]}",
            4 => "source quench",
            10 => "router solicitation",
            13 when p.Length >= 8 => $"time stamp query id {BinaryPrimitives.ReadUInt16BigEndian(p[4..])} seq {BinaryPrimitives.ReadUInt16BigEndian(p[6..])}",
            15 => "information request",
            16 => "information reply",
            17 => "address mask request",
            _ => $"type-#{type}",
        };
        s.Append(CultureInfo.InvariantCulture, $"ICMP {text}, length {p.Length}");
    }

    private static string Unreachable(ReadOnlySpan<byte> p, byte code, Ipv4Address target)
    {
        switch (code)
        {
            case 0: return $"net {target} unreachable";
            case 1: return $"host {target} unreachable";
            case 2: return $"{target} protocol {(p.Length > 17 ? p[17] : 0)} unreachable";
            case 3:
                int inner = p.Length > 8 ? (p[8] & 0x0F) * 4 : 20;
                byte proto = p.Length > 17 ? p[17] : (byte)0;
                ushort dport = p.Length >= 8 + inner + 4 ? BinaryPrimitives.ReadUInt16BigEndian(p[(8 + inner + 2)..]) : (ushort)0;
                return proto switch
                {
                    IpProtocol.Tcp => $"{target} tcp port {dport} unreachable",
                    IpProtocol.Udp => $"{target} udp port {dport} unreachable",
                    _ => $"{target} protocol {proto} port {dport} unreachable",
                };
            case 4:
                ushort mtu = BinaryPrimitives.ReadUInt16BigEndian(p[6..]);
                return mtu != 0 ? $"{target} unreachable - need to frag (mtu {mtu})" : $"{target} unreachable - need to frag";
            case 5: return $"{target} unreachable - source route failed";
            case 6: return $"net {target} unreachable - unknown";
            case 7: return $"host {target} unreachable - unknown";
            case 8: return $"{target} unreachable - source host isolated";
            case 9: return $"net {target} unreachable - admin prohibited";
            case 10: return $"host {target} unreachable - admin prohibited";
            case 11: return $"net {target} unreachable - tos prohibited";
            case 12: return $"host {target} unreachable - tos prohibited";
            case 13: return $"host {target} unreachable - admin prohibited filter";
            case 14: return $"host {target} unreachable - host precedence violation";
            case 15: return $"host {target} unreachable - precedence cutoff";
            default: return $"{target} unreachable - #{code}";
        }
    }

    /// <summary>hex_and_ascii_print: what tcpdump shows for a type it cannot decode.</summary>
    private static void HexDump(StringBuilder s, ReadOnlySpan<byte> p)
    {
        for (int line = 0; line < p.Length; line += 16)
        {
            ReadOnlySpan<byte> chunk = p[line..Math.Min(line + 16, p.Length)];
            var hex = new StringBuilder(40);
            var ascii = new StringBuilder(16);
            for (int i = 0; i < chunk.Length; i += 2)
            {
                hex.Append(' ').Append(chunk[i].ToString("x2", CultureInfo.InvariantCulture));
                if (i + 1 < chunk.Length)
                {
                    hex.Append(chunk[i + 1].ToString("x2", CultureInfo.InvariantCulture));
                }
                for (int j = i; j < Math.Min(i + 2, chunk.Length); j++)
                {
                    ascii.Append(chunk[j] is > 0x20 and < 0x7F ? (char)chunk[j] : '.');
                }
            }
            s.Append(CultureInfo.InvariantCulture, $"\n\t0x{line:x4}: {hex,-40}  {ascii}");
        }
    }
}
