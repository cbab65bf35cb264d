using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>The emulated LAN's upstream resolver: answers A queries for the names in its table (and PTR queries for
/// their addresses), NOERROR with no records for other types of a known name, NXDOMAIN for every other name. It
/// keeps a log of the queries it received in the goldens' <c>upstream_log</c> form
/// (<c>udp query svc.example.test A -> NOERROR</c>).</summary>
public sealed class ZoneResolverApp(Ipv4Address address, ushort port = 53) : IServerApp
{
    private readonly Dictionary<string, List<Ipv4Address>> _zone = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _log = [];
    private DnsServer? _server;

    public Ipv4Address Address { get; } = address;
    public ushort Port { get; } = port;

    /// <summary>TTL of the records it serves.</summary>
    public uint Ttl { get; set; } = 300;

    /// <summary>The queries received since the last <see cref="TakeLog"/>.</summary>
    public IReadOnlyList<string> Logs => _log;

    /// <summary>Adds an address for a name (a name may have several).</summary>
    public void Add(string name, Ipv4Address a)
    {
        string key = name.TrimEnd('.');
        if (!_zone.TryGetValue(key, out List<Ipv4Address>? list))
        {
            _zone[key] = list = [];
        }
        if (!list.Contains(a))
        {
            list.Add(a);
        }
    }

    /// <summary>The log lines received so far, clearing them (what <c>upstream_log</c> prints).</summary>
    public IReadOnlyList<string> TakeLog()
    {
        string[] lines = [.. _log];
        _log.Clear();
        return lines;
    }

    public void Start(Emulator emulator, NetNamespace ns, Userspace userspace)
    {
        var server = new DnsServer(Answer);
        if (!server.Start(ns, Address, Port))
        {
            CommandException.Throw($"bind {Address}:{Port}: Address already in use", 1);
        }
        _server = server;
    }

    /// <summary>Names the process holding the server's sockets (`ss -p`).</summary>
    public void SetOwners(object? udpOwner, object? tcpOwner, int backlog) => _server?.SetOwners(udpOwner, tcpOwner, backlog);

    public void Stop()
    {
        _server?.Stop();
        _server = null;
    }

    /// <summary>The answer to one query (also usable without a socket, e.g. by an embedded DNS forwarding in-process).</summary>
    public DnsMessage Resolve(DnsMessage query)
    {
        if (query.Opcode != 0 || query.Questions.Count != 1)
        {
            return query.CreateResponse(query.Opcode != 0 ? DnsRcode.NOTIMP : DnsRcode.FORMERR);
        }
        DnsQuestion q = query.Questions[0];
        DnsMessage response = query.CreateResponse();
        response.RecursionAvailable = true;
        string name = q.Name.TrimEnd('.');
        if (q.Type == DnsRecordType.PTR && TryReverse(name, out Ipv4Address reversed))
        {
            List<string> owners = [.. _zone.Where(e => e.Value.Contains(reversed)).Select(e => e.Key)];
            if (owners.Count == 0)
            {
                response.Rcode = DnsRcode.NXDOMAIN;
            }
            foreach (string owner in owners)
            {
                response.Answers.Add(DnsRecord.Ptr(q.Name, owner, Ttl));
            }
            return response;
        }
        if (!_zone.TryGetValue(name, out List<Ipv4Address>? addresses))
        {
            response.Rcode = DnsRcode.NXDOMAIN;
            return response;
        }
        if (q.Type is DnsRecordType.A or DnsRecordType.ANY)
        {
            foreach (Ipv4Address a in addresses)
            {
                response.Answers.Add(DnsRecord.A(q.Name, a, Ttl));
            }
        }
        return response;
    }

    private void Answer(DnsRequest request)
    {
        DnsMessage response = Resolve(request.Query);
        string transport = request.Transport == DnsTransport.Udp ? "udp" : "tcp";
        string question = request.Query.Questions.Count > 0
            ? $"{request.Query.Questions[0].Name.TrimEnd('.')} {TypeName(request.Query.Questions[0].Type)}"
            : "(none)";
        _log.Add($"{transport} query {question} -> {response.Rcode}");
        request.Respond(response);
    }

    /// <summary>A type as dig and the upstream log print it ("A", "AAAA", "TYPE65").</summary>
    public static string TypeName(DnsRecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"4.0.10.10.in-addr.arpa" → 10.10.0.4.</summary>
    public static bool TryReverse(string name, out Ipv4Address address)
    {
        address = default;
        const string suffix = ".in-addr.arpa";
        if (!name.TrimEnd('.').EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        string[] parts = name.TrimEnd('.')[..^suffix.Length].Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        Array.Reverse(parts);
        return Ipv4Address.TryParse(string.Join('.', parts), out address);
    }

    /// <summary>10.10.0.4 → "4.0.10.10.in-addr.arpa".</summary>
    public static string ReverseName(Ipv4Address a) =>
        $"{a.Value & 0xFF}.{(a.Value >> 8) & 0xFF}.{(a.Value >> 16) & 0xFF}.{a.Value >> 24}.in-addr.arpa";
}
