using System.Buffers.Binary;
using CsCheck;

namespace VNetEmu.Wire.Tests;

/// <summary>TryCreate of every view on random bytes of any length: it never throws, and when it says true no
/// accessor throws either (the promise each view's TryCreate makes). Half the inputs are shaped so that
/// TryCreate often says true: plausible version, lengths and types, with random bytes everywhere else.</summary>
public class RandomBytesTests
{
    private const int Iterations = 20_000;

    private static readonly Gen<byte[]> s_bytes = Gen.Frequency(
        (2, Gen.Byte.Array[0, 64]), (1, Gen.Byte.Array[0, 1600]));

    /// <summary>Raw bytes, or bytes with <paramref name="shape"/> applied (given random numbers to shape with).</summary>
    private static Gen<byte[]> Shaped(Action<byte[], uint, uint> shape) =>
        Gen.Select(s_bytes, Gen.Bool, Gen.UInt, Gen.UInt, (bytes, raw, a, b) =>
        {
            if (!raw)
            {
                shape(bytes, a, b);
            }
            return bytes;
        });

    private static void Run(Gen<byte[]> gen, Func<byte[], bool> tryCreateAndTouch)
    {
        int accepted = 0;
        gen.Sample(bytes =>
        {
            if (tryCreateAndTouch(bytes))
            {
                Interlocked.Increment(ref accepted);
            }
        }, iter: Iterations);
        Assert.True(accepted > Iterations / 20, $"only {accepted} of {Iterations} inputs were accepted: the shaping no longer works");
    }

