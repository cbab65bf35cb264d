using System.Text;
using VNetEmu.Engine.Sockets;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>iproute2's `ss` over a namespace's TCP and UDP sockets: `-l` listening (LISTEN, UNCONN), `-a` all,
/// `-t -u`, `-n`, `-p` (users:(("comm",pid=P,fd=F))), `-4 -6`, `-H`. Columns are laid out as ss 6.1 does when
/// stdout is not a terminal: each column as wide as its widest cell or header, addresses right-aligned against
/// their ports, UDP before TCP. Unix, raw and packet sockets, filters and `-s -e -i -m` are refused.</summary>
public static class SsCommand
{
    private static readonly Dictionary<(ushort, string), string> s_services = new()
    {
        [(21, "tcp")] = "ftp",
        [(22, "tcp")] = "ssh",
        [(23, "tcp")] = "telnet",
        [(25, "tcp")] = "smtp",
        [(53, "tcp")] = "domain",
        [(53, "udp")] = "domain",
        [(67, "udp")] = "bootps",
        [(68, "udp")] = "bootpc",
        [(69, "udp")] = "tftp",
        [(80, "tcp")] = "http",
        [(88, "tcp")] = "kerberos",
        [(88, "udp")] = "kerberos",
        [(110, "tcp")] = "pop3",
        [(111, "tcp")] = "sunrpc",
        [(111, "udp")] = "sunrpc",
        [(123, "udp")] = "ntp",
        [(143, "tcp")] = "imap2",
        [(161, "tcp")] = "snmp",
        [(161, "udp")] = "snmp",
        [(389, "tcp")] = "ldap",
        [(389, "udp")] = "ldap",
        [(443, "tcp")] = "https",
        [(443, "udp")] = "https",
        [(514, "udp")] = "syslog",
        [(554, "tcp")] = "rtsp",
        [(554, "udp")] = "rtsp",
        [(587, "tcp")] = "submission",
        [(873, "tcp")] = "rsync",
        [(993, "tcp")] = "imaps",
        [(995, "tcp")] = "pop3s",
        [(1080, "tcp")] = "socks",
        [(1194, "tcp")] = "openvpn",
        [(1194, "udp")] = "openvpn",
        [(2049, "tcp")] = "nfs",
        [(2049, "udp")] = "nfs",
        [(3306, "tcp")] = "mysql",
        [(5060, "tcp")] = "sip",
        [(5060, "udp")] = "sip",
        [(5222, "tcp")] = "xmpp-client",
        [(5353, "udp")] = "mdns",
        [(5432, "tcp")] = "postgresql",
        [(5672, "tcp")] = "amqp",
        [(6379, "tcp")] = "redis",
        [(8080, "tcp")] = "http-alt",
        [(9418, "tcp")] = "git",
        [(10000, "tcp")] = "webmin",
    };

    private sealed record Row(string Netid, string State, int RecvQ, int SendQ, string Local, string LocalPort, string Peer, string PeerPort, string Process);

