using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>tcp_print: flags, sequence numbers relative to the first segment with ACK seen in a conversation,
/// options, length, and HTTP's first line.</summary>
public sealed partial class TcpdumpFormatter
{
    private static readonly string[] s_httpCommands =
    [
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE",
        "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND",
        "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY",
        "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL",
    ];

    /// <summary>tcp_seq_hash4: per conversation (one entry for both directions), the initial sequence numbers.</summary>
    private readonly Dictionary<(uint Source, uint Destination, uint Ports), (uint Seq, uint Ack)> _conversations = [];

    private void Tcp(StringBuilder s, Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> p)
    {
        if (p.Length < 4)
        {
            s.Append(CultureInfo.InvariantCulture, $"{source} > {destination}: [|tcp]");
            return;
        }
        ushort sport = BinaryPrimitives.ReadUInt16BigEndian(p), dport = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
        s.Append(CultureInfo.InvariantCulture, $"{source}.{sport} > {destination}.{dport}: ");
        if (p.Length < TcpSegment.MinHeaderLength)
        {
            s.Append("[|tcp]");
            return;
        }
        int headerLength = (p[12] >> 4) * 4;
        int length = p.Length;
        if (headerLength < TcpSegment.MinHeaderLength)
        {
            s.Append(CultureInfo.InvariantCulture, $" tcp {length - headerLength} [bad hdr length {headerLength} - too short, < 20]");
            return;
        }
        uint seq = BinaryPrimitives.ReadUInt32BigEndian(p[4..]), ack = BinaryPrimitives.ReadUInt32BigEndian(p[8..]);
        ushort window = BinaryPrimitives.ReadUInt16BigEndian(p[14..]), urgent = BinaryPrimitives.ReadUInt16BigEndian(p[18..]);
        if (Quiet)
        {
            s.Append("tcp ").Append(length - headerLength);
            if (headerLength > length)
            {
                s.Append(CultureInfo.InvariantCulture, $" [bad hdr length {headerLength} - too long, > {length}]");
            }
            return;
        }
        byte flags = p[13];
        s.Append("Flags [").Append(FlagText(flags)).Append(']');
        uint thSeq = 0, thAck = 0;
        bool rev = false;
        if (!AbsoluteSequence && (flags & TcpSegment.Ack) != 0)
        {
            rev = sport > dport || (sport == dport && source.Value > destination.Value);
            var key = rev ? (destination.Value, source.Value, (uint)dport << 16 | sport) : (source.Value, destination.Value, (uint)sport << 16 | dport);
            if (!_conversations.TryGetValue(key, out var th) || (flags & TcpSegment.Syn) != 0)
            {
                th = rev ? (ack - 1, seq) : (seq, ack - 1);
                _conversations[key] = th;
            }
            else if (rev)
            {
                seq -= th.Ack;
                ack -= th.Seq;
            }
            else
            {
                seq -= th.Seq;
                ack -= th.Ack;
            }
            (thSeq, thAck) = th;
        }
        if (headerLength > length)
        {
            s.Append(CultureInfo.InvariantCulture, $" [bad hdr length {headerLength} - too long, > {length}]");
            return;
        }
        length -= headerLength;
        if (length > 0 || (flags & (TcpSegment.Syn | TcpSegment.Fin | TcpSegment.Rst)) != 0)
        {
            s.Append(", seq ").Append(seq);
            if (length > 0)
            {
                s.Append(':').Append(unchecked(seq + (uint)length));
            }
        }
        if ((flags & TcpSegment.Ack) != 0)
        {
            s.Append(", ack ").Append(ack);
        }
        s.Append(", win ").Append(window);
        if ((flags & TcpSegment.Urg) != 0)
        {
            s.Append(", urg ").Append(urgent);
        }
        if (headerLength > TcpSegment.MinHeaderLength)
        {
            s.Append(", options [");
            if (!Options(s, p[TcpSegment.MinHeaderLength..headerLength], rev ? thSeq : thAck))
            {
                return;
            }
            s.Append(']');
        }
        s.Append(", length ").Append(length);
        if (length > 0 && (sport is 80 or 8080 || dport is 80 or 8080))
        {
            s.Append(": ");
            Http(s, p[headerLength..]);
        }
    }

    private static string FlagText(byte flags)
    {
        var s = new StringBuilder(8);
        foreach ((byte bit, char c) in (ReadOnlySpan<(byte, char)>)[(0x01, 'F'), (0x02, 'S'), (0x04, 'R'), (0x08, 'P'), (0x10, '.'), (0x20, 'U'), (0x40, 'E'), (0x80, 'W')])
        {
            if ((flags & bit) != 0)
            {
                s.Append(c);
            }
        }
        return s.Length == 0 ? "none" : s.ToString();
    }

