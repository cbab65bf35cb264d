using CsCheck;

namespace VNetEmu.Capture.Tests;

/// <summary>Garbage in: the reader either reads frames or throws <see cref="CaptureFormatException"/>, and ends.</summary>
public class CaptureFuzzTests
{
    private static readonly byte[][] s_seeds =
    [
        Pcapng(), Pcap(), BigEndianPcapng(),
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "veth-ping.vc-a.veth0.pcap")),
    ];

    [Fact]
    public void MutatedFile_ReadsOrThrowsCaptureFormatException()
    {
        Gen<(int Seed, (int Position, byte Value)[] Mutations, int Cut)> gen = Gen.Select(
            Gen.Int[0, s_seeds.Length - 1],
            Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 8],
            Gen.Int[0, 4]);
        gen.Sample((seed, mutations, cut) =>
        {
            byte[] file = [.. s_seeds[seed]];
            foreach (var (position, value) in mutations)
            {
                file[position % file.Length] = value;
            }
            // Sometimes also cut the file at a mutated position.
            if (cut == 0)
            {
                file = file[..(mutations[0].Position % file.Length)];
            }
            ReadOrThrowFormat(file);
        }, iter: 20_000);
    }

    [Fact]
    public void RandomBytesAfterMagic_ReadOrThrowCaptureFormatException()
    {
        Gen.Select(Gen.Int[0, s_seeds.Length - 1], Gen.Byte.Array[0, 200]).Sample((seed, tail) =>
        {
            ReadOrThrowFormat([.. s_seeds[seed].AsSpan(0, 4), .. tail]);
        }, iter: 5_000);
    }

    [Fact]
    public void EveryTruncation_ReadsOrThrowsCaptureFormatException()
    {
        foreach (byte[] seed in s_seeds)
        {
            for (int length = 0; length < seed.Length; length++)
            {
                ReadOrThrowFormat(seed[..length]);
            }
        }
    }

    private static void ReadOrThrowFormat(byte[] file)
    {
        try
        {
            using var reader = new CaptureReader(new MemoryStream(file), "fuzz");
            int frames = 0;
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                Assert.True(++frames <= file.Length / 12, "more frames than the file can hold");
                Assert.InRange(frame.InterfaceId, 0, reader.Interfaces.Count - 1);
                Assert.True(frame.OriginalLength >= 0);
            }
        }
        catch (CaptureFormatException error)
        {
            Assert.DoesNotContain('\n', error.Message);
            Assert.StartsWith("fuzz: ", error.Message);
            Assert.InRange(error.Offset, 0, file.Length);
        }
    }

    private static byte[] Pcapng()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.AddInterface("eth0");
            writer.AddInterface("any", LinkTypes.LinuxSll);
            writer.AddInterface("tun0", LinkTypes.Raw, 100);
            writer.WritePacket(0, 1, Frames.EthernetIpv4Udp, "first");
            writer.WritePacket(1, 2, [0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0, .. Frames.Ipv4Udp]);
            writer.WritePacket(2, 3, Frames.Ipv4Udp, "raw");
        }
        return stream.ToArray();
    }

    private static byte[] Pcap()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkTypes.LinuxSll2, leaveOpen: true))
        {
            writer.WritePacket(1, [8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, .. Frames.Ipv4Udp]);
            writer.WritePacket(2, Frames.Ipv4Udp);
        }
        return stream.ToArray();
    }

    private static byte[] BigEndianPcapng()
    {
        var bytes = new CaptureBytes(bigEndian: true);
        bytes.SectionHeader()
            .InterfaceDescription(LinkTypes.Ethernet, 64, o => o.Option(2, "eth0"u8).Option(9, [0x80 | 20])
                .Option(14, new CaptureBytes(true).I64(5).ToArray()))
            .EnhancedPacket(0, 12345, Frames.EthernetIpv4Udp, "c")
            .Block(3, b => b.U32(42).Bytes(Frames.EthernetIpv4Udp))
            .Block(2, b => b.U16(0).U16(0).U32(0).U32(1).U32(2).U32(2).Bytes([1, 2]).Pad4())
            .Block(5, b => b.U32(0).U32(0).U32(0));
        return bytes.ToArray();
    }
}
