using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>ip_fragment and ip_defrag. Fragments carry 8-byte multiples of payload, the first one the options;
/// a datagram waits at most 30 s (ipfrag_time) for its pieces, then is dropped with "fragment reassembly time
/// exceeded" sent when the first fragment had arrived (for conntrack's queues only when it was for this host).</summary>
/// <remarks>Read net/ipv4/ip_fragment.c (ip_frag_queue, ip_frag_reasm), ip_output.c (ip_do_fragment) and
/// net/ipv4/netfilter/nf_defrag_ipv4.c before changing this file.
/// <para>Reassembly happens in place: the fragment that completes a datagram comes back as the same
/// <see cref="Frame"/> object, now holding the whole datagram behind the first fragment's link header, with the
/// first fragment's metadata (what skb_morph does in the kernel). Hooks get a frame reference and cannot hand back
/// another one, so this keeps the caller's reference valid. It records <see cref="Frame.FragMaxSize"/> (the largest
/// fragment received), which output uses to refragment at the size the datagram arrived in.</para></remarks>
internal sealed class Fragmentation(Ipv4Stack stack)
{
    /// <summary>ip_defrag_users: each user reassembles in its own queues. The bridge's PREROUTING shares
    /// <see cref="ConntrackIn"/> (one zone, and the two only differ in which queue a fragment waits in).</summary>
    internal enum User : byte
    {
        LocalDeliver,
        ConntrackIn,
        ConntrackOut,
    }

    private const long TimeoutNs = 30 * World.NanosPerSecond;
    private const int MaxDatagram = 65535;
    private readonly Dictionary<(Ipv4Address, Ipv4Address, ushort, byte, User), Pending> _pending = [];

    private World World => stack.World;

