using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Ip;

/// <summary>The IPv4 stack of one namespace: addresses, the routing table, ARP, input (local delivery or
/// forwarding), local output, and the netfilter hook calls between them (net/ipv4/ip_input.c, ip_forward.c,
/// ip_output.c). A frame entering here is an Ethernet frame; one leaving goes to a device's Transmit.</summary>
public sealed class Ipv4Stack
{
    public const byte DefaultTtl = 64;
    private readonly Dictionary<NetDevice, List<InterfaceAddress>> _addresses = [];
    private readonly Dictionary<NetDevice, bool> _running = [];
    private readonly Dictionary<Ipv4Address, (int Mtu, long Expires)> _pathMtu = [];
    private ushort _nextId;
    private bool _ipForward;

    internal Ipv4Stack(NetNamespace ns)
    {
        Namespace = ns;
        Neighbours = new NeighbourTable(this);
        Arp = new Arp(this);
        Icmp = new Icmp(this);
        Fragments = new Fragmentation(this);
        Exceptions = new RouteExceptions(ns.World);
        _nextId = (ushort)ns.World.Random.Next(65536);
    }

    public NetNamespace Namespace { get; }
    public RoutingTable Routes { get; } = new();
    public NeighbourTable Neighbours { get; }
    public Arp Arp { get; }
    public Icmp Icmp { get; }
    internal Fragmentation Fragments { get; }

    /// <summary>Gateways learnt from ICMP redirects, consulted by <see cref="TryRoute"/>.</summary>
    public RouteExceptions Exceptions { get; }

    /// <summary>net.ipv4.ip_forward (0 in a new namespace). Turning it on or off sets conf.all.accept_redirects to
    /// the opposite, as inet_forward_change does.</summary>
    public bool IpForward
    {
        get => _ipForward;
        set
        {
            if (value != _ipForward)
            {
                _ipForward = value;
                AcceptRedirects.All = !value;
            }
        }
    }

    /// <summary>net.ipv4.conf.*.send_redirects (1): a device sends redirects if `all` or it says so.</summary>
    public DevConfFlag SendRedirects { get; } = new(true);

    /// <summary>net.ipv4.conf.*.accept_redirects (1): a host takes a redirect if `all` or the device says so, a router
    /// (ip_forward=1) only if both do (IN_DEV_RX_REDIRECTS).</summary>
    public DevConfFlag AcceptRedirects { get; } = new(true);

    /// <summary>net.ipv4.conf.*.secure_redirects (1): with shared_media off, the new gateway must already be a
    /// gateway of some route on that device (ip_fib_check_default).</summary>
    public DevConfFlag SecureRedirects { get; } = new(true);

    /// <summary>net.ipv4.conf.*.shared_media (1): on, a redirect's new gateway need not share a subnet with the old.</summary>
    public DevConfFlag SharedMedia { get; } = new(true);

    /// <summary>net.ipv4.conf.{all,default,DEV}.route_localnet: 127/8 addresses may come in on that device
    /// (IN_DEV_ORCONF: all or the device's own value).</summary>
    public DevConfFlag RouteLocalnet { get; } = new(false);
    public World World => Namespace.World;

    // ---- addresses ---------------------------------------------------------------------------------------

    public IReadOnlyList<InterfaceAddress> AddressesOf(NetDevice device) =>
        _addresses.TryGetValue(device, out List<InterfaceAddress>? list) ? list : [];

    /// <summary>Adds an address; false if the device already has it (RTNETLINK answers: File exists).</summary>
    public bool AddAddress(NetDevice device, Ipv4Prefix prefix, Ipv4Address broadcast)
    {
        if (!_addresses.TryGetValue(device, out List<InterfaceAddress>? list))
        {
            _addresses[device] = list = [];
        }
        foreach (InterfaceAddress a in list)
        {
            if (a.Address == prefix.Address && a.Prefix.Length == prefix.Length)
            {
                return false;
            }
        }
        bool secondary = false;
        foreach (InterfaceAddress a in list)
        {
            if (!a.Secondary && a.Prefix.Length == prefix.Length && a.Prefix.Contains(prefix.Address))
            {
                secondary = true;
            }
        }
        list.Add(new InterfaceAddress(device, prefix, broadcast, secondary));
        if (device.AdminUp && !secondary)
        {
            AddConnectedRoute(device, prefix);
        }
        return true;
    }

