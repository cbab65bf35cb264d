using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Netfilter.Conntrack;
using VNetEmu.Netfilter.Targets;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Runtime;

/// <summary>Runs the extension targets (everything but verdicts and jumps) as the kernel's xt_* targets do.</summary>
public static class TargetExecutor
{
    public static TargetResult Execute(Target target, PacketContext p, NetfilterRuntime runtime)
    {
        switch (target)
        {
            case RejectTarget r:
                Reject(r, p, runtime);
                return TargetResult.Drop;
            case MarkTarget m:
                p.Frame.Mark = (p.Frame.Mark & ~m.Mask) ^ m.Mark;
                return TargetResult.Continue;
            case ConnmarkTarget c:
                Connmark(c, p);
                return TargetResult.Continue;
            case CtTarget ct:
                if (ct.NoTrack && p.Entry is null)
                {
                    p.Info = CtInfo.Untracked;
                    p.Frame.ConntrackInfo = (byte)(CtInfo.Untracked + 1);
                }
                return TargetResult.Continue;
            case LogTarget log:
                runtime.Log(log, p);
                return TargetResult.Continue;
            case SnatTarget s:
                return Nat(p, runtime, source: true, s.Range, masquerade: null);
            case DnatTarget d:
                return Nat(p, runtime, source: false, d.Range, masquerade: null);
            case MasqueradeTarget mq:
                return Masquerade(mq, p, runtime);
            case RedirectTarget rd:
                return Redirect(rd, p, runtime);
            case ChecksumTarget:
                FillChecksum(p);
                return TargetResult.Continue;
            case TcpmssTarget mss:
                ClampMss(mss, p, runtime);
                return TargetResult.Continue;
            case NfqueueTarget queue:
                // No program ever binds a queue here: the kernel drops, or with --queue-bypass lets the packet go on.
                return queue.Bypass ? TargetResult.Accept : TargetResult.Drop;
            default:
                throw new InvalidOperationException($"no execution for target '{target.Name}'");
        }
    }

    private static void Reject(RejectTarget r, PacketContext p, NetfilterRuntime runtime)
    {
        var ns = runtime.Namespace;
        if (r.With == RejectWith.TcpReset)
        {
            ns.Sockets.Tcp.SendReset(p.Frame);
            return;
        }
        byte code = r.With switch
        {
            RejectWith.IcmpNetUnreachable => IcmpPacket.CodeNetUnreachable,
            RejectWith.IcmpHostUnreachable => IcmpPacket.CodeHostUnreachable,
            RejectWith.IcmpProtoUnreachable => IcmpPacket.CodeProtocolUnreachable,
            RejectWith.IcmpNetProhibited => IcmpPacket.CodeNetProhibited,
            RejectWith.IcmpHostProhibited => IcmpPacket.CodeHostProhibited,
            RejectWith.IcmpAdminProhibited => IcmpPacket.CodeAdminProhibited,
            _ => IcmpPacket.CodePortUnreachable,
        };
        ns.Ipv4.Icmp.SendError(p.Frame, IcmpPacket.TypeDestinationUnreachable, code, 0);
    }

    private static void Connmark(ConnmarkTarget c, PacketContext p)
    {
        if (p.Entry is not { } e)
        {
            return;
        }
        switch (c.Mode)
        {
            case ConnmarkMode.Set:
                e.Mark = (e.Mark & ~c.CtMask) ^ c.CtMark;
                return;
            case ConnmarkMode.Save:
                e.Mark = (e.Mark & ~c.CtMask) ^ (p.Frame.Mark & c.NfMask);
                return;
            case ConnmarkMode.Restore:
                p.Frame.Mark = (p.Frame.Mark & ~c.NfMask) ^ (e.Mark & c.CtMask);
                return;
        }
    }

