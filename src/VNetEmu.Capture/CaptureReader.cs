using System.Buffers.Binary;
using System.Collections.ObjectModel;

namespace VNetEmu.Capture;

/// <summary>Reads pcap (little- or big-endian, microsecond or nanosecond) and pcapng captures, told apart by their
/// magic number, one frame at a time into a reused buffer. Truncated or corrupt input throws
/// <see cref="CaptureFormatException"/> naming the byte offset, never anything else, and never loops without reading.</summary>
/// <remarks>pcap: draft-ietf-opsawg-pcap. pcapng: draft-ietf-opsawg-pcapng; that part lives in CaptureReader.Pcapng.cs.</remarks>
public sealed partial class CaptureReader : IDisposable
{
    private const int ReadChunk = 64 * 1024;

    /// <summary>Room before every block or record (at least <see cref="EthernetConversion.Headroom"/>) so that a
    /// synthesized Ethernet header fits in front of any data.</summary>
    private const int Headroom = 16;
    private readonly Stream _stream;
    private readonly string _displayName;
    private readonly bool _leaveOpen;
    private readonly bool _isPcapng;
    private readonly List<CaptureInterface> _interfaces = [];
    private byte[] _buffer = new byte[ReadChunk];
    private long _offset;
    private bool _bigEndian;
    private long _pcapFractionNs;
    private bool _disposed;

