using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Tcp;

/// <summary>Bulk data: segmentation, flow control, delayed ACKs, loss and recovery, determinism.</summary>
public class TcpTransferTests
{
    private const int Size = 100 * 1024;

    /// <summary>Drops chosen TCP data segments leaving a namespace (once per sequence number), like a lossy link.</summary>
    private sealed class LossyOutput(NetNamespace ns, Func<int, bool> dropNth) : IPacketFilter
    {
        private readonly HashSet<uint> _dropped = [];
        private int _dataSegments;

        public int Dropped => _dropped.Count;

        public NfVerdict Hook(NfHook hook, Frame frame, NetDevice? input, NetDevice? output)
        {
            if (hook != NfHook.PostRouting)
            {
                return NfVerdict.Accept;
            }
            var ip = Ipv4Packet.CreateUnchecked(frame.Network);
            if (ip.Protocol != IpProtocol.Tcp || !TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) || tcp.Payload.Length == 0)
            {
                return NfVerdict.Accept;
            }
            if (_dropped.Contains(tcp.SequenceNumber) || !dropNth(_dataSegments++))
            {
                return NfVerdict.Accept;
            }
            _dropped.Add(tcp.SequenceNumber);
            ns.Drop(frame, DropReason.NetfilterDrop);
            return NfVerdict.Drop;
        }

