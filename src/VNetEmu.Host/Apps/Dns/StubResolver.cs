using VNetEmu.Engine;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>The resolver in a process's libc: /etc/hosts first, then the nameservers of /etc/resolv.conf over UDP from
/// the process's namespace, trying the search list per ndots. glibc (GNU userspaces) asks one server at a time, waits
/// <c>timeout</c> seconds per try, moves on at once when the server's port is unreachable, and makes <c>attempts</c>
/// rounds; musl (busybox userspaces) sends to every server at once, resends every timeout/attempts seconds, ignores ICMP
/// errors and gives up after <c>timeout</c>. Both send A and AAAA in parallel. Results arrive on the virtual clock.</summary>
public sealed class StubResolver(Emulator emulator, NetNamespace ns, Userspace userspace)
{
    private World World => emulator.World;

    public ResolvConf Config => ResolvConf.Parse(emulator.ReadFile(userspace, ns, "/etc/resolv.conf"));

    private bool Musl => userspace.Tools == ToolFamily.Busybox;

    /// <summary>getaddrinfo(name) for IPv4: a dotted quad as is, then /etc/hosts, then DNS (A and AAAA).</summary>
    public void Resolve(string name, Action<StubResult> done)
    {
        if (Ipv4Address.TryParse(name, out Ipv4Address literal))
        {
            Post(done, new StubResult(StubStatus.Ok, [literal], [], name));
            return;
        }
        if (HostsFile.TryLookup(emulator.ReadFile(userspace, ns, "/etc/hosts"), name, out List<Ipv4Address> fromHosts, out string canonical))
        {
            Post(done, new StubResult(StubStatus.Ok, fromHosts, [], canonical) { FromHosts = true });
            return;
        }
        if (name.Length == 0 || name.Length > DnsName.MaxLength || name.Contains("..", StringComparison.Ordinal))
        {
            Post(done, new StubResult(StubStatus.NotFound, [], [], name) { Rcode = DnsRcode.NXDOMAIN });
            return;
        }
        ResolvConf conf = Config;
        Search(conf, conf.Candidates(name), 0, [DnsRecordType.A, DnsRecordType.AAAA], name, StubStatus.NotFound, done);
    }

    /// <summary>res_search(name, type): the search list per ndots, records of the first name that exists.</summary>
    public void Query(string name, DnsRecordType type, Action<StubResult> done)
    {
        ResolvConf conf = Config;
        Search(conf, conf.Candidates(name), 0, [type], name, StubStatus.NotFound, done);
    }

    private void Search(ResolvConf conf, IReadOnlyList<string> candidates, int index, DnsRecordType[] types, string original, StubStatus soFar, Action<StubResult> done)
    {
        if (index >= candidates.Count)
        {
            done(new StubResult(soFar, [], [], original) { Rcode = DnsRcode.NXDOMAIN });
            return;
        }
        string candidate = candidates[index];
        Exchange(conf.Nameservers, candidate, types, conf.Timeout, conf.Attempts, (answers, server) =>
        {
            if (answers is null)
            {
                done(new StubResult(StubStatus.ServerFailure, [], [], original) { Rcode = DnsRcode.SERVFAIL, TimedOut = true });
                return;
            }
            DnsMessage first = answers[types[0]];
            var records = answers.Values.SelectMany(m => m.Answers).ToList();
            var addresses = records.Where(r => r.Type == DnsRecordType.A).Select(r => r.Ipv4).Distinct().ToList();
            string canonical = records.LastOrDefault(r => r.Type == DnsRecordType.CNAME)?.Target ?? candidate;
            bool found = types[0] == DnsRecordType.A ? addresses.Count > 0 : first.Answers.Any(r => r.Type == types[0]);
            if (first.Rcode == DnsRcode.NOERROR && found)
            {
                done(new StubResult(StubStatus.Ok, addresses, records, canonical)
                {
                    Server = server,
                    Rcode = DnsRcode.NOERROR,
                    Ipv6Addresses = [.. records.Where(r => r.Type == DnsRecordType.AAAA).Select(r => r.AddressText!)],
                });
                return;
            }
            Search(conf, candidates, index + 1, types, original, StubStatus.NotFound, done);
        });
    }

    /// <summary>Sends one query per type for <paramref name="name"/> and collects the answers (null: no server gave
    /// a usable one) together with the server that answered.</summary>
    public void Exchange(IReadOnlyList<Ipv4Address> servers, string name, IReadOnlyList<DnsRecordType> types, int timeoutSeconds, int attempts,
        Action<Dictionary<DnsRecordType, DnsMessage>?, Ipv4Address> done)
    {
        if (Musl)
        {
            new MuslExchange(this, servers, name, types, timeoutSeconds, attempts, done).Start();
        }
        else
        {
            GlibcTry(servers, name, types, timeoutSeconds, attempts, 0, done);
        }
    }