    /// <summary>Opens the file at <paramref name="path"/>; its path names it in error messages.</summary>
    public static CaptureReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadChunk, FileOptions.SequentialScan);
        return new CaptureReader(stream, path);
    }

    /// <summary>Reads the file header (pcap) or the first Section Header Block (pcapng) at once.</summary>
    /// <param name="displayName">Names the input in error messages.</param>
    public CaptureReader(Stream stream, string displayName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        _stream = stream;
        _displayName = displayName;
        _leaveOpen = leaveOpen;
        Interfaces = new ReadOnlyCollection<CaptureInterface>(_interfaces);
        try
        {
            int got = Fill(Headroom, 4);
            if (got < 4)
            {
                throw Truncated(0, "file header", 4, got, isPacket: false);
            }
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(Headroom));
            if (magic == CaptureFormat.SectionHeaderBlock)
            {
                _isPcapng = true;
                ReadSectionHeader(0, 4);
            }
            else
            {
                ReadPcapHeader(magic);
            }
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }
            throw;
        }
    }

    /// <summary>The interfaces described so far: pcap has one; pcapng grows as Interface Description Blocks are
    /// read, numbered across sections in file order (<see cref="CapturedFrame.InterfaceId"/> indexes this list).</summary>
    public IReadOnlyList<CaptureInterface> Interfaces { get; }

    /// <summary>1-based number of the last frame returned; 0 before the first.</summary>
    public long PacketNumber { get; private set; }

    /// <summary>When true (the default), frames of Linux cooked (SLL, SLL2), raw IP (101, 228, 229) and BSD loopback
    /// (0) interfaces are returned as Ethernet II frames with a synthesized header (destination 00:00:00:00:00:00,
    /// source the SLL address when it is 6 bytes long, EtherType from the protocol field or IP version);
    /// <see cref="CaptureInterface.LinkType"/> still reports the link type in the file. Frames of other link
    /// types are returned unchanged. May be changed between reads.</summary>
    public bool ConvertToEthernet { get; set; } = true;

    /// <summary>Reads the next packet, skipping blocks that hold none.</summary>
    /// <returns>False at a clean end of file (between records or blocks).</returns>
    /// <exception cref="CaptureFormatException">The input is truncated or corrupt.</exception>
    public bool TryReadNext(out CapturedFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _isPcapng ? TryReadPcapng(out frame) : TryReadPcap(out frame);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void ReadPcapHeader(uint magic)
    {
        switch (magic)
        {
            case CaptureFormat.PcapMicroseconds:
            case CaptureFormat.PcapNanoseconds:
                break;
            case var m when BinaryPrimitives.ReverseEndianness(m) is CaptureFormat.PcapMicroseconds or CaptureFormat.PcapNanoseconds:
                _bigEndian = true;
                magic = BinaryPrimitives.ReverseEndianness(m);
                break;
            default:
                throw Fail(0, "unknown file format", $"magic number 0x{magic:x8} is neither pcap nor pcapng", isPacket: false);
        }
        _pcapFractionNs = magic == CaptureFormat.PcapNanoseconds ? 1 : 1000;
        int got = Fill(Headroom + 4, CaptureFormat.PcapHeaderLength - 4);
        if (got < CaptureFormat.PcapHeaderLength - 4)
        {
            throw Truncated(0, "pcap file header", CaptureFormat.PcapHeaderLength, 4 + got, isPacket: false);
        }
        ushort major = U16(Headroom + 4), minor = U16(Headroom + 6);
        if (major != 2 || minor > 4)
        {
            // libpcap's sf-pcap.c reads 2.0 to 2.4 only ("unsupported pcap savefile version").
            throw Fail(0, "unsupported pcap file header", $"version {major}.{minor}, expected 2.0 to 2.4", isPacket: false);
        }
        // The link type field's top 6 bits hold FCS information (draft-ietf-opsawg-pcap §4), unused here; the 10
        // bits below them are reserved and must be zero (libpcap's LT_RESERVED1 check).
        uint linkField = U32(Headroom + 20);
        if ((linkField & 0x03FF0000) != 0)
        {
            throw Fail(20, "corrupt pcap file header",
                $"link type field 0x{linkField:x8} has reserved bits set (0x{linkField & 0x03FF0000:x8})", isPacket: false);
        }
        _interfaces.Add(new CaptureInterface(0, null, U16Of32(Headroom + 20), ClampToInt(U32(Headroom + 16))));
    }

    private bool TryReadPcap(out CapturedFrame frame)
    {
        const int header = CaptureFormat.PcapRecordHeaderLength;
        long start = _offset;
        int got = Fill(Headroom, header);
        if (got == 0)
        {
            frame = default;
            return false;
        }
        if (got < header)
        {
            throw Truncated(start, "packet record", header, got, isPacket: true);
        }
        uint seconds = U32(Headroom), fraction = U32(Headroom + 4), captured = U32(Headroom + 8), original = U32(Headroom + 12);
        if (captured > CaptureFormat.MaxBlockLength)
        {
            throw Fail(start, "corrupt packet record",
                $"captured length {captured} is over the limit of {CaptureFormat.MaxBlockLength} bytes", isPacket: true);
        }
        uint fractionsPerSecond = _pcapFractionNs == 1 ? 1_000_000_000u : 1_000_000u;
        if (fraction >= fractionsPerSecond)
        {
            throw Fail(start, "corrupt packet record",
                $"timestamp fraction {fraction} is not below one second ({fractionsPerSecond} {(_pcapFractionNs == 1 ? "ns" : "µs")})", isPacket: true);
        }
        got = Fill(Headroom + header, (int)captured);
        if (got < captured)
        {
            throw Truncated(start, "packet record", header + captured, header + got, isPacket: true);
        }
        long timestampNs = seconds * 1_000_000_000L + fraction * _pcapFractionNs; // both factors < 2^32: no overflow
        frame = MakeFrame(0, timestampNs, Headroom + header, (int)captured, original, null);
        return true;
    }

    private CapturedFrame MakeFrame(int interfaceId, long timestampNs, int start, int length, uint original, string? comment)
    {
        int originalLength = ClampToInt(original);
        if (ConvertToEthernet)
        {
            EthernetConversion.Convert(_interfaces[interfaceId].LinkType, _buffer, ref start, ref length, ref originalLength);
        }
        PacketNumber++;
        return new CapturedFrame(interfaceId, timestampNs, new ReadOnlyMemory<byte>(_buffer, start, length), originalLength, comment);
    }

    /// <summary>Reads up to <paramref name="count"/> bytes into the buffer at <paramref name="at"/>, growing the buffer
    /// only as bytes arrive (a corrupt length costs no more memory than the file has).</summary>
    /// <returns>The bytes read: fewer than <paramref name="count"/> only at the end of the stream.</returns>
    private int Fill(int at, int count)
    {
        int done = 0;
        while (done < count)
        {
            int chunk = Math.Min(count - done, ReadChunk);
            if (at + done + chunk > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(at + done + chunk, 2 * _buffer.Length));
            }
            int read = _stream.ReadAtLeast(_buffer.AsSpan(at + done, chunk), chunk, throwOnEndOfStream: false);
            done += read;
            if (read < chunk)
            {
                break;
            }
        }
        _offset += done;
        return done;
    }

    private ushort U16(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(at));

    private uint U32(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(at));

    private long I64(int at) => _bigEndian
        ? BinaryPrimitives.ReadInt64BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(at));

    /// <summary>The low 16 bits of a 32-bit field.</summary>
    private ushort U16Of32(int at) => (ushort)U32(at);

    private static int ClampToInt(uint value) => (int)Math.Min(value, int.MaxValue);

    private CaptureFormatException Truncated(long offset, string what, long expected, long left, bool isPacket) =>
        Fail(offset, "truncated " + what, $"expected {expected} bytes, {left} left", isPacket);

    /// <summary>"&lt;file&gt;: &lt;what&gt; at byte offset N (packet K): &lt;detail&gt;", one line.</summary>
    private CaptureFormatException Fail(long offset, string what, string detail, bool isPacket)
    {
        string where = isPacket ? $" (packet {PacketNumber + 1})" : PacketNumber > 0 ? $" (after packet {PacketNumber})" : "";
        return new CaptureFormatException($"{_displayName}: {what} at byte offset {offset}{where}: {detail}", offset);
    }
}
