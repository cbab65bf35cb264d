using System.Buffers.Binary;
using System.Text;

namespace VNetEmu.Scenarios.Tests.Conformance;

/// <summary>Just enough pcap and pcapng for the conformance tests to write inputs and edit the kernel's captures,
/// independent of the Capture project under test.</summary>
internal static class TestCaptures
{
    public sealed record Frame(byte[] Data, int OriginalLength);

    /// <summary>Frames of a little-endian classic pcap file (what tcpdump writes).</summary>
    public static List<Frame> ReadPcap(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (BinaryPrimitives.ReadUInt32LittleEndian(file) is not (0xA1B2C3D4 or 0xA1B23C4D))
        {
            throw new InvalidDataException($"{path}: not a little-endian pcap file");
        }
        var frames = new List<Frame>();
        for (int at = 24; at + 16 <= file.Length;)
        {
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            int original = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12));
            frames.Add(new Frame(file.AsSpan(at + 16, captured).ToArray(), original));
            at += 16 + captured;
        }
        return frames;
    }

    public static void WritePcap(string path, IEnumerable<Frame> frames, uint linkType = 1)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], linkType);
        stream.Write(header);
        uint second = 1_700_000_000;
        Span<byte> record = stackalloc byte[16];
        foreach (Frame frame in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, second++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.OriginalLength);
            stream.Write(record);
            stream.Write(frame.Data);
        }
    }

    /// <summary>A pcapng file with one Ethernet interface per name (if_name option) and the frames in order.</summary>
    public static void WritePcapng(string path, IReadOnlyList<string?> interfaceNames, IEnumerable<(int Interface, Frame Frame)> frames)
    {
        using var stream = File.Create(path);
        WriteBlock(stream, 0x0A0D0D0A, body =>
        {
            body.AddRange(BitConverter.GetBytes(0x1A2B3C4D));
            body.AddRange(BitConverter.GetBytes((ushort)1));
            body.AddRange(BitConverter.GetBytes((ushort)0));
            body.AddRange(BitConverter.GetBytes(-1L));
        });
        foreach (string? name in interfaceNames)
        {
            WriteBlock(stream, 1, body =>
            {
                body.AddRange(BitConverter.GetBytes((ushort)1));
                body.AddRange(BitConverter.GetBytes((ushort)0));
                body.AddRange(BitConverter.GetBytes(262144));
                if (name is not null)
                {
                    byte[] text = Encoding.UTF8.GetBytes(name);
                    body.AddRange(BitConverter.GetBytes((ushort)2));
                    body.AddRange(BitConverter.GetBytes((ushort)text.Length));
                    body.AddRange(text);
                    Pad(body);
                    body.AddRange(new byte[4]); // opt_endofopt
                }
            });
        }
        long microseconds = 1_700_000_000_000_000;
        foreach ((int id, Frame frame) in frames)
        {
            long time = microseconds++;
            WriteBlock(stream, 6, body =>
            {
                body.AddRange(BitConverter.GetBytes(id));
                body.AddRange(BitConverter.GetBytes((uint)(time >> 32)));
                body.AddRange(BitConverter.GetBytes((uint)time));
                body.AddRange(BitConverter.GetBytes(frame.Data.Length));
                body.AddRange(BitConverter.GetBytes(frame.OriginalLength));
                body.AddRange(frame.Data);
                Pad(body);
            });
        }
    }

    private static void Pad(List<byte> body)
    {
        while (body.Count % 4 != 0)
        {
            body.Add(0);
        }
    }

    private static void WriteBlock(Stream stream, uint type, Action<List<byte>> fill)
    {
        var body = new List<byte>();
        fill(body);
        uint length = (uint)(12 + body.Count);
        stream.Write(BitConverter.GetBytes(type));
        stream.Write(BitConverter.GetBytes(length));
        stream.Write(body.ToArray());
        stream.Write(BitConverter.GetBytes(length));
    }
}