    /// <summary>Removes an address. Like the kernel without promote_secondaries, deleting a primary deletes its
    /// secondaries too. Returns false when the device does not have it (RTNETLINK answers: Cannot assign requested address).</summary>
    public bool RemoveAddress(NetDevice device, Ipv4Prefix prefix)
    {
        if (!_addresses.TryGetValue(device, out List<InterfaceAddress>? list))
        {
            return false;
        }
        InterfaceAddress? found = list.Find(a => a.Address == prefix.Address && (prefix.Length == 32 && !HasExactLength(list, prefix) || a.Prefix.Length == prefix.Length));
        if (found is null)
        {
            return false;
        }
        var removed = new List<InterfaceAddress> { found };
        if (!found.Secondary)
        {
            removed.AddRange(list.Where(a => a.Secondary && a.Prefix.Length == found.Prefix.Length && found.Prefix.Contains(a.Address)));
            Routes.RemoveWhere(r => r.Device == device && r.Protocol == "kernel" && r.Destination.Network == found.Prefix.Network
                && r.Destination.Length == found.Prefix.Length);
        }
        foreach (InterfaceAddress a in removed)
        {
            list.Remove(a);
            Namespace.Filter?.OnAddressRemoved(device, a.Address);
        }
        // Routes whose preferred source vanished go too.
        Routes.RemoveWhere(r => r.Device == device && removed.Exists(a => a.Address == r.PreferredSource) && r.Protocol != "kernel");
        return true;
    }

    private static bool HasExactLength(List<InterfaceAddress> list, Ipv4Prefix prefix) =>
        list.Exists(a => a.Address == prefix.Address && a.Prefix.Length == prefix.Length);

    public void FlushAddresses(NetDevice device)
    {
        foreach (InterfaceAddress a in AddressesOf(device).ToList())
        {
            RemoveAddress(device, a.Prefix);
        }
    }

    private void AddConnectedRoute(NetDevice device, Ipv4Prefix prefix)
    {
        if (device is LoopbackDevice || prefix.Length == 32)
        {
            return;
        }
        var network = new Ipv4Prefix(prefix.Network, prefix.Length);
        if (Routes.Find(network, 0, device) is null)
        {
            Routes.Add(new Route { Destination = network, Device = device, PreferredSource = prefix.Address, Protocol = "kernel", Scope = "link" });
        }
    }

    /// <summary>Device went up or down (or a bridge port changed): connected routes follow the admin state.</summary>
    public void OnLinkChange(NetDevice device)
    {
        bool running = device.AdminUp && device.Carrier;
        bool wasRunning = _running.TryGetValue(device, out bool r) && r;
        _running[device] = running;
        if (device.AdminUp)
        {
            foreach (InterfaceAddress a in AddressesOf(device))
            {
                if (!a.Secondary)
                {
                    AddConnectedRoute(device, a.Prefix);
                }
            }
            if (wasRunning && !running)
            {
                // neigh_carrier_down: losing carrier forgets every neighbour on the link but the permanent ones.
                Neighbours.Flush(e => e.Device == device);
            }
        }
        else
        {
            Routes.RemoveWhere(r => r.Device == device);
            Neighbours.RemoveDevice(device);
        }
    }

    internal void RemoveDevice(NetDevice device)
    {
        _running.Remove(device);
        Routes.RemoveWhere(r => r.Device == device);
        Neighbours.RemoveDevice(device);
        if (_addresses.Remove(device, out List<InterfaceAddress>? list))
        {
            foreach (InterfaceAddress a in list)
            {
                Namespace.Filter?.OnAddressRemoved(device, a.Address);
            }
        }
    }

