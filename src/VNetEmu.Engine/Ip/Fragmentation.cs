using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>ip_fragment and ip_defrag. Fragments carry 8-byte multiples of payload, the first one the options;
/// a datagram waits at most 30 s (ipfrag_time) for its pieces, then is dropped with "fragment reassembly time
/// exceeded" sent when the first fragment had arrived.</summary>
internal sealed class Fragmentation(Ipv4Stack stack)
{
    private const long TimeoutNs = 30 * World.NanosPerSecond;
    private readonly Dictionary<(Ipv4Address, Ipv4Address, ushort, byte), Pending> _pending = [];

    private World World => stack.World;

    /// <summary>Splits <paramref name="frame"/> (window = IP packet) for <paramref name="mtu"/> and transmits each piece.</summary>
    public void Fragment(Frame frame, NetDevice device, int mtu)
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
        int baseOffset = ip.FragmentOffset;
        bool lastHadMore = ip.MoreFragments;
        ushort flags = (ushort)(ip.FlagsAndOffset & ~0x3FFF & ~Ipv4Packet.FlagDontFragment);
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
            piece.NetworkOffset = piece.Start;
            piece.Length = headerLength + size;
            Span<byte> data = piece.Data;
            header.CopyTo(data);
            payload.Slice(offset, size).CopyTo(data[headerLength..]);
            var p = Ipv4Packet.CreateUnchecked(data);
            p.TotalLength = (ushort)(headerLength + size);
            p.FlagsAndOffset = (ushort)(flags | (more ? Ipv4Packet.FlagMoreFragments : 0) | ((baseOffset + offset) / 8));
            p.FillChecksum();
            stack.Transmit(piece, device);
        }
        World.Pool.Return(frame);
    }

    /// <summary>Keeps a fragment; returns the whole datagram (window = Ethernet-less IP packet) once complete.</summary>
    public Frame? Reassemble(Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        var key = (ip.Source, ip.Destination, ip.Identification, ip.Protocol);
        if (!_pending.TryGetValue(key, out Pending? pending))
        {
            pending = new Pending();
            _pending.Add(key, pending);
            pending.Timer = World.Schedule(TimeoutNs, () => Expire(key));
        }
        int offset = ip.FragmentOffset;
        int length = ip.Payload.Length;
        if (!ip.MoreFragments)
        {
            pending.TotalLength = offset + length;
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
        pending.Received.Add((offset, length));
        if (pending.TotalLength < 0 || pending.First is null || !Covered(pending))
        {
            return null;
        }
        _pending.Remove(key);
        pending.Timer?.Cancel();
        return Join(pending);
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

    private Frame Join(Pending p)
    {
        Frame first = p.First!;
        var ip = Ipv4Packet.CreateUnchecked(first.Network);
        int headerLength = ip.HeaderLength;
        int total = headerLength + p.TotalLength;
        first.EnsureCapacity(first.NetworkOffset + total + 64);
        foreach (Frame f in p.Others)
        {
            var part = Ipv4Packet.CreateUnchecked(f.Network);
            part.Payload.CopyTo(first.Buffer.AsSpan(first.NetworkOffset + headerLength + part.FragmentOffset));
            World.Pool.Return(f);
        }
        ip = Ipv4Packet.CreateUnchecked(first.Buffer.AsSpan(first.NetworkOffset, total));
        ip.TotalLength = (ushort)total;
        ip.FlagsAndOffset = (ushort)(ip.FlagsAndOffset & Ipv4Packet.FlagDontFragment);
        ip.FillChecksum();
        first.Start = first.NetworkOffset;
        first.Length = total;
        return first;
    }

    private void Expire((Ipv4Address, Ipv4Address, ushort, byte) key)
    {
        if (!_pending.Remove(key, out Pending? p))
        {
            return;
        }
        if (p.First is { } first)
        {
            stack.Icmp.SendError(first, IcmpPacket.TypeTimeExceeded, 1, 0);
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
        public Time.TimerEntry? Timer;
    }
}
