using VNetEmu.Wire;

namespace VNetEmu.Engine.Buffers;

/// <summary>One packet in flight: a pooled buffer with headroom, the current window over it and the metadata the
/// kernel keeps in an skb (ingress device, mark, conntrack, bridge ports). Owned by exactly one stage at a time;
/// whoever consumes it last returns it to the <see cref="FramePool"/>.</summary>
public sealed class Frame
{
    public const int Headroom = 128;
    public const int DefaultCapacity = 16384;

    internal Frame(int capacity) => Buffer = new byte[capacity];

    public byte[] Buffer { get; private set; }

    /// <summary>Index of the first byte (Ethernet header on a link, IP header inside the stack).</summary>
    public int Start { get; set; }
    public int Length { get; set; }

    /// <summary>Absolute index of the IPv4 header in <see cref="Buffer"/>; valid once the stack has parsed it.</summary>
    public int NetworkOffset { get; set; }

    public Span<byte> Data => Buffer.AsSpan(Start, Length);

    /// <summary>From the IP header to the end of the frame.</summary>
    public Span<byte> Network => Buffer.AsSpan(NetworkOffset, Start + Length - NetworkOffset);

    public Devices.NetDevice? Ingress { get; set; }

    /// <summary>The bridge port a bridged frame arrived on (br_netfilter's physdev-in).</summary>
    public Devices.NetDevice? PhysIn { get; set; }
    public Devices.NetDevice? PhysOut { get; set; }
    public uint Mark { get; set; }

    /// <summary>The conntrack entry and direction, owned by the netfilter layer.</summary>
    public object? Conntrack { get; set; }
    public byte ConntrackInfo { get; set; }

    /// <summary>Set once PREROUTING ran while bridging, so the routed path does not run it twice.</summary>
    public bool BridgePreroutingDone { get; set; }

    /// <summary>br_netfilter's bridged_dnat: a bridged frame DNATed to a host behind the same bridge waits for ARP;
    /// once resolved the bridge forwards it (keeping its source MAC) instead of sending it as the host.</summary>
    public bool BridgedDnat { get; set; }

    /// <summary>Where the path of this frame through netfilter is written when tracing is on.</summary>
    public System.Text.StringBuilder? Trace { get; set; }

    /// <summary>The address the IPv4 output path resolves the next hop for.</summary>
    public Ipv4Address NextHop { get; set; }

    /// <summary>IPCB(skb)->frag_max_size: the largest fragment (IP total length) a reassembled datagram arrived in;
    /// output refragments at no more than this. 0 = not reassembled.</summary>
    public int FragMaxSize { get; set; }

    /// <summary>Grows the buffer (a rare path: reassembly of a datagram larger than the default).</summary>
    public void EnsureCapacity(int capacity)
    {
        if (Buffer.Length < capacity)
        {
            byte[] bigger = new byte[capacity];
            Buffer.AsSpan().CopyTo(bigger);
            Buffer = bigger;
        }
    }

    /// <summary>Makes room for a header in front of the current start (uses headroom).</summary>
    public Span<byte> Prepend(int length)
    {
        Start -= length;
        Length += length;
        return Buffer.AsSpan(Start, length);
    }

    internal void Reset()
    {
        Start = Headroom;
        Length = 0;
        NetworkOffset = Headroom;
        Ingress = null;
        PhysIn = null;
        PhysOut = null;
        Mark = 0;
        Conntrack = null;
        ConntrackInfo = 0;
        BridgePreroutingDone = false;
        BridgedDnat = false;
        Trace = null;
        NextHop = default;
        FragMaxSize = 0;
    }

    /// <summary>Copies bytes and metadata into <paramref name="target"/> (for flooding and for taps that keep frames).</summary>
    public void CopyTo(Frame target)
    {
        target.EnsureCapacity(Buffer.Length);
        target.Start = Start;
        target.Length = Length;
        target.NetworkOffset = NetworkOffset;
        Buffer.AsSpan(Start, Length).CopyTo(target.Buffer.AsSpan(Start));
        target.Ingress = Ingress;
        target.PhysIn = PhysIn;
        target.PhysOut = PhysOut;
        target.Mark = Mark;
        target.Conntrack = Conntrack;
        target.ConntrackInfo = ConntrackInfo;
        target.BridgePreroutingDone = BridgePreroutingDone;
        target.BridgedDnat = BridgedDnat;
        target.NextHop = NextHop;
        target.FragMaxSize = FragMaxSize;
    }
}
