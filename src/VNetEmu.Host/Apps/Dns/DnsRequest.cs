using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>A query a <see cref="DnsServer"/> received. The handler answers with <see cref="Respond"/>, at once or
/// later (after forwarding upstream); answering twice sends nothing more.</summary>
public sealed class DnsRequest
{
    private readonly Action<DnsMessage> _send;

    internal DnsRequest(DnsMessage query, DnsTransport transport, Ipv4Address client, ushort clientPort, Ipv4Address local, Action<DnsMessage> send)
    {
        Query = query;
        Transport = transport;
        ClientAddress = client;
        ClientPort = clientPort;
        LocalAddress = local;
        _send = send;
    }

    public DnsMessage Query { get; }
    public DnsTransport Transport { get; }
    public Ipv4Address ClientAddress { get; }
    public ushort ClientPort { get; }

    /// <summary>The address the query was sent to (the server's bound address, or Any for a wildcard bind).</summary>
    public Ipv4Address LocalAddress { get; }

    public bool Answered { get; private set; }

    public void Respond(DnsMessage response)
    {
        if (!Answered)
        {
            Answered = true;
            _send(response);
        }
    }
}
