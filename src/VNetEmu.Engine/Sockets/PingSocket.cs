using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>An ICMP echo socket as ping uses it: sends echo requests with its identifier, receives the replies
/// and the ICMP errors quoting its requests.</summary>
public sealed class PingSocket
{
    private readonly SocketTable _table;

    internal PingSocket(SocketTable table, ushort identifier)
    {
        _table = table;
        Identifier = identifier;
    }

    public ushort Identifier { get; }
    public byte Ttl { get; set; } = Ipv4Stack.DefaultTtl;
    public byte Tos { get; set; }
    public PmtuMode PmtuMode { get; set; } = PmtuMode.Want;

    /// <summary>`ping -I ADDR`: the source address; Any lets the route choose.</summary>
    public Ipv4Address Source { get; set; }

    /// <summary>The MTU reported with the last <see cref="SendResult.MessageTooLong"/>.</summary>
    public int LastErrorMtu { get; private set; }

    /// <summary>(from, sequence, ttl, ICMP bytes).</summary>
    public event Action<Ipv4Address, ushort, byte, int>? EchoReply;
    public event Action<IcmpErrorInfo>? Error;

    /// <summary>A redirect quoting one of our requests: (from, code, new gateway, quoted destination, sequence).</summary>
    public event Action<Ipv4Address, byte, Ipv4Address, Ipv4Address, ushort>? Redirect;

    /// <summary>Sends one echo request with <paramref name="dataLength"/> bytes of data: an 8-byte timestamp then
    /// the byte pattern iputils uses (byte i = i).</summary>
    public SendResult Send(Ipv4Address destination, ushort sequence, int dataLength)
    {
        Ipv4Stack stack = _table.Namespace.Ipv4;
        if (!stack.TryRoute(destination, out RouteDecision route))
        {
            return SendResult.NetworkUnreachable;
        }
        Ipv4Address source = Source.IsAny ? route.Source : Source;
        int length = IcmpPacket.HeaderLength + dataLength;
        if (PmtuMode == PmtuMode.Do && !route.IsLocal)
        {
            int mtu = stack.PathMtu(destination, route);
            if (Ipv4Packet.MinHeaderLength + length > mtu)
            {
                LastErrorMtu = mtu;
                return SendResult.MessageTooLong;
            }
        }
        Frame frame = _table.Namespace.World.Pool.Rent();
        frame.NetworkOffset = Frame.Headroom;
        frame.EnsureCapacity(Frame.Headroom + Ipv4Packet.MinHeaderLength + length + 64);
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, length);
        var icmp = IcmpPacket.CreateUnchecked(l4);
        icmp.Type = IcmpPacket.TypeEchoRequest;
        icmp.Code = 0;
        icmp.Identifier = Identifier;
        icmp.Sequence = sequence;
        Span<byte> data = icmp.Payload;
        long now = _table.Namespace.World.Now;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }
        if (data.Length >= 8)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data, (int)(now / World.NanosPerSecond));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data[4..], (int)(now % World.NanosPerSecond / 1000));
        }
        icmp.FillChecksum();
        return stack.SendDatagram(frame, route, source, destination, IpProtocol.Icmp, Ttl, Tos, PmtuMode, length);
    }

    public void Close() => _table.ClosePing(this);

    internal void OnEchoReply(Ipv4Address from, ushort sequence, byte ttl, int length) => EchoReply?.Invoke(from, sequence, ttl, length);

    internal void OnError(IcmpErrorInfo error) => Error?.Invoke(error);

    internal void OnRedirect(Ipv4Address from, byte code, Ipv4Address gateway, Ipv4Address quotedDestination, ushort sequence) =>
        Redirect?.Invoke(from, code, gateway, quotedDestination, sequence);
}
