using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>`nslookup [-type=T] NAME [SERVER]`. In busybox userspaces busybox 1.35's own resolver: every query (A and
/// AAAA without -type, PTR for an address) sent at once on a connected socket, resent after 2.5 s, given up after 5 s
/// (";; connection timed out; no servers could be reached"), "nslookup: read: Connection refused" per ICMP error,
/// answers printed in arrival order. In GNU userspaces bind9's nslookup: "Address: S#53", the search list, A then
/// AAAA, a blank line at the end, absolute names in PTR answers.</summary>
public sealed class NslookupProcess(CommandContext ctx) : ScriptProcess
{
    private readonly List<DnsMessage> _replies = [];
    private readonly Dictionary<ushort, DnsRecordType> _ids = [];
    private World _world = null!;
    private UdpSocket? _socket;
    private Ipv4Address _server;
    private string _name = "";
    private readonly List<DnsRecordType> _types = [];
    private bool Busybox => ctx.Userspace.Tools == ToolFamily.Busybox;

    public override void Start()
    {
        _world = ctx.Emulator.World;
        string? type = null;
        var words = new List<string>();
        foreach (string a in ctx.Args.Skip(1))
        {
            if (a.StartsWith("-type=", StringComparison.OrdinalIgnoreCase) || a.StartsWith("-query=", StringComparison.OrdinalIgnoreCase) || a.StartsWith("-q=", StringComparison.OrdinalIgnoreCase))
            {
                type = a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..].ToUpperInvariant();
            }
            else if (!a.StartsWith('-'))
            {
                words.Add(a);
            }
        }
        if (words.Count == 0)
        {
            Err(Busybox ? "BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]" : "nslookup: interactive mode is not supported");
            Exit(1);
            return;
        }
        _name = words[0];
        ResolvConf conf = new StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace).Config;
        if (words.Count > 1 && !Ipv4Address.TryParse(words[1], out _server))
        {
            Err($"nslookup: bad address '{words[1]}'"); // a server given by name: not resolved here
            Exit(1);
            return;
        }
        if (words.Count == 1)
        {
            _server = conf.Nameservers[0];
        }
        if (Ipv4Address.TryParse(_name, out Ipv4Address address) && type is null or "PTR")
        {
            _name = ZoneResolverApp.ReverseName(address);
            _types.Add(DnsRecordType.PTR);
        }
        else if (type is null)
        {
            _types.Add(DnsRecordType.A);
            _types.Add(DnsRecordType.AAAA);
        }
        else if (Enum.TryParse(type, out DnsRecordType t) && Enum.IsDefined(t))
        {
            _types.Add(t);
        }
        else
        {
            Err(Busybox ? $"nslookup: invalid query type \"{type}\"" : $"unknown query type: {type}");
            Exit(1);
            return;
        }
        if (!Busybox && !_name.EndsWith('.') && _types[0] != DnsRecordType.PTR)
        {
            IReadOnlyList<string> candidates = conf.Candidates(_name);
            _name = candidates.Count > 0 ? candidates[^1] : _name; // bind9 tries the name as given last; the LAN has no search domains
        }
        _socket = ctx.Namespace.Sockets.OpenUdp();
        _socket.Connect(_server, 53);
        _socket.Received += OnReceived;
        _socket.Error += _ =>
        {
            if (!HasExited)
            {
                Err(Busybox ? "nslookup: read: Connection refused" : $";; communications error to {_server}#53: connection refused");
            }
        };
        foreach (DnsRecordType t in _types)
        {
            _ids[(ushort)_world.Random.Next(65536)] = t;
        }
        SendPending();
        _world.Schedule(5 * World.NanosPerSecond / 2, SendPending);
        _world.Schedule(5 * World.NanosPerSecond, Finish);
    }

    private void SendPending()
    {
        if (HasExited)
        {
            return;
        }
        foreach ((ushort id, DnsRecordType t) in _ids)
        {
            if (!_replies.Any(r => r.Id == id))
            {
                _socket!.Send(DnsMessage.Query(id, _name.TrimEnd('.'), t).ToBytes());
            }
        }
    }

    private void OnReceived(Ipv4Address from, ushort port, byte[] data)
    {
        if (HasExited || !DnsMessage.TryParse(data, out DnsMessage m) || !m.IsResponse || !_ids.ContainsKey(m.Id) || _replies.Any(r => r.Id == m.Id))
        {
            return;
        }
        _replies.Add(m);
        if (_replies.Count == _ids.Count)
        {
            Finish();
        }
    }

    private void Finish()
    {
        if (HasExited)
        {
            return;
        }
        _socket?.Close();
        if (_replies.Count == 0)
        {
            Out(";; connection timed out; no servers could be reached");
            Out("");
            Exit(1);
            return;
        }
        if (Busybox)
        {
            FinishBusybox();
            return;
        }
        var o = new StringBuilder();
        o.Append("Server:\t\t").Append(_server).Append('\n');
        o.Append("Address:\t").Append(_server).Append(Busybox ? ":53" : "#53").Append("\n\n");
        bool failed = false, headed = false;
        IEnumerable<DnsMessage> order = Busybox ? _replies : _replies.OrderBy(r => _types.IndexOf(_ids[r.Id]));
        foreach (DnsMessage r in order)
        {
            if (r.Rcode != DnsRcode.NOERROR)
            {
                if (!failed) // one line for the name, however many of its queries failed
                {
                    o.Append("** server can't find ").Append(_name.TrimEnd('.')).Append(": ").Append(r.Rcode).Append('\n');
                }
                failed = true;
                continue;
            }
            if (!r.Authoritative && !headed && (Busybox || r.Answers.Count > 0))
            {
                o.Append("Non-authoritative answer:\n");
                headed = true;
            }
            foreach (DnsRecord rr in r.Answers)
            {
                o.Append(Format(rr));
            }
        }
        if (!Busybox)
        {
            o.Append('\n');
        }
        Stdout.Append(o);
        Exit(failed ? 1 : 0);
    }

    /// <summary>busybox 1.35's send_queries/parse_reply: per reply in arrival order its error line or its
    /// "Non-authoritative answer:" and records, each followed by an empty line; then "*** Can't find NAME: No
    /// answer" for each query left unanswered.</summary>
    private void FinishBusybox()
    {
        var o = new StringBuilder();
        o.Append("Server:\t\t").Append(_server).Append('\n');
        o.Append("Address:\t").Append(_server).Append(":53\n\n");
        bool failed = false;
        foreach (DnsMessage r in _replies)
        {
            if (r.Rcode != DnsRcode.NOERROR)
            {
                o.Append("** server can't find ").Append(_name.TrimEnd('.')).Append(": ").Append(r.Rcode).Append('\n');
                failed = true;
            }
            else
            {
                if (!r.Authoritative)
                {
                    o.Append("Non-authoritative answer:\n");
                }
                foreach (DnsRecord rr in r.Answers)
                {
                    o.Append(Format(rr));
                }
            }
            o.Append('\n');
        }
        bool unanswered = false;
        foreach (ushort id in _ids.Keys)
        {
            if (!_replies.Exists(r => r.Id == id))
            {
                o.Append("*** Can't find ").Append(_name.TrimEnd('.')).Append(": No answer\n");
                unanswered = true;
            }
        }
        if (unanswered)
        {
            o.Append('\n');
        }
        Stdout.Append(o);
        Exit(failed ? 1 : 0);
    }

    private string Format(DnsRecord r)
    {
        string dot = Busybox ? "" : ".";
        return r.Type switch
        {
            DnsRecordType.A or DnsRecordType.AAAA => $"Name:\t{r.Name}\nAddress: {r.AddressText}\n",
            DnsRecordType.CNAME => $"{r.Name}\tcanonical name = {r.Target}{dot}\n",
            DnsRecordType.PTR => $"{r.Name}\tname = {r.Target}{dot}\n",
            DnsRecordType.NS => $"{r.Name}\tnameserver = {r.Target}{dot}\n",
            DnsRecordType.MX => $"{r.Name}\tmail exchanger = {r.Preference} {r.Target}{dot}\n",
            DnsRecordType.TXT => $"{r.Name}\ttext = \"{Encoding.ASCII.GetString(r.Data.AsSpan(1, Math.Min(r.Data.Length - 1, r.Data[0])))}\"\n",
            _ => "",
        };
    }

    public override void Stop()
    {
        if (!HasExited)
        {
            _socket?.Close();
            Exit(143);
        }
    }
}
