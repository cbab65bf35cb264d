using VNetEmu.Docker.Firewall;
using VNetEmu.Host;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>Docker's embedded DNS server for one container: listens on 127.0.0.11 at two random ports (UDP, TCP) inside the
/// container's namespace (UDP and TCP), reached through the nat rules dockerd writes there; answers the names of
/// the container's user networks (TTL 600), an empty NOERROR for other types of a known name, PTR of container
/// addresses, and forwards everything else to the host's nameservers from the container's namespace (≤27).</summary>
public sealed class EmbeddedDns
{
    private static readonly Ipv4Address s_address = new(127, 0, 0, 11);
    private readonly DockerDaemon _daemon;
    private readonly Container _container;
    private readonly DnsServer _server;
    private readonly EmbeddedDnsNames _names;

    private EmbeddedDns(DockerDaemon daemon, Container container)
    {
        _daemon = daemon;
        _container = container;
        _names = new EmbeddedDnsNames(daemon);
        _server = new DnsServer(Answer);
    }

    /// <summary>Starts the server and its rules in the container's namespace.</summary>
    public static EmbeddedDns Start(DockerDaemon daemon, Container container)
    {
        var dns = new EmbeddedDns(daemon, container);
        Engine.Namespaces.NetNamespace ns = container.Namespace!;
        // resolver.go listens on UDP and TCP port 0: two independent ephemeral ports of the container's namespace.
        for (int attempt = 0; attempt < 64 && !dns._server.IsRunning; attempt++)
        {
            ushort udp = (ushort)(32768 + daemon.Ids.Next(60999 - 32768));
            ushort tcp = (ushort)(32768 + daemon.Ids.Next(60999 - 32768));
            dns._server.Start(ns, s_address, udp, tcp);
        }
        // dockerd holds the sockets; its descriptor numbers are not modelled (these are the ones a recording shows).
        dns._server.SetOwners(daemon.Process.Own(40), daemon.Process.Own(42), backlog: 4096);
        DockerFirewall.InstallEmbeddedDns(daemon.Emulator.Netfilter(ns).Config, dns._server.TcpPort, dns._server.Port);
        return dns;
    }

    public void Stop() => _server.Stop();

    private void Answer(DnsRequest request)
    {
        DnsMessage query = request.Query;
        if (query.Questions.Count != 1)
        {
            request.Respond(query.CreateResponse(DnsRcode.FORMERR));
            return;
        }
        DnsQuestion q = query.Questions[0];
        if (q.Type == DnsRecordType.PTR && ZoneResolverApp.TryReverse(q.Name, out Ipv4Address reverse) && _names.LookupPtr(_container, reverse) is { } ptr)
        {
            DnsMessage r = query.CreateResponse();
            r.Answers.Add(DnsRecord.Ptr(q.Name, ptr + "."));
            request.Respond(r);
            return;
        }
        if (q.Type != DnsRecordType.PTR && _names.LookupA(_container, q.Name) is { } addresses)
        {
            DnsMessage r = query.CreateResponse();
            if (q.Type == DnsRecordType.A)
            {
                foreach (Ipv4Address a in addresses)
                {
                    r.Answers.Add(DnsRecord.A(q.Name, a));
                }
            }
            request.Respond(r);
            return;
        }
        Forward(request, q);
    }

    private void Forward(DnsRequest request, DnsQuestion q)
    {
        List<Ipv4Address> servers = _container.Dns.Count > 0
            ? _container.Dns.ConvertAll(s => Ipv4Address.TryParse(s, out Ipv4Address a) ? a : default)
            : _daemon.HostNameservers();
        var upstream = new Userspace(_container.Hostname, ToolFamily.Gnu) { Network = _container.Namespace };
        upstream.Write("/etc/resolv.conf", string.Concat(servers.ConvertAll(s => $"nameserver {s}\n")) + "options timeout:4 attempts:1\n");
        upstream.Write("/etc/hosts", "");
        var stub = new StubResolver(_daemon.Emulator, _container.Namespace!, upstream);
        stub.Query(q.Name.TrimEnd('.') + ".", q.Type, result =>
        {
            DnsMessage r = request.Query.CreateResponse(result.TimedOut ? DnsRcode.SERVFAIL : result.Rcode);
            foreach (DnsRecord rec in result.Records)
            {
                r.Answers.Add(rec);
            }
            request.Respond(r);
        });
    }
}
