namespace VNetEmu.Capture;

/// <summary>Magic numbers, block types and option codes of pcap (draft-ietf-opsawg-pcap) and pcapng
/// (draft-ietf-opsawg-pcapng), shared by the writers and the reader.</summary>
internal static class CaptureFormat
{
    public const uint PcapMicroseconds = 0xA1B2C3D4;
    public const uint PcapNanoseconds = 0xA1B23C4D;
    public const int PcapHeaderLength = 24;
    public const int PcapRecordHeaderLength = 16;

    public const uint SectionHeaderBlock = 0x0A0D0D0A;
    public const uint InterfaceDescriptionBlock = 1;
    public const uint PacketBlock = 2;
    public const uint SimplePacketBlock = 3;
    public const uint EnhancedPacketBlock = 6;
    public const uint ByteOrderMagic = 0x1A2B3C4D;

    public const ushort OptEndOfOpt = 0;
    public const ushort OptComment = 1;
    public const ushort ShbUserAppl = 4;
    public const ushort IfName = 2;
    public const ushort IfTsResol = 9;
    public const ushort IfTsOffset = 14;

    /// <summary>Block and record lengths above this are taken as corrupt (Wireshark's limit for any block).</summary>
    public const int MaxBlockLength = 256 * 1024 * 1024;

    public static int Pad4(int length) => (length + 3) & ~3;
}
