using BenchmarkDotNet.Attributes;
using PacketDotNet;
using VNetEmu.Wire;

namespace VNetEmu.Benchmarks.Wire;

/// <summary>Reading the Ethernet, IPv4 and ICMP fields of a 98-byte echo request: the Wire views against
/// PacketDotNet's <see cref="Packet.ParsePacket"/> (the baseline).</summary>
[MemoryDiagnoser, BenchmarkCategory("Wire")]
public class ParseBenchmarks
{
    /// <summary>10.1.0.1 &gt; 10.1.0.2 echo request, id 0x18e2 seq 1, as the kernel sent it (conformance case 01-veth-ping).</summary>
    private readonly byte[] _frame =
    [
        0x02, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x08, 0x00, 0x45, 0x00,
        0x00, 0x54, 0x46, 0x1d, 0x40, 0x00, 0x40, 0x01, 0xe0, 0x87, 0x0a, 0x01, 0x00, 0x01, 0x0a, 0x01,
        0x00, 0x02, 0x08, 0x00, 0x7c, 0x53, 0x18, 0xe2, 0x00, 0x01, 0x31, 0x8a, 0x03, 0x6b, 0x00, 0x00,
        0x00, 0x00, 0x6c, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
        0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
        0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
        0x36, 0x37,
    ];

    [Benchmark(Baseline = true)]
    public long EchoFrame_PacketDotNet()
    {
        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, _frame);
        var ip = (IPv4Packet)ethernet.PayloadPacket;
        var icmp = (IcmpV4Packet)ip.PayloadPacket;
        return ethernet.DestinationHardwareAddress.GetHashCode() ^ ethernet.SourceHardwareAddress.GetHashCode() ^ (int)ethernet.Type
            ^ ip.SourceAddress.GetHashCode() ^ ip.DestinationAddress.GetHashCode() ^ ip.TimeToLive ^ (int)ip.Protocol ^ ip.TotalLength
            ^ (ushort)icmp.TypeCode ^ icmp.Id ^ icmp.Sequence;
    }

    [Benchmark]
    public long EchoFrame_WireViews()
    {
        if (!EthernetFrame.TryCreate(_frame, out EthernetFrame ethernet) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Packet.TryCreate(ethernet.Payload, out Ipv4Packet ip) || ip.Protocol != IpProtocol.Icmp
            || !IcmpPacket.TryCreate(ip.Payload, out IcmpPacket icmp))
        {
            return -1;
        }
        return (long)(ethernet.Destination.Value ^ ethernet.Source.Value) ^ ethernet.EtherType
            ^ ip.Source.Value ^ ip.Destination.Value ^ ip.Ttl ^ ip.Protocol ^ ip.TotalLength
            ^ icmp.Type << 8 ^ icmp.Code ^ icmp.Identifier ^ icmp.Sequence;
    }
}
