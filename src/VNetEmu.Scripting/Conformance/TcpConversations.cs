using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>tshark 4.0's relative TCP sequence numbers (<c>tcp.relative_sequence_numbers</c>, single pass).
/// A conversation is the address/port pair in either direction; each direction keeps a base: the ISN of its SYN,
/// else one less than its first sequence number, else one less than the first acknowledgment the other side sent.
/// A SYN whose sequence number differs from its direction's base starts a new conversation (port reuse); such a
/// SYN/ACK only moves its direction's base to its ISN. These two checks apply to every segment with a whole fixed
/// header; only segments that are not IP fragments, not quoted in ICMP errors and hold a whole header set bases.</summary>
internal sealed class TcpConversations
{
    private readonly Dictionary<(Endpoint, Endpoint), Conversation> _conversations = [];

    private readonly record struct Endpoint(Ipv4Address Address, ushort Port) : IComparable<Endpoint>
    {
        public int CompareTo(Endpoint other)
        {
            int c = Address.CompareTo(other.Address);
            return c != 0 ? c : Port.CompareTo(other.Port);
        }
    }

    private sealed class Flow
    {
        public bool BaseSet { get; set; }
        public uint Base { get; set; }
    }

    private sealed class Conversation
    {
        public Flow Flow1 { get; } = new();
        public Flow Flow2 { get; } = new();
    }

    public void Clear() => _conversations.Clear();

    /// <summary>Looks up (or creates) the segment's conversation; with <paramref name="analyze"/> sets the bases and
    /// makes <paramref name="seq"/> and (when ACK is set) <paramref name="ack"/> relative.</summary>
    public void Segment(Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort destinationPort,
        ushort flags, bool analyze, ref uint seq, ref uint ack)
    {
        var from = new Endpoint(source, sourcePort);
        var to = new Endpoint(destination, destinationPort);
        var key = from.CompareTo(to) <= 0 ? (from, to) : (to, from);
        if (!_conversations.TryGetValue(key, out Conversation? conversation))
        {
            conversation = new Conversation();
            _conversations[key] = conversation;
        }
        // packet-tcp.c get_tcp_conversation_data: the direction compares addresses, then ports (equal ports: -1)
        int direction = source.CompareTo(destination);
        if (direction == 0)
        {
            direction = sourcePort > destinationPort ? 1 : -1;
        }
        bool forwardIsFlow1 = direction >= 0;
        Flow forward = forwardIsFlow1 ? conversation.Flow1 : conversation.Flow2;
        int synAck = flags & (TcpSegment.Syn | TcpSegment.Ack);
        if (synAck == TcpSegment.Syn && forward.BaseSet && seq != forward.Base)
        {
            conversation = new Conversation(); // port reuse: a new connection, both bases forgotten
            _conversations[key] = conversation;
            forward = forwardIsFlow1 ? conversation.Flow1 : conversation.Flow2;
        }
        else if (synAck == (TcpSegment.Syn | TcpSegment.Ack) && forward.BaseSet && seq != forward.Base)
        {
            forward.Base = seq; // a SYN/ACK with another ISN: this direction restarts, the other keeps its base
        }
        if (!analyze)
        {
            return;
        }
        Flow reverse = forwardIsFlow1 ? conversation.Flow2 : conversation.Flow1;
        if (!forward.BaseSet)
        {
            forward.Base = (flags & TcpSegment.Syn) != 0 ? seq : seq - 1;
            forward.BaseSet = true;
        }
        if (!reverse.BaseSet && (flags & TcpSegment.Ack) != 0)
        {
            reverse.Base = ack - 1;
            reverse.BaseSet = true;
        }
        seq -= forward.Base;
        if ((flags & TcpSegment.Ack) != 0)
        {
            ack -= reverse.Base;
        }
    }
}