    [Fact]
    public void EthernetFrame_RandomBytes_NeverThrows() => Run(
        Shaped((b, a, _) =>
        {
            if (b.Length >= 14 && (a & 1) == 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(12), EtherType.Vlan);
            }
        }),
        bytes =>
        {
            if (!EthernetFrame.TryCreate(bytes, out EthernetFrame frame))
            {
                return false;
            }
            _ = (frame.Destination, frame.Source, frame.HasVlanTag, frame.VlanId, frame.EtherType, frame.PayloadOffset,
                frame.Payload.Length, frame.Bytes.Length);
            frame.EtherType = frame.EtherType;
            frame.Destination = frame.Source;
            return true;
        });

    [Fact]
    public void ArpPacket_RandomBytes_NeverThrows() => Run(
        Shaped((b, a, _) =>
        {
            if (b.Length >= 6)
            {
                // Ethernet/IPv4 ARP most of the time; one of the four fixed fields wrong otherwise.
                ReadOnlySpan<byte> head = [0x00, 0x01, 0x08, 0x00, 0x06, 0x04];
                head.CopyTo(b);
                if ((a & 3) == 0)
                {
                    b[(a >> 2) % 6] ^= (byte)(1 + (a >> 8) % 255);
                }
            }
        }),
        bytes =>
        {
            if (!ArpPacket.TryCreate(bytes, out ArpPacket arp))
            {
                return false;
            }
            _ = (arp.Operation, arp.SenderHardware, arp.SenderProtocol, arp.TargetHardware, arp.TargetProtocol);
            arp.Operation = ArpPacket.OpReply;
            arp.TargetHardware = arp.SenderHardware;
            arp.TargetProtocol = arp.SenderProtocol;
            return true;
        });

    [Fact]
    public void Ipv4Packet_RandomBytes_NeverThrows() => Run(
        Shaped((b, a, c) =>
        {
            if (b.Length >= 4)
            {
                b[0] = (byte)((a & 7) == 0 ? a >> 8 : 0x40 | ((a >> 8) & 0x0F)); // sometimes not version 4
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)(c % (b.Length + 8))); // sometimes past the end
            }
        }),
        bytes =>
        {
            if (!Ipv4Packet.TryCreate(bytes, out Ipv4Packet ip))
            {
                return false;
            }
            _ = (ip.Version, ip.HeaderLength, ip.Tos, ip.TotalLength, ip.Identification, ip.FlagsAndOffset, ip.DontFragment,
                ip.MoreFragments, ip.FragmentOffset, ip.IsFragment, ip.Ttl, ip.Protocol, ip.Checksum, ip.Source,
                ip.Destination, ip.Options.Length, ip.Header.Length, ip.Payload.Length, ip.Bytes.Length, ip.IsChecksumValid);
            ip.DecrementTtl();
            ip.SetSourcePatched(ip.Destination);
            ip.SetDestinationPatched(ip.Source);
            ip.FillChecksum();
            Assert.True(ip.IsChecksumValid);
            return true;
        });

    [Fact]
    public void IcmpPacket_RandomBytes_NeverThrows() => Run(
        s_bytes,
        bytes =>
        {
            if (!IcmpPacket.TryCreate(bytes, out IcmpPacket icmp))
            {
                return false;
            }
            _ = (icmp.Type, icmp.Code, icmp.Checksum, icmp.Identifier, icmp.Sequence, icmp.NextHopMtu, icmp.IsError,
                icmp.Payload.Length, icmp.Bytes.Length, icmp.IsChecksumValid);
            icmp.FillChecksum();
            Assert.True(icmp.IsChecksumValid);
            return true;
        });

    [Fact]
    public void UdpDatagram_RandomBytes_NeverThrows() => Run(
        Shaped((b, a, _) =>
        {
            if (b.Length >= 6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), (ushort)(a % (b.Length + 8)));
            }
        }),
        bytes =>
        {
            if (!UdpDatagram.TryCreate(bytes, out UdpDatagram udp))
            {
                return false;
            }
            var source = new Ipv4Address(0x0A00_0001);
            var destination = new Ipv4Address(0x0A00_0002);
            _ = (udp.SourcePort, udp.DestinationPort, udp.Length, udp.Checksum, udp.Payload.Length,
                udp.IsChecksumValid(source, destination));
            udp.FillChecksum(source, destination);
            Assert.True(udp.IsChecksumValid(source, destination));
            return true;
        });

    [Fact]
    public void TcpSegment_RandomBytes_NeverThrows() => Run(
        Shaped((b, a, _) =>
        {
            if (b.Length >= 13)
            {
                b[12] = (byte)((a % 16) << 4 | (uint)(b[12] & 0x0F));
            }
        }),
        bytes =>
        {
            if (!TcpSegment.TryCreate(bytes, out TcpSegment tcp))
            {
                return false;
            }
            var source = new Ipv4Address(0x0A00_0001);
            var destination = new Ipv4Address(0x0A00_0002);
            _ = (tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.AcknowledgmentNumber, tcp.HeaderLength,
                tcp.Flags, tcp.Has(TcpSegment.Syn), tcp.Window, tcp.Checksum, tcp.UrgentPointer, tcp.Options.Length,
                tcp.Payload.Length, tcp.Bytes.Length, tcp.IsChecksumValid(source, destination));
            tcp.FillChecksum(source, destination);
            Assert.True(tcp.IsChecksumValid(source, destination));
            return true;
        });

    /// <summary>The views stacked as a stage would stack them, each over the previous one's payload.</summary>
    [Fact]
    public void StackedViews_RandomFrames_NeverThrow() => Run(
        WireGen.Frame.Select(Gen.Int[0, 200], Gen.UInt, (frame, cut, at) =>
        {
            // Damage a generated frame: truncate it and flip one byte.
            byte[] damaged = frame[..Math.Max(0, frame.Length - cut)];
            if (damaged.Length > 0)
            {
                damaged[at % damaged.Length] ^= (byte)(1 + (at >> 16) % 255);
            }
            return damaged;
        }),
        bytes =>
        {
            if (!EthernetFrame.TryCreate(bytes, out EthernetFrame frame))
            {
                return false;
            }
            if (frame.EtherType == EtherType.Arp && ArpPacket.TryCreate(frame.Payload, out ArpPacket arp))
            {
                _ = arp.TargetProtocol;
            }
            if (frame.EtherType != EtherType.Ipv4 || !Ipv4Packet.TryCreate(frame.Payload, out Ipv4Packet ip))
            {
                return true;
            }
            if (IcmpPacket.TryCreate(ip.Payload, out IcmpPacket icmp) && icmp.IsError
                && Ipv4Packet.TryCreate(icmp.Payload, out Ipv4Packet quoted))
            {
                _ = quoted.Payload.Length;
            }
            if (UdpDatagram.TryCreate(ip.Payload, out UdpDatagram udp))
            {
                _ = (udp.Payload.Length, udp.IsChecksumValid(ip.Source, ip.Destination));
            }
            if (TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp))
            {
                _ = (tcp.Payload.Length, tcp.IsChecksumValid(ip.Source, ip.Destination));
            }
            return true;
        });
}