    private void GlibcTry(IReadOnlyList<Ipv4Address> servers, string name, IReadOnlyList<DnsRecordType> types, int timeout, int attempts, int tryIndex,
        Action<Dictionary<DnsRecordType, DnsMessage>?, Ipv4Address> done)
    {
        if (tryIndex >= servers.Count * attempts)
        {
            done(null, default);
            return;
        }
        Ipv4Address server = servers[tryIndex % servers.Count];
        var pending = new Pending(this, [server], name, types);
        if (!pending.Send())
        {
            pending.Close();
            World.Schedule(0, () => GlibcTry(servers, name, types, timeout, attempts, tryIndex + 1, done));
            return;
        }
        Engine.Time.TimerEntry timer = World.Schedule(timeout * World.NanosPerSecond, () =>
        {
            pending.Close();
            GlibcTry(servers, name, types, timeout, attempts, tryIndex + 1, done);
        });
        pending.Failed = () =>
        {
            timer.Cancel();
            pending.Close();
            GlibcTry(servers, name, types, timeout, attempts, tryIndex + 1, done);
        };
        pending.Complete = () =>
        {
            timer.Cancel();
            pending.Close();
            done(pending.Answers, server);
        };
    }

    private void Post(Action<StubResult> done, StubResult result) => World.Schedule(0, () => done(result));

    /// <summary>musl's res_msend: every server at once, resent every timeout/attempts, first answer per type wins.</summary>
    private sealed class MuslExchange(StubResolver owner, IReadOnlyList<Ipv4Address> servers, string name, IReadOnlyList<DnsRecordType> types,
        int timeout, int attempts, Action<Dictionary<DnsRecordType, DnsMessage>?, Ipv4Address> done)
    {
        private Pending? _pending;
        private bool _finished;

        public void Start()
        {
            _pending = new Pending(owner, servers, name, types) { IgnoreErrors = true };
            long interval = timeout * World.NanosPerSecond / attempts;
            _pending.Complete = () => Finish(_pending.Answers, _pending.AnsweredBy);
            _pending.Send();
            for (int i = 1; i < attempts; i++)
            {
                owner.World.Schedule(interval * i, () =>
                {
                    if (!_finished)
                    {
                        _pending.Send();
                    }
                });
            }
            owner.World.Schedule(timeout * World.NanosPerSecond, () => Finish(null, default));
        }

        private void Finish(Dictionary<DnsRecordType, DnsMessage>? answers, Ipv4Address server)
        {
            if (!_finished)
            {
                _finished = true;
                _pending!.Close();
                done(answers, server);
            }
        }
    }

    /// <summary>One socket with the queries of one round in flight.</summary>
    private sealed class Pending
    {
        private readonly StubResolver _owner;
        private readonly IReadOnlyList<Ipv4Address> _servers;
        private readonly string _name;
        private readonly IReadOnlyList<DnsRecordType> _types;
        private readonly Dictionary<DnsRecordType, ushort> _ids = [];
        private readonly UdpSocket _socket;

        public Pending(StubResolver owner, IReadOnlyList<Ipv4Address> servers, string name, IReadOnlyList<DnsRecordType> types)
        {
            _owner = owner;
            _servers = servers;
            _name = name;
            _types = types;
            _socket = owner.Namespace.Sockets.OpenUdp();
            foreach (DnsRecordType t in types)
            {
                _ids[t] = (ushort)owner.World.Random.Next(65536);
            }
            _socket.Received += OnReceived;
            _socket.Error += _ =>
            {
                if (!IgnoreErrors)
                {
                    Failed?.Invoke();
                }
            };
        }

        public Dictionary<DnsRecordType, DnsMessage> Answers { get; } = [];
        public Ipv4Address AnsweredBy { get; private set; }
        public bool IgnoreErrors { get; init; }
        public Action? Complete { get; set; }
        public Action? Failed { get; set; }

        /// <summary>Sends every unanswered query to every server; false when none could be sent.</summary>
        public bool Send()
        {
            bool any = false;
            foreach (Ipv4Address server in _servers)
            {
                if (_servers.Count == 1)
                {
                    _socket.Connect(server, 53); // glibc connects, so ICMP errors reach it
                }
                foreach (DnsRecordType t in _types)
                {
                    if (!Answers.ContainsKey(t))
                    {
                        byte[] q = DnsMessage.Query(_ids[t], _name, t).ToBytes();
                        any |= _socket.SendTo(server, 53, q) == Engine.Ip.SendResult.Sent;
                    }
                }
            }
            return any;
        }

        private void OnReceived(Ipv4Address from, ushort port, byte[] data)
        {
            if (port != 53 || !_servers.Contains(from) || !DnsMessage.TryParse(data, out DnsMessage m) || !m.IsResponse
                || m.Questions.Count != 1 || !string.Equals(m.Questions[0].Name, _name, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            DnsRecordType t = m.Questions[0].Type;
            if (!_ids.TryGetValue(t, out ushort id) || id != m.Id || Answers.ContainsKey(t))
            {
                return;
            }
            if (m.Rcode is not (DnsRcode.NOERROR or DnsRcode.NXDOMAIN))
            {
                if (!IgnoreErrors)
                {
                    Failed?.Invoke(); // SERVFAIL, REFUSED…: glibc tries the next server
                }
                return;
            }
            Answers[t] = m;
            AnsweredBy = from;
            if (Answers.Count == _types.Count)
            {
                Complete?.Invoke();
            }
        }

        public void Close() => _socket.Close();
    }

    private NetNamespace Namespace => ns;
}
