using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>ARP and ATM ARP as packet-arp.c dissects them.</summary>
internal sealed partial class FrameDissector
{
    /// <summary>packet-arp.c: hrd..op are added, then the datagram must fit the reported length, then the Info
    /// column fetches the addresses its opcode names (all four for requests and replies), then the addresses are
    /// added one by one.</summary>
    private void DissectArp(Tvb tvb)
    {
        if (!tvb.Has(0, 2))
        {
            return;
        }
        ushort hardware = tvb.U16(0);
        if (hardware == 19)
        {
            DissectAtmArp(tvb);
            return;
        }
        if (!tvb.Has(0, 8))
        {
            return;
        }
        ushort protocol = tvb.U16(2), op = tvb.U16(6);
        int hardwareLength = tvb.U8(4), protocolLength = tvb.U8(5);
        int senderIp = 8 + hardwareLength, targetMac = senderIp + protocolLength, targetIp = targetMac + hardwareLength;
        int total = targetIp + protocolLength;
        if (hardware == 3)
        {
            // AX.25 ARP fetches both protocol addresses before adding anything
            if (total > tvb.Reported || (protocolLength != 0 && !tvb.Has(0, total)))
            {
                return;
            }
            fields.ArpOpcode = op;
        }
        else
        {
            fields.ArpOpcode = op;
            int fetched = op switch
            {
                1 or 2 => total,
                3 or 5 or 8 => hardwareLength == 0 ? 0 : targetMac + hardwareLength,
                4 or 6 => protocolLength != 0 ? total : hardwareLength == 0 ? 0 : targetMac + hardwareLength,
                9 or (>= 11 and <= 23) => protocolLength != 0 ? targetMac : hardwareLength == 0 ? 0 : senderIp,
                _ => 0,
            };
            if (total > tvb.Reported || !tvb.Has(0, fetched))
            {
                return;
            }
        }
        bool ether = hardware is 1 or 6 && hardwareLength == 6;
        if (hardwareLength != 0)
        {
            if (!tvb.Has(8, hardwareLength))
            {
                return;
            }
            fields.ArpSenderMac = ether ? MacAddress.Read(tvb.Data[8..]) : null;
        }
        if (protocolLength != 0)
        {
            if (!tvb.Has(senderIp, protocolLength))
            {
                return;
            }
            AddArpIp(tvb, protocol, protocolLength, senderIp, sender: true);
        }
        if (hardwareLength != 0)
        {
            if (!tvb.Has(targetMac, hardwareLength))
            {
                return;
            }
            fields.ArpTargetMac = ether ? MacAddress.Read(tvb.Data[targetMac..]) : null;
        }
        if (protocolLength != 0 && op != 7 && tvb.Has(targetIp, protocolLength)) // DRARP error: an error code there
        {
            AddArpIp(tvb, protocol, protocolLength, targetIp, sender: false);
        }
    }

    private void AddArpIp(Tvb tvb, ushort protocol, int length, int offset, bool sender)
    {
        if (protocol is EtherType.Ipv4 or 0xCC && length == 4)
        {
            var address = Ipv4Address.Read(tvb.Data[offset..]);
            if (sender)
            {
                fields.ArpSenderIp = address;
            }
            else
            {
                fields.ArpTargetIp = address;
            }
        }
    }

    /// <summary>ATM ARP (RFC 2225): hardware addresses are ATM numbers, protocol addresses may still be IPv4.</summary>
    private void DissectAtmArp(Tvb tvb)
    {
        if (!tvb.Has(0, 12))
        {
            return;
        }
        ushort protocol = tvb.U16(2);
        int sourceHardware = tvb.U8(4) & 0x3F, sourceSub = tvb.U8(5) & 0x3F, sourceProtocol = tvb.U8(8);
        int targetHardware = tvb.U8(9) & 0x3F, targetSub = tvb.U8(10) & 0x3F, targetProtocol = tvb.U8(11);
        int total = 12 + sourceHardware + sourceSub + sourceProtocol + targetHardware + targetSub + targetProtocol;
        if (total > tvb.Reported)
        {
            return;
        }
        fields.ArpOpcode = tvb.U16(6);
        int senderIp = 12 + sourceHardware + sourceSub;
        int targetIp = senderIp + sourceProtocol + targetHardware + targetSub;
        if (sourceProtocol != 0)
        {
            if (!tvb.Has(senderIp, sourceProtocol))
            {
                return;
            }
            AddArpIp(tvb, protocol, sourceProtocol, senderIp, sender: true);
        }
        if (targetProtocol != 0 && tvb.Has(targetIp, targetProtocol))
        {
            AddArpIp(tvb, protocol, targetProtocol, targetIp, sender: false);
        }
    }
}