    public static ScriptProcess Create(CommandContext ctx) => new InstantProcess((o, e) =>
    {
        bool listening = false, all = false, tcp = false, udp = false, numeric = false, processes = false, v4 = false, v6 = false, noHeader = false;
        foreach (string arg in ctx.Args.Skip(1))
        {
            string[] longForms = ["--listening", "--all", "--tcp", "--udp", "--numeric", "--processes", "--ipv4", "--ipv6", "--no-header"];
            int longIndex = Array.IndexOf(longForms, arg);
            string flags = longIndex >= 0 ? "latunp46H"[longIndex].ToString() : arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 1 ? arg[1..] : "";
            if (flags.Length == 0)
            {
                e.Write($"ss: filters and options such as '{arg}' are not emulated (supported: -l -a -t -u -n -p -4 -6 -H)\n");
                return 1;
            }
            foreach (char f in flags)
            {
                switch (f)
                {
                    case 'l': listening = true; break;
                    case 'a': all = true; break;
                    case 't': tcp = true; break;
                    case 'u': udp = true; break;
                    case 'n': numeric = true; break;
                    case 'p': processes = true; break;
                    case '4': v4 = true; break;
                    case '6': v6 = true; break;
                    case 'H': noHeader = true; break;
                    default:
                        e.Write($"ss: option -{f} is not emulated (supported: -l -a -t -u -n -p -4 -6 -H)\n");
                        return 1;
                }
            }
        }
        if (!tcp && !udp)
        {
            tcp = udp = true; // ss's default also lists unix sockets, which are not emulated
        }
        if (!v4 && !v6)
        {
            v4 = v6 = true;
        }
        bool showListening = listening || all, showOthers = !listening || all;
        var rows = new List<Row>();
        SocketTable sockets = ctx.Namespace.Sockets;
        string Port(ushort port, string proto) => !numeric && s_services.TryGetValue((port, proto), out string? name) ? name : port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Users(object? owner) => processes && owner is SocketOwner so ? $" users:((\"{so.Process.Comm}\",pid={so.Process.Pid},fd={so.Fd}))" : "";
        var ipv6 = new List<(HostProcess Process, string Protocol, ushort Port, int Fd)>();
        foreach (HostProcess p in ctx.Emulator.Processes.All)
        {
            if (p.Namespace == ctx.Namespace)
            {
                foreach (var (proto, port, fd) in p.Ipv6Sockets)
                {
                    ipv6.Add((p, proto, port, fd));
                }
            }
        }
        ipv6.Sort((a, b) => a.Port.CompareTo(b.Port));
        if (udp)
        {
            foreach (UdpSocket s in sockets.BoundUdp())
            {
                bool connected = !s.RemoteAddress.IsAny;
                if (v4 && (connected ? showOthers : showListening))
                {
                    rows.Add(new Row("udp", connected ? "ESTAB" : "UNCONN", 0, 0, s.LocalAddress.ToString(), Port(s.LocalPort, "udp"),
                        connected ? s.RemoteAddress.ToString() : "0.0.0.0", connected ? Port(s.RemotePort, "udp") : "*", Users(s.Owner)));
                }
            }
            foreach (var (p, proto, port, fd) in ipv6)
            {
                if (v6 && showListening && proto == "udp")
                {
                    rows.Add(new Row("udp", "UNCONN", 0, 0, "[::]", Port(port, "udp"), "[::]", "*", Users(p.Own(fd))));
                }
            }
        }
        if (tcp)
        {
            if (showListening)
            {
                var listeners = new List<TcpListener>(sockets.Tcp.Listeners);
                listeners.Sort((a, b) => a.LocalPort != b.LocalPort ? a.LocalPort.CompareTo(b.LocalPort) : a.LocalAddress.CompareTo(b.LocalAddress));
                foreach (TcpListener l in listeners)
                {
                    if (v4 && !l.IsClosed)
                    {
                        rows.Add(new Row("tcp", "LISTEN", 0, l.Backlog, l.LocalAddress.ToString(), Port(l.LocalPort, "tcp"), "0.0.0.0", "*", Users(l.Owner)));
                    }
                }
                foreach (var (p, proto, port, fd) in ipv6)
                {
                    if (v6 && proto == "tcp")
                    {
                        rows.Add(new Row("tcp", "LISTEN", 0, 4096, "[::]", Port(port, "tcp"), "[::]", "*", Users(p.Own(fd))));
                    }
                }
            }
            if (showOthers && v4)
            {
                var connections = new List<TcpSocket>(sockets.Tcp.Connections);
                connections.Sort((a, b) => a.LocalPort != b.LocalPort ? a.LocalPort.CompareTo(b.LocalPort) : a.RemotePort.CompareTo(b.RemotePort));
                foreach (TcpSocket s in connections)
                {
                    rows.Add(new Row("tcp", StateName(s.State), 0, 0, s.LocalAddress.ToString(), Port(s.LocalPort, "tcp"), s.RemoteAddress.ToString(), Port(s.RemotePort, "tcp"), ""));
                }
            }
        }
        o.Write(Render(rows, netid: tcp && udp, noHeader));
        return 0;
    });

    private static string StateName(TcpState state) => state switch
    {
        TcpState.Established => "ESTAB",
        TcpState.SynSent => "SYN-SENT",
        TcpState.SynReceived => "SYN-RECV",
        TcpState.FinWait1 => "FIN-WAIT-1",
        TcpState.FinWait2 => "FIN-WAIT-2",
        TcpState.TimeWait => "TIME-WAIT",
        TcpState.CloseWait => "CLOSE-WAIT",
        TcpState.LastAck => "LAST-ACK",
        TcpState.Closing => "CLOSING",
        TcpState.Listen => "LISTEN",
        _ => "UNCONN",
    };

    /// <summary>ss.c's render(): column widths from the widest cell (headers included), each column but the first
    /// preceded by its delimiter, addresses right-aligned, the last column padded too.</summary>
    private static string Render(List<Row> rows, bool netid, bool noHeader)
    {
        (string Header, bool Right, string Delim)[] columns =
        [
            ("Netid", false, ""), ("State", false, " "), ("Recv-Q", false, " "), ("Send-Q", false, " "),
            ("Local Address:", true, " "), ("Port", false, ""), ("Peer Address:", true, " "), ("Port", false, ""), ("Process", false, ""),
        ];
        var cells = new List<string[]>();
        if (!noHeader)
        {
            cells.Add([.. columns.Select(c => c.Header)]);
        }
        foreach (Row r in rows)
        {
            cells.Add([r.Netid, r.State, r.RecvQ.ToString(System.Globalization.CultureInfo.InvariantCulture), r.SendQ.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Local + ":", r.LocalPort, r.Peer + ":", r.PeerPort, r.Process]);
        }
        int first = netid ? 0 : 1;
        int[] width = new int[columns.Length];
        foreach (string[] line in cells)
        {
            for (int i = first; i < columns.Length; i++)
            {
                width[i] = Math.Max(width[i], line[i].Length);
            }
        }
        var sb = new StringBuilder();
        foreach (string[] line in cells)
        {
            for (int i = first; i < columns.Length; i++)
            {
                if (i > first)
                {
                    sb.Append(columns[i].Delim);
                }
                string text = line[i];
                sb.Append(columns[i].Right ? text.PadLeft(width[i]) : text.PadRight(width[i]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
