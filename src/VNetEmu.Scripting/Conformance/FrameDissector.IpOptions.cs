using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>IPv4 options as packet-ip.c reads them: the source route that replaces <c>ip.dst</c>, and the option
/// dissectors' fixed reads that throw on short options.</summary>
internal sealed partial class FrameDissector
{
    private const int Aborted = -1;

    /// <summary>packet-ip.c get_dst_offset: with a loose or strict source route whose pointer is still valid,
    /// tshark 4.0 shows the route's last address as <c>ip.dst</c>. Returns the extra offset, or <see cref="Aborted"/>.</summary>
    private static int SourceRouteDestination(Tvb tvb, int headerLength)
    {
        int offset = Ipv4Packet.MinHeaderLength, length = headerLength - Ipv4Packet.MinHeaderLength;
        while (length > 0)
        {
            if (!tvb.Has(offset, 1))
            {
                return Aborted;
            }
            byte option = tvb.U8(offset);
            length--;
            if (option is 0 or 1)
            {
                offset++;
                if (option == 0)
                {
                    return 0;
                }
                continue;
            }
            if (length == 0)
            {
                return 0;
            }
            if (!tvb.Has(offset + 1, 1))
            {
                return Aborted;
            }
            int optionLength = tvb.U8(offset + 1);
            length--;
            if (optionLength < 2 || optionLength - 2 > length)
            {
                return 0;
            }
            if (option is 0x83 or 0x89)
            {
                if (!tvb.Has(offset + 2, 1))
                {
                    return Aborted;
                }
                int pointer = tvb.U8(offset + 2);
                if (pointer < 4 || (pointer & 3) != 0 || pointer > optionLength)
                {
                    return 0;
                }
                return offset - Ipv4Packet.MinHeaderLength + optionLength;
            }
            offset += optionLength;
            length -= optionLength - 2;
        }
        return 0;
    }

    /// <summary>packet-ip.c dissect_ip_options: walks the options as get_dst_offset does; a source route option
    /// with a valid pointer adds its last address as <c>ip.dst</c> (the header's destination is then shown as the
    /// current route instead). False where a read runs past the captured bytes.</summary>
    private bool DissectOptions(Tvb tvb, int headerLength)
    {
        int offset = Ipv4Packet.MinHeaderLength, length = headerLength - Ipv4Packet.MinHeaderLength;
        while (length > 0)
        {
            if (!tvb.Has(offset, 1))
            {
                return false;
            }
            byte option = tvb.U8(offset);
            length--;
            if (option is 0 or 1)
            {
                offset++;
                if (option == 0)
                {
                    return true;
                }
                continue;
            }
            if (length == 0)
            {
                return true;
            }
            if (!tvb.Has(offset + 1, 1))
            {
                return false;
            }
            int optionLength = tvb.U8(offset + 1);
            length--;
            if (optionLength < 2 || optionLength - 2 > length)
            {
                return true;
            }
            if (!DissectOption(tvb, offset, option, optionLength))
            {
                return false;
            }
            offset += optionLength;
            length -= optionLength - 2;
        }
        return true;
    }

    /// <summary>One option, dissected in a buffer of its own length (reading past it throws). The option dissectors
    /// of tshark 4.0 read the fixed part their type defines, whatever the length byte says.</summary>
    private bool DissectOption(Tvb tvb, int offset, byte option, int length)
    {
        if (!tvb.Has(offset, length))
        {
            return false;
        }
        ReadOnlySpan<byte> bytes = tvb.Data.Slice(offset, length);
        switch (option)
        {
            case 0x83 or 0x89: // loose and strict source route
            case 0x07: // record route
                if (length < 3)
                {
                    return false;
                }
                int pointer = bytes[2];
                if (pointer < 4 || (pointer & 3) != 0)
                {
                    return true;
                }
                if (option != 0x07 && pointer <= length && length >= 7 && (length - 7) % 4 == 0)
                {
                    fields.IpDestination.Add(Ipv4Address.Read(bytes[(length - 4)..]));
                }
                return true;
            case 0x44: // timestamp: pointer and flags
                return length >= 4;
            case 0x82 or 0x85: // security, extended security: the first byte after the length
                return length >= 3;
            case 0x88 or 0x0B or 0x0C or 0x94: // stream id, MTU probe and reply, router alert
                return length >= 4;
            case 0x52: // traceroute
                return length >= 12;
            case 0x19: // quick-start: the function nibble decides
                return length >= 3 && ((bytes[2] >> 4) is not (0 or 8) || length >= 8);
            case 0x86:
                return CipsoOption(bytes);
            default:
                return true;
        }
    }

    /// <summary>packet-ip.c dissect_ipopt_cipso: the DOI, then tags; an unknown tag reads its length byte even when
    /// it is the option's last byte (and throws then).</summary>
    private static bool CipsoOption(ReadOnlySpan<byte> option)
    {
        int length = option.Length;
        if (length < 6)
        {
            return false;
        }
        int offset = 6;
        while (offset < length)
        {
            int type = option[offset];
            int tagLength = offset + 1 < length ? option[offset + 1] : 1;
            int maxTagLength = 34;
            switch (type)
            {
                case 0:
                    offset++;
                    continue;
                case 1 or 2 or 5 or 6 or 7:
                    if (tagLength < (type == 7 ? 2 : 4) || tagLength > maxTagLength || offset + tagLength - 1 > length)
                    {
                        return true;
                    }
                    offset += tagLength;
                    continue;
                default:
                    return offset + 1 > length || offset + 1 < length;
            }
        }
        return true;
    }
}
