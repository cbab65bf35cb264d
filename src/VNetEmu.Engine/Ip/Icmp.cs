using System.Buffers.Binary;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>ICMP of one namespace (net/ipv4/icmp.c): echo replies, errors to local sockets, path MTU learning,
/// and the errors this host sends — TOS 0xc0, TTL 64, quoting up to 576 bytes of IP, rate limited per
/// destination like icmpv4_xrlim_allow (a burst of 6, then one per second; never for "fragmentation needed" or
/// towards this host).</summary>
public sealed class Icmp(Ipv4Stack stack)
{
    public const byte ErrorTos = 0xC0;
    private const int MaxErrorLength = 576;
    private const long RateLimitNs = World.NanosPerSecond;
    private const long BurstNs = 6 * RateLimitNs;
    private readonly Dictionary<Ipv4Address, (long Tokens, long Last)> _peers = [];
    private readonly Dictionary<Ipv4Address, (int Count, long Last)> _redirects = [];

    /// <summary>net.ipv4.icmp_ratelimit in ns (1000 ms); 0 disables.</summary>
    public long RateLimit { get; set; } = RateLimitNs;

    private World World => stack.World;

    internal void Receive(NetDevice device, Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (!IcmpPacket.TryCreate(ip.Payload, out IcmpPacket icmp) || !icmp.IsChecksumValid)
        {
            stack.Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        switch (icmp.Type)
        {
            case IcmpPacket.TypeEchoRequest:
                if (!stack.IsLocalAddress(ip.Destination))
                {
                    World.Pool.Return(frame); // icmp_echo_ignore_broadcasts
                    return;
                }
                Reply(frame);
                return;
            case IcmpPacket.TypeEchoReply:
                stack.Namespace.Sockets.DeliverEchoReply(ip.Source, icmp.Identifier, icmp.Sequence, ip.Ttl, ip.Payload.Length, icmp.Payload);
                World.Pool.Return(frame);
                return;
            case IcmpPacket.TypeDestinationUnreachable or IcmpPacket.TypeTimeExceeded or IcmpPacket.TypeParameterProblem:
                DeliverError(ip.Source, icmp);
                World.Pool.Return(frame);
                return;
            case IcmpPacket.TypeRedirect:
                if (stack.IsLocalAddress(ip.Destination))
                {
                    ReceiveRedirect(device, ip.Source, icmp);
                    NotifyRedirect(ip.Source, icmp);
                }
                World.Pool.Return(frame); // a broadcast redirect is dropped (icmp_rcv)
                return;
            default:
                World.Pool.Return(frame);
                return;
        }
    }

    /// <summary>A raw ICMP socket sees the redirect itself (raw_err only updates the route): ping prints it when it
    /// quotes one of its echo requests.</summary>
    private void NotifyRedirect(Ipv4Address from, IcmpPacket icmp)
    {
        Span<byte> quoted = icmp.Payload;
        if (quoted.Length < Ipv4Packet.MinHeaderLength + IcmpPacket.HeaderLength || (quoted[0] >> 4) != 4)
        {
            return;
        }
        int ihl = (quoted[0] & 0x0F) * 4;
        if (quoted.Length < ihl + IcmpPacket.HeaderLength || quoted[9] != IpProtocol.Icmp || quoted[ihl] != IcmpPacket.TypeEchoRequest)
        {
            return;
        }
        Ipv4Address gateway = Ipv4Address.Read(icmp.Bytes[4..]);
        ushort identifier = BinaryPrimitives.ReadUInt16BigEndian(quoted[(ihl + 4)..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(quoted[(ihl + 6)..]);
        stack.Namespace.Sockets.DeliverRedirect(from, icmp.Code, gateway, Ipv4Address.Read(quoted[16..]), identifier, sequence);
    }

    private void DeliverError(Ipv4Address from, IcmpPacket icmp)
    {
        if (!Ipv4Packet.TryCreate(icmp.Payload, out Ipv4Packet inner) && icmp.Payload.Length < Ipv4Packet.MinHeaderLength)
        {
            return;
        }
        inner = Ipv4Packet.CreateUnchecked(icmp.Payload);
        if (inner.HeaderLength > icmp.Payload.Length)
        {
            return;
        }
        Span<byte> l4 = icmp.Payload[inner.HeaderLength..];
        ushort a = 0, b = 0;
        if (l4.Length >= 4)
        {
            a = BinaryPrimitives.ReadUInt16BigEndian(l4);
            b = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
        }
        if (inner.Protocol == IpProtocol.Icmp && l4.Length >= 8)
        {
            a = BinaryPrimitives.ReadUInt16BigEndian(l4[4..]); // echo identifier
            b = BinaryPrimitives.ReadUInt16BigEndian(l4[6..]); // echo sequence
        }
        if (icmp.Type == IcmpPacket.TypeDestinationUnreachable && icmp.Code == IcmpPacket.CodeFragmentationNeeded)
        {
            stack.LearnPathMtu(inner.Destination, icmp.NextHopMtu);
        }
        var info = new IcmpErrorInfo(from, icmp.Type, icmp.Code, icmp.NextHopMtu, inner.Protocol, inner.Source, inner.Destination, a, b);
        stack.Namespace.Sockets.DeliverError(info);
    }

    /// <summary>An ICMP redirect received on <paramref name="device"/> from <paramref name="oldGateway"/> (icmp_redirect →
    /// ipv4_redirect → __ip_do_redirect): taken only from the gateway this host now uses for the quoted packet's
    /// destination, when accept_redirects allows it (IN_DEV_RX_REDIRECTS) and the new gateway is a plausible unicast
    /// neighbour. The exception is made only once that neighbour is resolved: the first redirect about an unknown
    /// gateway just sends it an ARP request, and a later one (the router redirects again) takes effect. Unlike the
    /// kernel, no socket for the quoted packet is required.</summary>
    private void ReceiveRedirect(NetDevice device, Ipv4Address oldGateway, IcmpPacket icmp)
    {
        if ((icmp.Code & 7) > 3 || icmp.Payload.Length < Ipv4Packet.MinHeaderLength)
        {
            return; // net, host, tos-net and tos-host redirects only
        }
        var inner = Ipv4Packet.CreateUnchecked(icmp.Payload);
        if (inner.HeaderLength < Ipv4Packet.MinHeaderLength || icmp.Payload.Length < inner.HeaderLength + 8)
        {
            return; // icmp_socket_deliver needs the quoted IP header and 8 bytes of its payload
        }
        Ipv4Address destination = inner.Destination;
        Ipv4Address newGateway = Ipv4Address.Read(icmp.Bytes[4..]);
        // ipv4_redirect looks the quoted flow up as output: its source must be ours, its route a gateway route.
        if (!stack.IsLocalAddress(inner.Source) || stack.IsLocalAddress(destination)
            || !stack.Routes.TryLookup(destination, out Route route) || route.Kind != RouteKind.Unicast || route.Device is not { } outDevice)
        {
            return;
        }
        Ipv4Address gateway = stack.Exceptions.TryLookup(destination, route, out Ipv4Address redirected, out _) ? redirected : route.Gateway;
        if (gateway.IsAny || gateway != oldGateway)
        {
            return; // rt_gw4 != old_gw: only the current gateway may redirect
        }
        bool rxRedirects = stack.IpForward ? stack.AcceptRedirects.BothOn(device) : stack.AcceptRedirects.AnyOn(device);
        if (newGateway == oldGateway || !rxRedirects || newGateway.IsMulticast || newGateway.IsBroadcast
            || (newGateway.Value >> 24) == 0) // ipv4_is_zeronet
        {
            return; // reject_redirect
        }
        if (!stack.SharedMedia.AnyOn(device))
        {
            if (!OnSameSubnet(device, newGateway, oldGateway)
                || (stack.SecureRedirects.AnyOn(device) && !IsGatewayOf(device, newGateway)))
            {
                return;
            }
        }
        else if (!IsUnicastAddress(newGateway))
        {
            return; // inet_addr_type(new_gw) != RTN_UNICAST
        }
        if (!stack.Neighbours.Resolve(outDevice, newGateway))
        {
            return; // neigh_event_send: resolve it now, take the next redirect
        }
        stack.Exceptions.Learn(destination, route, newGateway);
    }

    /// <summary>inet_addr_onlink: both addresses in the subnet of one address of the device.</summary>
    private bool OnSameSubnet(NetDevice device, Ipv4Address a, Ipv4Address b)
    {
        foreach (InterfaceAddress address in stack.AddressesOf(device))
        {
            if (address.Prefix.Contains(a) && address.Prefix.Contains(b))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>ip_fib_check_default: some route on the device already goes via this gateway.</summary>
    private bool IsGatewayOf(NetDevice device, Ipv4Address gateway)
    {
        foreach (Route r in stack.Routes.Routes)
        {
            if (r.Device == device && r.Gateway == gateway)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>inet_addr_type is RTN_UNICAST: not in the local table (an address of ours, a subnet broadcast, 127/8).</summary>
    private bool IsUnicastAddress(Ipv4Address address)
    {
        if (address.IsLoopback || stack.IsLocalAddress(address))
        {
            return false;
        }
        foreach (NetDevice d in stack.Namespace.DeviceList)
        {
            foreach (InterfaceAddress a in stack.AddressesOf(d))
            {
                if (a.Prefix.Length < 31 && (a.Prefix.BroadcastAddress == address || (!a.Broadcast.IsAny && a.Broadcast == address)))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>icmp_reply: the request's bytes become the reply; source = the address asked, TOS kept, no DF.</summary>
    private void Reply(Frame frame)
    {
        var request = Ipv4Packet.CreateUnchecked(frame.Network);
        Ipv4Address source = request.Destination;
        Ipv4Address destination = request.Source;
        if (!stack.TryRoute(destination, out RouteDecision route))
        {
            World.Pool.Return(frame);
            return;
        }
        int payloadLength = request.Payload.Length;
        byte tos = request.Tos;
        int headerLength = request.HeaderLength;
        // Move the ICMP message so that a 20-byte header precedes it (drops request IP options).
        Span<byte> buffer = frame.Buffer;
        int icmpStart = frame.NetworkOffset + headerLength;
        int newNetwork = icmpStart - Ipv4Packet.MinHeaderLength;
        frame.NetworkOffset = newNetwork;
        var icmp = IcmpPacket.CreateUnchecked(buffer.Slice(icmpStart, payloadLength));
        icmp.Type = IcmpPacket.TypeEchoReply;
        icmp.Code = 0;
        icmp.FillChecksum();
        frame.Start = newNetwork;
        frame.Length = Ipv4Packet.MinHeaderLength + payloadLength;
        Ipv4Packet.WriteHeader(frame.Data, source, destination, IpProtocol.Icmp, payloadLength, Ipv4Stack.DefaultTtl, stack.NextId(), false, tos);
        frame.Ingress = null;
        frame.Mark = 0;
        frame.Trace?.Clear(); // a new packet: its path starts here, not where the request's did
        frame.Conntrack = null;
        frame.ConntrackInfo = 0;
        frame.BridgePreroutingDone = false;
        stack.LocalOut(frame, route);
    }

    /// <summary>icmp_send: an error about <paramref name="offending"/> (NetworkOffset = its IP header). The caller
    /// keeps ownership of the offending frame.</summary>
    public void SendError(Frame offending, byte type, byte code, uint info)
    {
        var ip = Ipv4Packet.CreateUnchecked(offending.Network);
        Ipv4Address source = ip.Source;
        Ipv4Address destination = ip.Destination;
        if (source.IsAny || source.IsMulticast || source.IsBroadcast || destination.IsMulticast || destination.IsBroadcast
            || (ip.FlagsAndOffset & 0x1FFF) != 0)
        {
            return;
        }
        if (ip.Protocol == IpProtocol.Icmp && ip.Payload.Length >= 1)
        {
            byte innerType = ip.Payload[0];
            if (innerType is not (IcmpPacket.TypeEchoRequest or IcmpPacket.TypeEchoReply or 13 or 14 or 15 or 16 or 17 or 18))
            {
                return; // never an error about an error
            }
        }
        if (!stack.TryRoute(source, out RouteDecision route))
        {
            return;
        }
        bool exempt = route.IsLocal || (type == IcmpPacket.TypeDestinationUnreachable && code == IcmpPacket.CodeFragmentationNeeded);
        if (!exempt && !AllowRate(source))
        {
            return;
        }
        Ipv4Address from = stack.IsLocalAddress(destination) ? destination : route.Source;
        int quoted = Math.Min((int)ip.TotalLength, MaxErrorLength - Ipv4Packet.MinHeaderLength - IcmpPacket.HeaderLength);
        quoted = Math.Min(quoted, offending.Network.Length);
        Frame frame = World.Pool.Rent();
        frame.NetworkOffset = Frame.Headroom;
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, IcmpPacket.HeaderLength + quoted);
        var icmp = IcmpPacket.CreateUnchecked(l4);
        icmp.Type = type;
        icmp.Code = code;
        BinaryPrimitives.WriteUInt32BigEndian(l4[4..], info);
        offending.Network[..quoted].CopyTo(l4[IcmpPacket.HeaderLength..]);
        icmp.FillChecksum();
        frame.Mark = 0;
        stack.SendDatagram(frame, route, from, source, IpProtocol.Icmp, Ipv4Stack.DefaultTtl, ErrorTos, PmtuMode.Dont, l4.Length);
    }

    /// <summary>ICMP redirect (host) to the sender of a packet forwarded back out the interface it came in on,
    /// with the kernel's back-off (ip_rt_send_redirect: at most 9, spaced 20 ms·2^n).</summary>
    internal void SendRedirect(Frame offending, Ipv4Address gateway)
    {
        var ip = Ipv4Packet.CreateUnchecked(offending.Network);
        Ipv4Address source = ip.Source;
        long now = World.Now;
        _redirects.TryGetValue(source, out var peer);
        if (peer.Count > 0 && now - peer.Last > 20 * World.NanosPerSecond)
        {
            peer = (0, 0);
        }
        if (peer.Count >= 9 || (peer.Count > 0 && now < peer.Last + (20_000_000L << peer.Count)))
        {
            return;
        }
        _redirects[source] = (peer.Count + 1, now);
        if (!stack.TryRoute(source, out RouteDecision route))
        {
            return;
        }
        // icmp_send quotes as much as for any error (up to 576 bytes in all), not just the header and 8 bytes.
        int quoted = Math.Min((int)ip.TotalLength, MaxErrorLength - Ipv4Packet.MinHeaderLength - IcmpPacket.HeaderLength);
        quoted = Math.Min(quoted, offending.Network.Length);
        Frame frame = World.Pool.Rent();
        frame.NetworkOffset = Frame.Headroom;
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, IcmpPacket.HeaderLength + quoted);
        var icmp = IcmpPacket.CreateUnchecked(l4);
        icmp.Type = IcmpPacket.TypeRedirect;
        icmp.Code = 1;
        gateway.Write(l4[4..]);
        // ip_forward sends the redirect after ip_decrease_ttl: the quote carries the decremented TTL.
        offending.Network[..quoted].CopyTo(l4[IcmpPacket.HeaderLength..]);
        icmp.FillChecksum();
        stack.SendDatagram(frame, route, route.Source, source, IpProtocol.Icmp, Ipv4Stack.DefaultTtl, ErrorTos, PmtuMode.Dont, l4.Length);
    }

    private bool AllowRate(Ipv4Address destination)
    {
        if (RateLimit == 0)
        {
            return true;
        }
        long now = World.Now;
        long tokens = _peers.TryGetValue(destination, out var peer) ? peer.Tokens + now - peer.Last : BurstNs;
        if (tokens > BurstNs)
        {
            tokens = BurstNs;
        }
        bool allow = tokens >= RateLimit;
        if (allow)
        {
            tokens -= RateLimit;
        }
        _peers[destination] = (tokens, now);
        return allow;
    }
}