        public void OnAddressRemoved(NetDevice device, Ipv4Address address)
        {
        }
    }

    private sealed record Transfer(TcpTestbed Bed, byte[] Sent, MemoryStream Received, TcpSocket Client);

    /// <summary>The client writes <paramref name="size"/> random bytes as fast as the send buffer takes them, then
    /// shuts down; the server reads and closes at EOF.</summary>
    private static Transfer Start(int seed, int size, Func<int, bool>? drop = null)
    {
        var bed = new TcpTestbed(seed);
        if (drop is not null)
        {
            bed.Client.Filter = new LossyOutput(bed.Client, drop);
        }
        byte[] data = new byte[size];
        new Random(seed).NextBytes(data);
        var received = new MemoryStream();
        Assert.True(bed.ServerTcp.TryListen(default, 80, out TcpListener listener));
        listener.Accepted += s =>
        {
            s.DataReceived += d => received.Write(d);
            s.RemoteClosed += s.Close;
        };
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 80, default, 5003);
        int offset = 0;
        void Pump()
        {
            while (offset < data.Length)
            {
                int n = client.Send(data.AsSpan(offset));
                if (n == 0)
                {
                    return;
                }
                offset += n;
            }
            if (offset == data.Length)
            {
                offset++;
                client.Shutdown();
            }
        }
        client.Connected += Pump;
        client.Writable += Pump;
        client.RemoteClosed += client.Close;
        return new Transfer(bed, data, received, client);
    }

    [Fact]
    public void HundredKilobytes_ArriveIntactAndInOrder()
    {
        Transfer t = Start(1, Size);
        t.Bed.Run(5);

        Assert.Equal(t.Sent, t.Received.ToArray());
        CapturedFrame[] data = t.Bed.TcpFrames.Where(f => f.Payload.Length > 0).ToArray();
        Assert.All(data, f => Assert.True(f.Payload.Length <= 1448));
        Assert.Equal(Size, data.Sum(f => f.Payload.Length)); // nothing retransmitted
        Assert.True(data[^1].Has(TcpSegment.Psh));
        Assert.All(t.Bed.TcpFrames, f => Assert.True(f.ChecksumValid));
        uint[] seqs = data.Select(f => f.Seq).ToArray();
        for (int i = 1; i < seqs.Length; i++)
        {
            Assert.Equal(seqs[i - 1] + (uint)data[i - 1].Payload.Length, seqs[i]);
        }
        Assert.Equal(TcpState.TimeWait, t.Client.State);
        t.Bed.Run(61);
        Assert.Equal(0, t.Bed.World.Pool.InUse);
        Assert.Equal(0, t.Bed.World.Events.Count);
        t.Bed.Finish();
    }

    [Fact]
    public void LostSegments_AreRetransmitted_AndDataStaysInOrder()
    {
        Transfer t = Start(2, Size, n => n % 11 == 3 || n == 40 || n == 41 || n == 42);
        t.Bed.Run(30);

        Assert.True(((LossyOutput)t.Bed.Client.Filter!).Dropped > 5);
        Assert.Equal(t.Sent, t.Received.ToArray());
        Assert.Equal(TcpState.TimeWait, t.Client.State);
        t.Bed.Run(61);
        Assert.Equal(0, t.Bed.World.Pool.InUse);
        Assert.Equal(0, t.Bed.World.Events.Count);
        t.Bed.Finish();
    }

    [Fact]
    public void LostFin_IsRetransmittedAfterRto()
    {
        Transfer t = Start(3, 10);
        t.Bed.Client.Filter = new FinDropper(t.Bed.Client);
        t.Bed.Run(5);
        CapturedFrame[] fins = t.Bed.TcpFrames.Where(f => f.Has(TcpSegment.Fin) && f.Source == TcpTestbed.ClientAddress).ToArray();
        Assert.Single(fins); // the first one never reached the capture
        Assert.InRange(fins[0].TimeNs, 200_000_000, 300_000_000);
        Assert.Equal(10, t.Received.Length);
        t.Bed.Finish();
    }

    private sealed class FinDropper(NetNamespace ns) : IPacketFilter
    {
        private bool _done;

        public NfVerdict Hook(NfHook hook, Frame frame, NetDevice? input, NetDevice? output)
        {
            var ip = Ipv4Packet.CreateUnchecked(frame.Network);
            if (_done || hook != NfHook.PostRouting || ip.Protocol != IpProtocol.Tcp || !TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp)
                || !tcp.Has(TcpSegment.Fin))
            {
                return NfVerdict.Accept;
            }
            _done = true;
            ns.Drop(frame, DropReason.NetfilterDrop);
            return NfVerdict.Drop;
        }

        public void OnAddressRemoved(NetDevice device, Ipv4Address address)
        {
        }
    }

    [Fact]
    public void SameSeed_SameFrames_OtherSeed_OtherIsns()
    {
        static List<(long, string)> Run(int seed)
        {
            Transfer t = Start(seed, 20_000, n => n % 5 == 2);
            t.Bed.Run(70);
            Assert.Equal(t.Sent, t.Received.ToArray());
            t.Bed.Finish();
            return t.Bed.Captured.Select(f => (f.TimeNs, Convert.ToHexString(f.Bytes))).ToList();
        }

        List<(long, string)> first = Run(5);
        Assert.Equal(first, Run(5));
        Assert.NotEqual(first, Run(6));
    }

    [Fact]
    public void QuickAcks_ThenDelayedAcks()
    {
        var bed = new TcpTestbed();
        Assert.True(bed.ServerTcp.TryListen(default, 80, out _));
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 80, default, 5003);
        bed.Run(0.001);
        for (int i = 0; i < 20; i++)
        {
            bed.World.Schedule(i * 100_000_000L, () => client.Send("x"u8));
        }
        bed.Run(3);

        CapturedFrame[] frames = bed.TcpFrames.Skip(3).ToArray();
        var delays = new List<long>();
        for (int i = 0; i < frames.Length; i++)
        {
            if (frames[i].Payload.Length == 1)
            {
                CapturedFrame ack = frames.Skip(i + 1).First(f => f.Source == TcpTestbed.ServerAddress);
                delays.Add((ack.TimeNs - frames[i].TimeNs) / 1_000_000);
            }
        }
        Assert.Equal(Enumerable.Repeat(0L, 16).Concat(Enumerable.Repeat(40L, 4)), delays);
        bed.Finish();
    }

    [Fact]
    public void Echo_RoundTrips()
    {
        var bed = new TcpTestbed();
        Assert.True(bed.ServerTcp.TryListen(default, 7, out TcpListener listener));
        listener.Accepted += s => s.DataReceived += d => s.Send(d); // echo
        var echoed = new MemoryStream();
        TcpSocket client = bed.ClientTcp.Connect(TcpTestbed.ServerAddress, 7, default, 5003);
        client.DataReceived += d => echoed.Write(d);
        client.Connected += () => client.Send("ping"u8);
        bed.Run(1);
        Assert.Equal("ping"u8.ToArray(), echoed.ToArray());
        Assert.Equal(0, bed.World.Pool.InUse);
        bed.Finish();
    }
}