    /// <summary>True for an address of this namespace on an up device (the local table; weak host model).</summary>
    public bool IsLocalAddress(Ipv4Address address)
    {
        if (address.IsLoopback)
        {
            return Namespace.Loopback.AdminUp;
        }
        foreach (var (device, list) in _addresses)
        {
            if (!device.AdminUp)
            {
                continue;
            }
            foreach (InterfaceAddress a in list)
            {
                if (a.Address == address)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The device that holds a local address, if any.</summary>
    public NetDevice? DeviceOf(Ipv4Address address)
    {
        foreach (var (device, list) in _addresses)
        {
            foreach (InterfaceAddress a in list)
            {
                if (a.Address == address)
                {
                    return device;
                }
            }
        }
        return null;
    }

    private bool IsBroadcastFor(NetDevice device, Ipv4Address address)
    {
        if (address.IsBroadcast)
        {
            return true;
        }
        foreach (InterfaceAddress a in AddressesOf(device))
        {
            if (a.Prefix.Length < 31 && (a.Prefix.BroadcastAddress == address || (!a.Broadcast.IsAny && a.Broadcast == address)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>inet_select_addr: a primary address of <paramref name="device"/> in the destination's subnet, else its
    /// first primary address, else any global address of the namespace.</summary>
    public Ipv4Address SelectSourceAddress(NetDevice device, Ipv4Address destination)
    {
        Ipv4Address first = default;
        foreach (InterfaceAddress a in AddressesOf(device))
        {
            if (a.Secondary)
            {
                continue;
            }
            if (a.Prefix.Contains(destination))
            {
                return a.Address;
            }
            if (first.IsAny)
            {
                first = a.Address;
            }
        }
        if (!first.IsAny)
        {
            return first;
        }
        foreach (var (d, list) in _addresses)
        {
            if (d.AdminUp && d is not LoopbackDevice)
            {
                foreach (InterfaceAddress a in list)
                {
                    if (!a.Secondary)
                    {
                        return a.Address;
                    }
                }
            }
        }
        return default;
    }

    // ---- routing -----------------------------------------------------------------------------------------

    /// <summary>ip_route_output: local addresses go over lo; otherwise the longest-prefix route.</summary>
    public bool TryRoute(Ipv4Address destination, out RouteDecision decision, NetDevice? boundDevice = null)
    {
        if (IsLocalAddress(destination))
        {
            decision = new RouteDecision(Namespace.Loopback, destination, destination, IsLocal: true, IsBroadcast: false, Namespace.Loopback.Mtu);
            return true;
        }
        if (destination.IsBroadcast && boundDevice is not null)
        {
            decision = new RouteDecision(boundDevice, destination, SelectSourceAddress(boundDevice, destination), false, true, boundDevice.Mtu);
            return true;
        }
        if (!Routes.TryLookup(destination, out Route route) || route.Device is null || route.Kind != RouteKind.Unicast
            || (boundDevice is not null && route.Device != boundDevice))
        {
            decision = default;
            return false;
        }
        NetDevice device = route.Device;
        Ipv4Address nextHop = route.Gateway.IsAny ? destination : route.Gateway;
        Ipv4Address source = route.PreferredSource.IsAny ? SelectSourceAddress(device, nextHop) : route.PreferredSource;
        if (Exceptions.Count > 0 && Exceptions.TryLookup(destination, route, out Ipv4Address redirected, out _))
        {
            nextHop = redirected; // rt_bind_exception: the source stays the one the FIB result chose
        }
        int mtu = route.Mtu > 0 ? Math.Min(route.Mtu, device.Mtu) : device.Mtu;
        decision = new RouteDecision(device, nextHop, source, IsLocal: false, IsBroadcastFor(device, destination), mtu);
        return true;
    }

    /// <summary>`ip route flush cache` (rt_cache_flush, fnhe_genid_bump): learnt redirects and path MTUs are forgotten.</summary>
    public void FlushRouteCache()
    {
        Exceptions.Flush();
        _pathMtu.Clear();
    }

    /// <summary>The path MTU towards <paramref name="destination"/>: a learnt "fragmentation needed" value while it
    /// lasts (10 minutes), else the route's MTU.</summary>
    public int PathMtu(Ipv4Address destination, in RouteDecision route)
    {
        if (_pathMtu.TryGetValue(destination, out var cached))
        {
            if (cached.Expires > World.Now)
            {
                return Math.Min(cached.Mtu, route.Mtu);
            }
            _pathMtu.Remove(destination);
        }
        return route.Mtu;
    }

    internal void LearnPathMtu(Ipv4Address destination, int mtu)
    {
        if (mtu >= 552)
        {
            _pathMtu[destination] = (mtu, World.Now + 600 * World.NanosPerSecond);
        }
    }

    internal ushort NextId() => _nextId++;

    /// <summary>nf_defrag_ipv4, called by netfilter at PREROUTING and LOCAL_OUT (priority -400, before raw) while
    /// conntrack is on. A fragment is kept (or dropped if malformed) and null returned: the caller no longer owns
    /// it. The fragment that completes its datagram is returned as the same frame, reassembled in place with the
    /// first fragment's link header and metadata and <see cref="Frame.FragMaxSize"/> set. Anything else is
    /// returned as is.</summary>
    public Frame? Defragment(Frame frame, NfHook hook)
    {
        if (!Ipv4Packet.CreateUnchecked(frame.Network).IsFragment)
        {
            return frame;
        }
        return Fragments.Reassemble(frame, hook == NfHook.LocalOut ? Fragmentation.User.ConntrackOut : Fragmentation.User.ConntrackIn);
    }

    // ---- input -------------------------------------------------------------------------------------------

    /// <summary>An Ethernet frame received on <paramref name="device"/> (not a bridge port).</summary>
    internal void Receive(NetDevice device, Frame frame)
    {
        if (!EthernetFrame.TryCreate(frame.Data, out EthernetFrame eth))
        {
            Namespace.Drop(frame, DropReason.PktTooSmall);
            return;
        }
        if (device is not LoopbackDevice and not BridgeDevice && !eth.Destination.IsMulticast && eth.Destination != device.Mac)
        {
            Namespace.Drop(frame, DropReason.OtherHost);
            return;
        }
        switch (eth.EtherType)
        {
            case EtherType.Arp when device is not LoopbackDevice:
                Arp.Receive(device, frame);
                return;
            case EtherType.Ipv4:
                frame.NetworkOffset = frame.Start + eth.PayloadOffset;
                Input(device, frame);
                return;
            default:
                Namespace.Drop(frame, DropReason.UnhandledProtocol);
                return;
        }
    }

    /// <summary>ip_rcv → PREROUTING → ip_route_input → local delivery or forwarding.</summary>
    private void Input(NetDevice device, Frame frame)
    {
        if (!Ipv4Packet.TryCreate(frame.Network, out Ipv4Packet ip))
        {
            Namespace.Drop(frame, DropReason.IpInHdr);
            return;
        }
        if (!ip.IsChecksumValid)
        {
            Namespace.Drop(frame, DropReason.IpCsum);
            return;
        }
        frame.Length = frame.NetworkOffset - frame.Start + ip.TotalLength; // strip Ethernet padding
        frame.FragMaxSize = 0; // ip_rcv_core clears IPCB
        if (!frame.BridgePreroutingDone && Namespace.Filter is { } filter
            && filter.Hook(NfHook.PreRouting, frame, device, null) != NfVerdict.Accept)
        {
            return;
        }
        ip = Ipv4Packet.CreateUnchecked(frame.Network);
        Ipv4Address source = ip.Source;
        Ipv4Address destination = ip.Destination;
        if (source.IsMulticast || source.IsBroadcast || (device is not LoopbackDevice && (source.IsLoopback || destination.IsLoopback) && !RouteLocalnet.AnyOn(device)))
        {
            Namespace.Drop(frame, DropReason.IpInAddrErrors);
            return;
        }
        if (IsLocalAddress(destination) || IsBroadcastFor(device, destination) || destination.IsMulticast)
        {
            if (device is not LoopbackDevice && IsLocalAddress(source) && !destination.IsMulticast && !IsBroadcastFor(device, destination))
            {
                Namespace.Drop(frame, DropReason.IpInAddrErrors); // martian source: our own address from outside
                return;
            }
            LocalDeliver(device, frame);
            return;
        }
        if (source.IsAny)
        {
            Namespace.Drop(frame, DropReason.IpInAddrErrors);
            return;
        }
        if (!IpForward)
        {
            Namespace.Drop(frame, DropReason.ForwardingDisabled);
            return;
        }
        Forward(device, frame);
    }

    /// <summary>ip_local_deliver: reassemble, INPUT, then the protocol.</summary>
    private void LocalDeliver(NetDevice device, Frame frame)
    {
        if (Ipv4Packet.CreateUnchecked(frame.Network).IsFragment)
        {
            Frame? whole = Fragments.Reassemble(frame, Fragmentation.User.LocalDeliver);
            if (whole is null)
            {
                return;
            }
            frame = whole;
        }
        if (Namespace.Filter is { } filter && filter.Hook(NfHook.LocalIn, frame, device, null) != NfVerdict.Accept)
        {
            return;
        }
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        switch (ip.Protocol)
        {
            case IpProtocol.Icmp:
                Icmp.Receive(device, frame);
                return;
            case IpProtocol.Udp:
                Namespace.Sockets.ReceiveUdp(device, frame);
                return;
            case IpProtocol.Tcp:
                Namespace.Sockets.Tcp.Receive(device, frame);
                return;
            default:
                Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeProtocolUnreachable, 0);
                Namespace.Drop(frame, DropReason.UnhandledProtocol);
                return;
        }
    }

    /// <summary>ip_forward: TTL, route, MTU/DF, decrement, redirect, FORWARD, then output.</summary>
    private void Forward(NetDevice inDevice, Frame frame)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        if (ip.Ttl <= 1)
        {
            Icmp.SendError(frame, IcmpPacket.TypeTimeExceeded, 0, 0);
            Namespace.Drop(frame, DropReason.TtlExpired);
            return;
        }
        Ipv4Address destination = ip.Destination;
        if (!Routes.TryLookup(destination, out Route route) || route.Device is null)
        {
            Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeNetUnreachable, 0);
            Namespace.Drop(frame, DropReason.IpOutNoRoutes);
            return;
        }
        if (route.Kind != RouteKind.Unicast)
        {
            byte code = route.Kind switch
            {
                RouteKind.Unreachable => IcmpPacket.CodeHostUnreachable,
                RouteKind.Prohibit => IcmpPacket.CodeAdminProhibited,
                _ => 255,
            };
            if (code != 255)
            {
                Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, code, 0);
            }
            Namespace.Drop(frame, DropReason.IpOutNoRoutes);
            return;
        }
        NetDevice outDevice = route.Device;
        Ipv4Address nextHop = route.Gateway.IsAny ? destination : route.Gateway;
        int mtu = route.Mtu > 0 ? Math.Min(route.Mtu, outDevice.Mtu) : outDevice.Mtu;
        // ip_exceeds_mtu: a datagram conntrack reassembled (ignore_df) is refused only if a fragment was too big.
        if (ip.TotalLength > mtu && ip.DontFragment && (frame.FragMaxSize == 0 || frame.FragMaxSize > mtu))
        {
            Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeFragmentationNeeded, (uint)mtu);
            Namespace.Drop(frame, DropReason.FragNeeded);
            return;
        }
        ip.DecrementTtl();
        if (outDevice == inDevice && SendsRedirects(inDevice) && OnLink(inDevice, ip.Source))
        {
            Icmp.SendRedirect(frame, nextHop);
        }
        frame.NextHop = nextHop;
        if (Namespace.Filter is { } filter && filter.Hook(NfHook.Forward, frame, inDevice, outDevice) != NfVerdict.Accept)
        {
            return;
        }
        PostRouting(frame, outDevice, mtu);
    }

    private bool SendsRedirects(NetDevice device) => SendRedirects.AnyOn(device);

    private bool OnLink(NetDevice device, Ipv4Address address)
    {
        foreach (InterfaceAddress a in AddressesOf(device))
        {
            if (a.Prefix.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    // ---- output ------------------------------------------------------------------------------------------

    /// <summary>Writes an IPv4 header in front of the L4 payload already at <c>NetworkOffset + 20</c> and sends it
    /// (ip_queue_xmit / ip_push_pending_frames). The caller owns <paramref name="frame"/> until this call.</summary>
    public SendResult SendDatagram(Frame frame, in RouteDecision route, Ipv4Address source, Ipv4Address destination,
        byte protocol, byte ttl, byte tos, PmtuMode pmtu, int payloadLength)
    {
        int total = Ipv4Packet.MinHeaderLength + payloadLength;
        int pathMtu = PathMtu(destination, route);
        bool dontFragment = pmtu == PmtuMode.Do || (pmtu == PmtuMode.Want && total <= pathMtu);
        if (pmtu == PmtuMode.Do && total > pathMtu && !route.IsLocal)
        {
            World.Pool.Return(frame);
            return SendResult.MessageTooLong;
        }
        frame.Start = frame.NetworkOffset;
        frame.Length = total;
        Ipv4Packet.WriteHeader(frame.Data, source, destination, protocol, payloadLength, ttl, NextId(), dontFragment, tos);
        return LocalOut(frame, route);
    }

    /// <summary>Sends an IPv4 packet built by this host (frame window = the IP packet): OUTPUT, re-route if NAT
    /// changed the destination, POSTROUTING, fragmentation, ARP.</summary>
    public SendResult LocalOut(Frame frame, RouteDecision route)
    {
        frame.NetworkOffset = frame.Start;
        frame.FragMaxSize = 0; // a datagram built here (an echo reply reuses the request's frame)
        var ip = Ipv4Packet.CreateUnchecked(frame.Network);
        Ipv4Address destination = ip.Destination;
        if (Namespace.Filter is { } filter)
        {
            NfVerdict verdict = filter.Hook(NfHook.LocalOut, frame, null, route.Device);
            if (verdict != NfVerdict.Accept)
            {
                // Stolen: a fragment kept for reassembly (nf_defrag_ipv4), sent with its datagram.
                return verdict == NfVerdict.Stolen ? SendResult.Sent : SendResult.NotPermitted;
            }
            Ipv4Address after = Ipv4Packet.CreateUnchecked(frame.Network).Destination;
            if (after != destination && !TryRoute(after, out route))
            {
                Namespace.Drop(frame, DropReason.IpOutNoRoutes);
                return SendResult.NetworkUnreachable;
            }
        }
        frame.NextHop = route.NextHop;
        if (route.IsLocal)
        {
            return PostRouting(frame, Namespace.Loopback, Namespace.Loopback.Mtu) ? SendResult.Sent : SendResult.NotPermitted;
        }
        return PostRouting(frame, route.Device, PathMtu(ip.Destination, route)) ? SendResult.Sent : SendResult.NotPermitted;
    }

    /// <summary>POSTROUTING, then fragmentation and the neighbour layer. The frame window is the IP packet
    /// (local output) or the received Ethernet frame (forwarding); either way NetworkOffset is the IP header.</summary>
    private bool PostRouting(Frame frame, NetDevice device, int mtu)
    {
        if (Namespace.Filter is { } filter && filter.Hook(NfHook.PostRouting, frame, null, device) != NfVerdict.Accept)
        {
            return false;
        }
        frame.Start = frame.NetworkOffset;
        frame.Length = Ipv4Packet.CreateUnchecked(frame.Network).TotalLength;
        if ((frame.Length > mtu || frame.FragMaxSize != 0) && device is not LoopbackDevice) // ip_finish_output
        {
            Fragments.Fragment(frame, device, mtu);
            return true;
        }
        Transmit(frame, device);
        return true;
    }

    /// <summary>Adds the Ethernet header (frame window = IP packet) and resolves the next hop.</summary>
    internal void Transmit(Frame frame, NetDevice device)
    {
        Span<byte> header = frame.Prepend(EthernetFrame.HeaderLength);
        if (device is LoopbackDevice)
        {
            EthernetFrame.WriteHeader(header, MacAddress.Zero, MacAddress.Zero, EtherType.Ipv4);
            device.Transmit(frame);
            return;
        }
        EthernetFrame.WriteHeader(header, MacAddress.Broadcast, device.Mac, EtherType.Ipv4);
        Ipv4Address destination = Ipv4Packet.CreateUnchecked(frame.Network).Destination;
        Ipv4Address nextHop = frame.NextHop.IsAny ? destination : frame.NextHop;
        if (destination.IsMulticast)
        {
            EthernetFrame.CreateUnchecked(frame.Data).Destination = MacAddress.FromIpv4Multicast(destination);
            device.Transmit(frame);
            return;
        }
        if (IsBroadcastFor(device, destination))
        {
            device.Transmit(frame);
            return;
        }
        Neighbours.Output(device, nextHop, frame);
    }

    /// <summary>Resolution failed: ICMP host unreachable to the sender (over lo when that is us), then drop.</summary>
    internal void OnNeighbourFailed(Frame frame)
    {
        Icmp.SendError(frame, IcmpPacket.TypeDestinationUnreachable, IcmpPacket.CodeHostUnreachable, 0);
        Namespace.Drop(frame, DropReason.NeighFailed);
    }
}
