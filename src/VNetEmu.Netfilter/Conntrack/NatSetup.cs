using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>nf_nat_setup_info: binds an unconfirmed connection to new source (SNAT, MASQUERADE) or destination
/// (DNAT, REDIRECT) address and port. The port is kept when the resulting reply tuple is free
/// (nf_nat_used_tuple); otherwise one is searched from a random offset in the range — or, without a range, in
/// the kernel's default band (1–511, 512–1023 or 1024–65535, the band of the original port).</summary>
public static class NatSetup
{
    public static bool Bind(ConntrackTable table, ConntrackEntry e, bool source, Ipv4Address minAddress, Ipv4Address maxAddress,
        bool hasPorts, ushort minPort, ushort maxPort, bool random, Random rnd)
    {
        if (e.IsConfirmed)
        {
            return true;
        }
        ConntrackTuple current = e.Reply.Invert(); // what the original direction looks like after earlier NAT
        uint span = maxAddress.Value - minAddress.Value + 1;
        Ipv4Address address = span <= 1 ? minAddress
            : new Ipv4Address(minAddress.Value + (uint)((ulong)(current.Source.Value ^ current.Destination.Value) * 2654435761UL % span));
        ConntrackTuple candidate = source ? current with { Source = address } : current with { Destination = address };
        bool portful = current.Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp or IpProtocol.Icmp or 136;
        ushort port = PortOf(candidate, source);
        bool inRange = !hasPorts || (port >= minPort && port <= maxPort);
        if (!portful || (inRange && !random && !table.IsReplyTupleUsed(candidate.Invert(), e)))
        {
            Commit(table, e, candidate, source);
            return true;
        }
        ushort low, high;
        if (hasPorts)
        {
            (low, high) = (minPort, maxPort);
        }
        else if (current.Protocol == IpProtocol.Icmp)
        {
            (low, high) = (0, 65535);
        }
        else
        {
            (low, high) = port < 512 ? ((ushort)1, (ushort)511) : port < 1024 ? ((ushort)512, (ushort)1023) : ((ushort)1024, (ushort)65535);
        }
        int count = high - low + 1;
        int offset = rnd.Next(count);
        for (int i = 0; i < count; i++)
        {
            ushort p = (ushort)(low + (offset + i) % count);
            ConntrackTuple t = WithPort(candidate, source, p);
            if (!table.IsReplyTupleUsed(t.Invert(), e))
            {
                Commit(table, e, t, source);
                return true;
            }
        }
        return false;
    }

    private static ushort PortOf(ConntrackTuple t, bool source) =>
        t.Protocol == IpProtocol.Icmp ? t.SourcePort : source ? t.SourcePort : t.DestinationPort;

    private static ConntrackTuple WithPort(ConntrackTuple t, bool source, ushort port) =>
        t.Protocol == IpProtocol.Icmp ? t with { SourcePort = port }
        : source ? t with { SourcePort = port } : t with { DestinationPort = port };

    private static void Commit(ConntrackTable table, ConntrackEntry e, ConntrackTuple translated, bool source)
    {
        table.SetReply(e, translated.Invert());
        e.Status |= source ? ConntrackStatus.SrcNat : ConntrackStatus.DstNat;
    }
}