    /// <summary>ip_do_fragment: splits <paramref name="frame"/> (window = IP packet) for <paramref name="mtu"/>, or
    /// for the size its fragments arrived in when that is smaller, and transmits each piece.</summary>
    public void Fragment(Frame frame, NetDevice device, int mtu)
    {
        int maxSize = frame.FragMaxSize;
        if (maxSize != 0 && Ipv4Packet.CreateUnchecked(frame.Network).DontFragment && maxSize > mtu)
        {
            // ip_fragment: a reassembled DF datagram whose fragments were bigger than the link.
            stack.Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeFragmentationNeeded, (uint)mtu);
            stack.Namespace.Drop(frame, DropReason.FragNeeded);
            return;
        }
        Split(frame, device, maxSize != 0 && maxSize < mtu ? maxSize : mtu, bridged: false);
    }

    /// <summary>br_nf_dev_queue_xmit: a datagram reassembled while bridging (window = Ethernet frame) leaves
    /// <paramref name="port"/> whole if it fits, else in fragments of at most the size it arrived in, each with
    /// the original Ethernet header. Fragments bigger than the port's MTU are dropped silently.</summary>
    public void Refragment(Frame frame, NetDevice port)
    {
        int mtu = Math.Min(port.Mtu, frame.FragMaxSize);
        int length = Ipv4Packet.CreateUnchecked(frame.Network).TotalLength;
        if (length <= mtu)
        {
            frame.FragMaxSize = 0;
            port.Transmit(frame);
            return;
        }
        if (frame.FragMaxSize > port.Mtu)
        {
            stack.Namespace.Drop(frame, DropReason.FragNeeded);
            return;
        }
        Split(frame, port, mtu, bridged: true);
    }

    /// <summary>The slow path of ip_do_fragment. Routed pieces go to the neighbour layer; bridged pieces get a copy
    /// of the frame's link header and go straight to the port. DF stays only on a reassembled datagram whose
    /// largest fragment had it (IPSKB_FRAG_PMTU).</summary>
    private void Split(Frame frame, NetDevice device, int mtu, bool bridged)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        int headerLength = ip.HeaderLength;
        int payloadLength = ip.TotalLength - headerLength;
        int chunk = (mtu - headerLength) & ~7;
        if (chunk <= 0)
        {
            stack.Namespace.Drop(frame, DropReason.FragNeeded);
            return;
        }
        int linkLength = bridged ? frame.NetworkOffset - frame.Start : 0;
        int baseOffset = ip.FragmentOffset;
        bool lastHadMore = ip.MoreFragments;
        bool keepDf = frame.FragMaxSize != 0 && ip.DontFragment;
        ushort flags = (ushort)((ip.FlagsAndOffset & 0x8000) | (keepDf ? Ipv4Packet.FlagDontFragment : 0));
        ReadOnlySpan<byte> link = frame.Buffer.AsSpan(frame.Start, linkLength);
        ReadOnlySpan<byte> header = ip.Header;
        ReadOnlySpan<byte> payload = ip.Payload;
        for (int offset = 0; offset < payloadLength; offset += chunk)
        {
            int size = Math.Min(chunk, payloadLength - offset);
            bool more = offset + size < payloadLength || lastHadMore;
            Frame piece = World.Pool.Rent();
            piece.Mark = frame.Mark;
            piece.NextHop = frame.NextHop;
            piece.Conntrack = frame.Conntrack;
            piece.ConntrackInfo = frame.ConntrackInfo;
            piece.Trace = frame.Trace;
            piece.NetworkOffset = piece.Start + linkLength;
            piece.Length = linkLength + headerLength + size;
            link.CopyTo(piece.Data);
            Span<byte> data = piece.Network;
            header.CopyTo(data);
            payload.Slice(offset, size).CopyTo(data[headerLength..]);
            var p = Ipv4Packet.CreateUnchecked(data);
            p.TotalLength = (ushort)(headerLength + size);
            p.FlagsAndOffset = (ushort)(flags | (more ? Ipv4Packet.FlagMoreFragments : 0) | ((baseOffset + offset) / 8));
            p.FillChecksum();
            if (bridged)
            {
                device.Transmit(piece);
            }
            else
            {
                stack.Transmit(piece, device);
            }
        }
        World.Pool.Return(frame);
    }

    /// <summary>ip_defrag for <paramref name="user"/>: keeps a fragment (or drops a bad one) and returns null; the
    /// fragment that completes its datagram comes back as the same frame, holding the whole datagram.</summary>
    public Frame? Reassemble(Frame frame, User user)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        int headerLength = ip.HeaderLength;
        int offset = ip.FragmentOffset;
        int length = ip.Payload.Length;
        int end = offset + length;
        bool last = !ip.MoreFragments;
        if (headerLength + end > MaxDatagram)
        {
            stack.Namespace.Drop(frame, DropReason.IpInHdr); // "Oversized IP packet"
            return null;
        }
        var key = (ip.Source, ip.Destination, ip.Identification, ip.Protocol, user);
        if (!_pending.TryGetValue(key, out Pending? pending))
        {
            pending = new Pending();
            _pending.Add(key, pending);
            pending.Timer = World.Schedule(TimeoutNs, () => Expire(key));
        }
        if (pending.TotalLength >= 0 ? end > pending.TotalLength || (last && end != pending.TotalLength) : last && end < pending.MaxEnd)
        {
            stack.Namespace.Drop(frame, DropReason.IpInHdr); // inconsistent with the end already known
            return null;
        }
        if (offset == 0)
        {
            if (pending.First is not null)
            {
                World.Pool.Return(frame); // duplicate first fragment
                return null;
            }
            pending.First = frame;
        }
        else
        {
            pending.Others.Add(frame);
        }
        if (last)
        {
            pending.TotalLength = end;
        }
        pending.MaxEnd = Math.Max(pending.MaxEnd, end);
        int size = ip.TotalLength;
        pending.MaxSize = Math.Max(pending.MaxSize, size);
        if (ip.DontFragment)
        {
            pending.MaxDfSize = Math.Max(pending.MaxDfSize, size);
        }
        pending.Received.Add((offset, length));
        if (pending.TotalLength < 0 || pending.First is null || !Covered(pending))
        {
            return null;
        }
        _pending.Remove(key);
        pending.Timer?.Cancel();
        return Join(pending, frame);
    }

    private static bool Covered(Pending p)
    {
        p.Received.Sort();
        int end = 0;
        foreach (var (offset, length) in p.Received)
        {
            if (offset > end)
            {
                return false;
            }
            end = Math.Max(end, offset + length);
        }
        return end >= p.TotalLength;
    }

    /// <summary>ip_frag_reasm: joins the pieces behind the first fragment's headers, then moves the result into
    /// <paramref name="into"/> (the fragment that completed it) so that the caller's reference stays valid.</summary>
    private Frame Join(Pending p, Frame into)
    {
        Frame first = p.First!;
        var ip = Ipv4Packet.CreateUnchecked(first.Network);
        int headerLength = ip.HeaderLength;
        int total = headerLength + p.TotalLength;
        int linkLength = first.NetworkOffset - first.Start;
        first.EnsureCapacity(first.NetworkOffset + total);
        foreach (Frame f in p.Others)
        {
            var part = Ipv4Packet.CreateUnchecked(f.Network);
            part.Payload.CopyTo(first.Buffer.AsSpan(first.NetworkOffset + headerLength + part.FragmentOffset));
            if (f != into)
            {
                World.Pool.Return(f);
            }
        }
        ip = Ipv4Packet.CreateUnchecked(first.Buffer.AsSpan(first.NetworkOffset, total));
        ip.TotalLength = (ushort)total;
        // DF only when the largest fragment carried it, so that a tiny DF fragment cannot make the whole DF.
        ip.FlagsAndOffset = p.MaxDfSize == p.MaxSize ? Ipv4Packet.FlagDontFragment : (ushort)0;
        ip.FillChecksum();
        first.Length = linkLength + total;
        first.FragMaxSize = p.MaxSize;
        if (first == into)
        {
            return into;
        }
        first.CopyTo(into); // bytes and metadata; the trace stays the completing frame's
        World.Pool.Return(first);
        return into;
    }

    private void Expire((Ipv4Address, Ipv4Address, ushort, byte, User) key)
    {
        if (!_pending.Remove(key, out Pending? p))
        {
            return;
        }
        if (p.First is { } first)
        {
            // RFC 792: only the destination sends "reassembly time exceeded"; conntrack's queues also sit on routers.
            if (key.Item5 != User.ConntrackIn || stack.IsLocalAddress(key.Item2))
            {
                stack.Icmp.SendError(first, IcmpPacket.TypeTimeExceeded, 1, 0);
            }
            stack.Namespace.Drop(first, DropReason.ReassemblyTimeout);
        }
        foreach (Frame f in p.Others)
        {
            stack.Namespace.Drop(f, DropReason.ReassemblyTimeout);
        }
    }

    private sealed class Pending
    {
        public Frame? First;
        public List<Frame> Others = [];
        public List<(int Offset, int Length)> Received = [];
        public int TotalLength = -1;
        public int MaxEnd;
        public int MaxSize;
        public int MaxDfSize;
        public Time.TimerEntry? Timer;
    }
}