    private static TargetResult Nat(PacketContext p, NetfilterRuntime runtime, bool source, NatRange range, NetDevice? masquerade,
        Ipv4Address? address = null)
    {
        if (p.Entry is not { } e || p.Info != CtInfo.New)
        {
            return TargetResult.Accept;
        }
        Ipv4Address min = address ?? (range.MapsAddresses ? range.MinAddress : source ? p.Ip.Source : p.Ip.Destination);
        Ipv4Address max = address ?? (range.MapsAddresses ? range.MaxAddress : min);
        bool random = (range.Flags & (NatRangeFlags.Random | NatRangeFlags.RandomFully)) != 0;
        if (!NatSetup.Bind(runtime.Table, e, source, min, max, range.MapsPorts, range.MinPort, range.MaxPort, random, runtime.Random))
        {
            return TargetResult.Drop;
        }
        if (masquerade is not null)
        {
            e.MasqueradeDevice = masquerade;
            e.MasqueradeAddress = min;
        }
        runtime.TraceNat(p, e, source);
        return TargetResult.Accept;
    }

    /// <summary>MASQUERADE: SNAT to the out device's address chosen for the next hop (inet_select_addr).</summary>
    private static TargetResult Masquerade(MasqueradeTarget m, PacketContext p, NetfilterRuntime runtime)
    {
        if (p.Out is not { } device)
        {
            return TargetResult.Drop;
        }
        Ipv4Address nextHop = p.Frame.NextHop.IsAny ? p.Ip.Destination : p.Frame.NextHop;
        Ipv4Address address = runtime.Namespace.Ipv4.SelectSourceAddress(device, nextHop);
        if (address.IsAny)
        {
            return TargetResult.Drop;
        }
        return Nat(p, runtime, source: true, m.Range, device, address);
    }

    /// <summary>REDIRECT: DNAT to the primary address of the in device (127.0.0.1 for locally sent packets).</summary>
    private static TargetResult Redirect(RedirectTarget r, PacketContext p, NetfilterRuntime runtime)
    {
        Ipv4Address address;
        if (p.In is null)
        {
            address = Ipv4Address.Loopback;
        }
        else
        {
            IReadOnlyList<InterfaceAddress> addresses = runtime.Namespace.Ipv4.AddressesOf(p.In);
            if (addresses.Count == 0)
            {
                return TargetResult.Drop;
            }
            address = addresses[0].Address;
        }
        return Nat(p, runtime, source: false, r.Range, null, address);
    }

    /// <summary>xt_TCPMSS: lowers the MSS option of a SYN to the given value, or to the
    /// route's MTU minus 40 (--clamp-mss-to-pmtu); the TCP checksum is patched (RFC 1624).</summary>
    private static void ClampMss(TcpmssTarget target, PacketContext p, NetfilterRuntime runtime)
    {
        Ipv4Packet ip = p.Ip;
        if (p.IsLaterFragment || ip.Protocol != IpProtocol.Tcp || !TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp) || !tcp.Has(TcpSegment.Syn))
        {
            return;
        }
        int limit = target.Mss;
        if (target.Mss == TcpmssTarget.ClampToPmtu)
        {
            if (!runtime.Namespace.Ipv4.TryRoute(ip.Destination, out RouteDecision route))
            {
                return;
            }
            limit = route.Mtu - 40;
        }
        Span<byte> o = tcp.Options;
        for (int i = 0; i + 1 < o.Length;)
        {
            byte kind = o[i];
            if (kind == 0)
            {
                return;
            }
            if (kind == 1)
            {
                i++;
                continue;
            }
            int length = o[i + 1];
            if (length < 2 || i + length > o.Length)
            {
                return;
            }
            if (kind == 2 && length == 4)
            {
                ushort old = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(o[(i + 2)..]);
                if (old > limit)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(o[(i + 2)..], (ushort)limit);
                    tcp.Checksum = InternetChecksum.Update(tcp.Checksum, old, (ushort)limit);
                }
                return;
            }
            i += length;
        }
    }

    private static void FillChecksum(PacketContext p)
    {
        Ipv4Packet ip = p.Ip;
        if (p.IsLaterFragment)
        {
            return;
        }
        if (ip.Protocol == IpProtocol.Udp && UdpDatagram.TryCreate(ip.Payload, out UdpDatagram udp))
        {
            udp.FillChecksum(ip.Source, ip.Destination);
        }
        else if (ip.Protocol == IpProtocol.Tcp && TcpSegment.TryCreate(ip.Payload, out TcpSegment tcp))
        {
            tcp.FillChecksum(ip.Source, ip.Destination);
        }
    }
}
