using System.Buffers.Binary;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Netfilter.Conntrack;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Runtime;

/// <summary>What the rules of one hook see of a packet: the frame (IPv4 header at NetworkOffset), the hook, the
/// devices, the conntrack entry and state, and the L4 fields read once. Reused from a small stack (hooks nest when a
/// REJECT sends its reply), so evaluation allocates nothing.</summary>
public sealed class PacketContext
{
    public Frame Frame { get; private set; } = null!;
    public NfHook Hook { get; private set; }
    public string TableName { get; internal set; } = "";
    public NetDevice? In { get; private set; }
    public NetDevice? Out { get; private set; }
    public ConntrackEntry? Entry { get; internal set; }
    public CtInfo Info { get; internal set; } = CtInfo.Untracked;
    public bool IsReply { get; internal set; }
    public byte Protocol { get; private set; }
    public ushort SourcePort { get; private set; }
    public ushort DestinationPort { get; private set; }
    public byte TcpFlags { get; private set; }
    public byte IcmpType { get; private set; }
    public byte IcmpCode { get; private set; }

    /// <summary>A non-first fragment: no L4 header.</summary>
    public bool IsLaterFragment { get; private set; }

    /// <summary>The L4 header is shorter than the fields rules ask for (hotdrop in the kernel).</summary>
    public bool L4Truncated { get; private set; }
    public int Length { get; private set; }

    public Span<byte> Packet => Frame.Network;
    public Ipv4Packet Ip => Ipv4Packet.CreateUnchecked(Frame.Network);

    internal void Load(Frame frame, NfHook hook, NetDevice? input, NetDevice? output)
    {
        Frame = frame;
        Hook = hook;
        In = input;
        Out = output;
        Entry = null;
        Info = CtInfo.Untracked;
        IsReply = false;
        Reread();
    }

    /// <summary>Re-reads the header fields (after NAT rewrote them).</summary>
    internal void Reread()
    {
        var ip = Ipv4Packet.CreateUnchecked(Frame.Network);
        Protocol = ip.Protocol;
        Length = ip.TotalLength;
        IsLaterFragment = ip.FragmentOffset != 0;
        SourcePort = DestinationPort = 0;
        TcpFlags = IcmpType = IcmpCode = 0;
        L4Truncated = false;
        if (IsLaterFragment)
        {
            return;
        }
        Span<byte> l4 = Frame.Network[ip.HeaderLength..Math.Min(Frame.Network.Length, ip.TotalLength)];
        switch (Protocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or 136:
                if (l4.Length < 4)
                {
                    L4Truncated = true;
                    return;
                }
                SourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4);
                DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                if (Protocol == IpProtocol.Tcp)
                {
                    if (l4.Length < 14)
                    {
                        L4Truncated = true;
                        return;
                    }
                    TcpFlags = l4[13];
                }
                return;
            case IpProtocol.Icmp:
                if (l4.Length < 2)
                {
                    L4Truncated = true;
                    return;
                }
                IcmpType = l4[0];
                IcmpCode = l4[1];
                return;
        }
    }
}
