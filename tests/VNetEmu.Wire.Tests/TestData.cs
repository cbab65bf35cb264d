using System.Buffers.Binary;

namespace VNetEmu.Wire.Tests;

/// <summary>Frames of the kernel captures in Data/ (classic pcap as tcpdump writes it, copied from the
/// conformance cases 01-veth-ping, 12-conntrack-states and 16-mtu-fragmentation).</summary>
internal static class TestData
{
    public static readonly string[] Captures = ["ping.pcap", "conntrack.pcap", "fragmentation.pcap"];

    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const uint LinkTypeEthernet = 1;
    private static readonly Dictionary<string, byte[][]> s_cache = [];

    /// <summary>Every frame of a capture, as a fresh copy the caller may change.</summary>
    public static byte[][] Frames(string capture)
    {
        byte[][]? frames;
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(capture, out frames))
            {
                frames = ReadPcap(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", capture)));
                s_cache.Add(capture, frames);
            }
        }
        return [.. frames.Select(f => f.ToArray())];
    }

    public static byte[] Frame(string capture, int index) => Frames(capture)[index];

    /// <summary>One row per frame of every capture: (capture, index).</summary>
    public static TheoryData<string, int> AllFrames()
    {
        var data = new TheoryData<string, int>();
        foreach (string capture in Captures)
        {
            for (int i = 0; i < Frames(capture).Length; i++)
            {
                data.Add(capture, i);
            }
        }
        return data;
    }

    /// <summary>Reads a classic pcap file (either byte order, micro- or nanosecond stamps) of Ethernet frames.</summary>
    public static byte[][] ReadPcap(ReadOnlySpan<byte> file)
    {
        bool littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(file) is MagicMicroseconds or MagicNanoseconds;
        uint magic = littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(file) : BinaryPrimitives.ReadUInt32BigEndian(file);
        if (magic is not (MagicMicroseconds or MagicNanoseconds))
        {
            throw new InvalidDataException($"not a classic pcap file (magic 0x{magic:x8})");
        }
        uint linkType = Read32(file[20..], littleEndian);
        if (linkType != LinkTypeEthernet)
        {
            throw new InvalidDataException($"link type {linkType}, expected Ethernet (1)");
        }
        var frames = new List<byte[]>();
        int offset = 24;
        while (offset < file.Length)
        {
            ReadOnlySpan<byte> record = file[offset..];
            int captured = checked((int)Read32(record[8..], littleEndian));
            frames.Add(record.Slice(16, captured).ToArray());
            offset += 16 + captured;
        }
        return [.. frames];
    }

    private static uint Read32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