    /// <summary>The options loop of tcp_print; false when it stopped at a bad option ("[bad opt]").</summary>
    private static bool Options(StringBuilder s, ReadOnlySpan<byte> o, uint sackBase)
    {
        int at = 0;
        string bad = "[bad opt]"; // and "]" once an option was printed (ch != '\0')
        while (at < o.Length)
        {
            if (at > 0)
            {
                s.Append(',');
                bad = "[bad opt]]";
            }
            byte kind = o[at++];
            int len = 1;
            if (kind > 1)
            {
                if (at >= o.Length)
                {
                    s.Append(bad);
                    return false;
                }
                len = o[at++];
                if (len < 2 || len - 2 > o.Length - at)
                {
                    s.Append(bad);
                    return false;
                }
            }
            ReadOnlySpan<byte> data = o[at..(at + Math.Max(len - 2, 0))];
            int expected = len - 2;
            switch (kind)
            {
                case 0:
                    s.Append("eol");
                    return true;
                case 1:
                    s.Append("nop");
                    break;
                case 2 when data.Length >= 2:
                    s.Append("mss ").Append(BinaryPrimitives.ReadUInt16BigEndian(data));
                    expected = 2;
                    break;
                case 3 when data.Length >= 1:
                    s.Append("wscale ").Append(data[0]);
                    expected = 1;
                    break;
                case 4:
                    s.Append("sackOK");
                    expected = 0;
                    break;
                case 5:
                    s.Append("sack");
                    if (data.Length % 8 != 0)
                    {
                        s.Append(" invalid sack");
                        break;
                    }
                    s.Append(' ').Append(data.Length / 8).Append(' ');
                    for (int i = 0; i < data.Length; i += 8)
                    {
                        uint start = BinaryPrimitives.ReadUInt32BigEndian(data[i..]) - sackBase;
                        uint end = BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) - sackBase;
                        s.Append(CultureInfo.InvariantCulture, $"{{{start}:{end}}}");
                    }
                    break;
                case 8 when data.Length >= 8:
                    s.Append(CultureInfo.InvariantCulture, $"TS val {BinaryPrimitives.ReadUInt32BigEndian(data)} ecr {BinaryPrimitives.ReadUInt32BigEndian(data[4..])}");
                    expected = 8;
                    break;
                case 2 or 3 or 8:
                    s.Append(bad);
                    return false;
                default:
                    s.Append(kind switch { 19 => "md5", 28 => "uto", 29 => "tcp-ao", 30 => "mptcp", 34 => "tfo", _ => $"unknown-{kind}" });
                    if (data.Length > 0)
                    {
                        s.Append(" 0x").Append(Convert.ToHexStringLower(data));
                    }
                    break;
            }
            at += Math.Max(len - 2, 0);
            if (kind > 1 && expected + 2 != len)
            {
                s.Append("[len ").Append(len).Append(']');
            }
        }
        return true;
    }

    /// <summary>txtproto_print for HTTP at the default verbosity: `HTTP`, and `: ` and the first line when the
    /// payload starts with a request method or a status line.</summary>
    private static void Http(StringBuilder s, ReadOnlySpan<byte> p)
    {
        s.Append("HTTP");
        int at = FetchToken(p, 0, out string token);
        bool print = false;
        if (at != 0)
        {
            foreach (string command in s_httpCommands)
            {
                print |= string.Equals(token, command, StringComparison.OrdinalIgnoreCase);
            }
            at = FetchToken(p, at, out token);
            print |= at != 0 && token.Length == 3 && token.All(char.IsAsciiDigit);
        }
        if (!print)
        {
            return;
        }
        for (int i = 0; i < p.Length; i++)
        {
            byte c = p[i];
            if (c == '\n' || (c == '\r' && i + 1 < p.Length && p[i + 1] == '\n'))
            {
                s.Append(": ").Append(Encoding.ASCII.GetString(p[..i]));
                return;
            }
            if (c == '\r' || ((c < 0x20 || c > 0x7E) && c != '\t'))
            {
                return; // binary or a lone CR: not printed
            }
        }
        s.Append(": ").Append(Encoding.ASCII.GetString(p)).Append(" [|http]");
    }

    /// <summary>fetch_token: a printable token ended by white space, then the blanks after it; 0 if there is none.</summary>
    private static int FetchToken(ReadOnlySpan<byte> p, int at, out string token)
    {
        token = "";
        int start = at;
        for (; at < p.Length; at++)
        {
            byte c = p[at];
            if (c >= 0x80)
            {
                return 0;
            }
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                break;
            }
            if (c < 0x20 || c > 0x7E || at - start + 2 > 129)
            {
                return 0;
            }
        }
        if (at == start)
        {
            return 0;
        }
        token = Encoding.ASCII.GetString(p[start..at]);
        for (; at < p.Length; at++)
        {
            byte c = p[at];
            if (c is (byte)'\r' or (byte)'\n' || c < 0x20 || c > 0x7E || c is not ((byte)' ' or (byte)'\t'))
            {
                break;
            }
        }
        return at;
    }
}
