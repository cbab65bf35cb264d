using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>A Linux bridge (no STP, no VLAN filtering): learns source MACs, forwards known unicast to one port,
/// floods unknown unicast and group addresses to every other port, passes frames for its own addresses up to
/// the host stack through the bridge device, and never sends a frame back out its ingress port unless that
/// port is in hairpin mode. With br_netfilter on, bridged IPv4 frames traverse PREROUTING, FORWARD and
/// POSTROUTING with the bridge as in/out device and the ports as physdev.</summary>
public sealed class BridgeDevice : NetDevice
{
    private readonly List<NetDevice> _ports = [];

    public BridgeDevice(NetNamespace ns, string name, int ifIndex, MacAddress mac) : base(ns, name, ifIndex, mac)
    {
        Fdb.AddLocal(mac, this, 0);
    }

    public override DeviceKind Kind => DeviceKind.Bridge;
    public ForwardingDatabase Fdb { get; } = new();
    public IReadOnlyList<NetDevice> Ports => _ports;

    /// <summary>A bridge has carrier while at least one port forwards (kept up to date on every port change,
    /// so the frame path reads a field).</summary>
    public override bool Carrier => _carrier;

    private bool _carrier;

    private void UpdateCarrier()
    {
        bool carrier = false;
        foreach (NetDevice p in _ports)
        {
            carrier |= p.IsOperUp;
        }
        _carrier = carrier;
        NoteLinkState();
    }

    public void AddPort(NetDevice port)
    {
        if (port.Master == this)
        {
            return;
        }
        port.Master?.RemovePort(port);
        // find_portno: the lowest port number no other port of this bridge holds
        int number = 1;
        while (_ports.Exists(p => p.BridgePortNumber == number))
        {
            number++;
        }
        port.BridgePortNumber = number;
        _ports.Add(port);
        port.Master = this;
        Fdb.InsertLocal(port.Mac, port, World.Now);
        UpdateCarrier();
        RecalculateMac();
        Namespace.Ipv4.OnLinkChange(this);
    }

    public void RemovePort(NetDevice port)
    {
        if (!_ports.Remove(port))
        {
            return;
        }
        port.Master = null;
        // fdb_delete_by_port then fdb_delete_local: a local address another port (or the bridge) also has stays, now
        // theirs; everything else the port had goes.
        FdbEntry? local = Fdb.FindLocal(port.Mac);
        NetDevice? heir = null;
        if (local is not null && local.Port == port)
        {
            foreach (NetDevice p in _ports)
            {
                if (p.Mac == port.Mac)
                {
                    heir = p;
                    break;
                }
            }
            heir ??= Mac == port.Mac ? this : null;
        }
        Fdb.RemovePort(port);
        if (heir is not null)
        {
            Fdb.AddLocal(port.Mac, heir, World.Now);
        }
        UpdateCarrier();
        RecalculateMac();
        Namespace.Ipv4.OnLinkChange(this);
    }

    /// <summary>NETDEV_CHANGEADDR on a port (br_fdb_changeaddr): its old local entry goes as in
    /// <see cref="RemovePort"/>, the new address gets one, and the bridge may follow.</summary>
    public void PortMacChanged(NetDevice port, MacAddress mac)
    {
        if (Fdb.FindLocal(port.Mac) is { } old && old.Port == port)
        {
            Fdb.Remove(port.Mac);
            NetDevice? heir = null;
            foreach (NetDevice p in _ports)
            {
                if (p != port && p.Mac == port.Mac)
                {
                    heir = p;
                    break;
                }
            }
            heir ??= Mac == port.Mac ? this : null;
            if (heir is not null)
            {
                Fdb.AddLocal(port.Mac, heir, World.Now);
            }
        }
        port.Mac = mac;
        Fdb.InsertLocal(mac, port, World.Now);
        RecalculateMac();
    }

    /// <summary>br_stp_recalculate_bridge_id: without an address set by the user the bridge takes the lowest port
    /// MAC, and 00:00:00:00:00:00 once it has no port left.</summary>
    private void RecalculateMac()
    {
        if (MacSetByUser)
        {
            return;
        }
        MacAddress lowest = default;
        bool any = false;
        foreach (NetDevice p in _ports)
        {
            if (!any || p.Mac.Value < lowest.Value)
            {
                lowest = p.Mac;
                any = true;
            }
        }
        if (lowest != Mac)
        {
            ChangeMac(lowest);
        }
    }

    /// <summary>br_fdb_change_mac_address: the bridge's own entry for its old address goes (an entry that belongs to
    /// a port stays the port's), and the new address gets one unless a port already has it.</summary>
    public void ChangeMac(MacAddress mac)
    {
        if (Fdb.FindLocal(Mac) is { } old && old.Port == this)
        {
            Fdb.Remove(Mac);
            foreach (NetDevice p in _ports)
            {
                if (p.Mac == Mac)
                {
                    Fdb.AddLocal(Mac, p, World.Now);
                    break;
                }
            }
        }
        Mac = mac;
        Fdb.InsertLocal(mac, this, World.Now);
    }

    internal void OnPortChange()
    {
        UpdateCarrier();
        Namespace.Ipv4.OnLinkChange(this);
    }

    internal override void Detach()
    {
        foreach (NetDevice port in _ports.ToList())
        {
            RemovePort(port);
        }
    }

    /// <summary>The host stack sends through the bridge: known unicast to one port, the rest flooded.</summary>
    public override void Transmit(Frame frame)
    {
        if (!IsOperUp)
        {
            Stats.TxDropped++;
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        if (frame.BridgedDnat && frame.PhysIn is { } ingress)
        {
            // The neighbour layer resolved a bridged-DNAT destination: continue bridging (br_nf_pre_routing_finish_bridge_slow).
            frame.BridgedDnat = false;
            Bridge(ingress, frame, netfilter: true);
            return;
        }
        CountTransmit(frame);
        MacAddress destination = EthernetFrame.CreateUnchecked(frame.Data).Destination;
        if (!destination.IsMulticast && Fdb.TryLookup(destination, World.Now, out FdbEntry entry) && entry.Port != this)
        {
            entry.Port.Transmit(frame);
            return;
        }
        Flood(frame, ingress: null, netfilter: false);
    }

    /// <summary>A frame received on <paramref name="port"/>.</summary>
    internal void PortReceive(NetDevice port, Frame frame)
    {
        if (!IsOperUp)
        {
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        var eth = EthernetFrame.CreateUnchecked(frame.Data);
        MacAddress source = eth.Source;
        MacAddress destination = eth.Destination;
        if (!source.IsMulticast && !source.IsZero)
        {
            Fdb.Learn(source, port, World.Now);
        }
        frame.PhysIn = port;

        bool netfilter = eth.EtherType == EtherType.Ipv4 && !destination.IsMulticast && Namespace.BridgeNfCallIptables
            && Namespace.Filter is not null && frame.Length >= EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength;
        if (netfilter)
        {
            frame.NetworkOffset = frame.Start + eth.PayloadOffset;
            if (!Ipv4Packet.TryCreate(frame.Network, out Ipv4Packet ip))
            {
                Namespace.Drop(frame, DropReason.IpInHdr);
                return;
            }
            Ipv4Address before = ip.Destination;
            if (Namespace.Filter!.Hook(NfHook.PreRouting, frame, this, null) != NfVerdict.Accept)
            {
                return;
            }
            frame.BridgePreroutingDone = true;
            Ipv4Address after = Ipv4Packet.CreateUnchecked(frame.Network).Destination;
            if (after != before && !RedirectAfterDnat(frame, after))
            {
                return;
            }
        }
        Bridge(port, frame, netfilter);
    }

    /// <summary>The forwarding decision for a frame received on <paramref name="port"/> (br_handle_frame_finish).</summary>
    private void Bridge(NetDevice port, Frame frame, bool netfilter)
    {
        MacAddress destination = EthernetFrame.CreateUnchecked(frame.Data).Destination;
        if (destination.IsMulticast)
        {
            Flood(frame, port, netfilter: false, copyUp: true);
            return;
        }
        bool known = Fdb.TryLookup(destination, World.Now, out FdbEntry entry);
        if (known && entry.IsLocal)
        {
            DeliverUp(frame);
            return;
        }
        if (Promiscuity > 0)
        {
            // br_handle_frame_finish: a promiscuous bridge also passes the frame up (local_rcv), where packet sockets
            // see it and the IP layer drops it as PACKET_OTHERHOST.
            Stats.RxPackets++;
            Stats.RxBytes += frame.Length;
            TapFrame(frame, outgoing: false);
        }
        if (known)
        {
            if (entry.Port == port && !port.Hairpin)
            {
                Namespace.Drop(frame, DropReason.BridgeReflection);
                return;
            }
            Forward(frame, entry.Port, netfilter);
            return;
        }
        Flood(frame, port, netfilter);
    }

    /// <summary>br_nf_pre_routing_finish: DNAT changed the destination. If the new destination is reached through
    /// this bridge, keep bridging towards its MAC ("bridged DNAT"); otherwise hand the frame to the routed path.</summary>
    private bool RedirectAfterDnat(Frame frame, Ipv4Address destination)
    {
        var eth = EthernetFrame.CreateUnchecked(frame.Data);
        Ip.Ipv4Stack stack = Namespace.Ipv4;
        if (!stack.IsLocalAddress(destination) && stack.Routes.TryLookup(destination, out Ip.Route? route) && route.Device == this)
        {
            Ipv4Address nextHop = route.Gateway.IsAny ? destination : route.Gateway;
            if (stack.Neighbours.TryGetResolved(this, nextHop, out MacAddress mac))
            {
                eth.Destination = mac;
                return true;
            }
            MacAddress source = eth.Source;
            frame.BridgedDnat = true;
            frame.Start = frame.NetworkOffset; // the neighbour layer writes the Ethernet header back
            frame.Length = Ipv4Packet.CreateUnchecked(frame.Network).TotalLength;
            Span<byte> header = frame.Prepend(EthernetFrame.HeaderLength);
            EthernetFrame.WriteHeader(header, MacAddress.Broadcast, source, EtherType.Ipv4);
            stack.Neighbours.Output(this, nextHop, frame);
            return false;
        }
        // Routed (or unresolved): up to the host stack, which forwards it.
        eth.Destination = Mac;
        return true;
    }

    private void DeliverUp(Frame frame)
    {
        Stats.RxPackets++;
        Stats.RxBytes += frame.Length;
        frame.Ingress = this;
        TapFrame(frame, outgoing: false);
        Namespace.Ipv4.Receive(this, frame);
    }

    private void Forward(Frame frame, NetDevice egress, bool netfilter)
    {
        if (!egress.IsOperUp)
        {
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        if (netfilter)
        {
            frame.PhysOut = egress;
            if (Namespace.Filter!.Hook(NfHook.Forward, frame, this, this) != NfVerdict.Accept
                || Namespace.Filter!.Hook(NfHook.PostRouting, frame, null, this) != NfVerdict.Accept)
            {
                return;
            }
            if (frame.FragMaxSize != 0)
            {
                Namespace.Ipv4.Fragments.Refragment(frame, egress); // reassembled at PREROUTING: br_nf_dev_queue_xmit
                return;
            }
        }
        egress.Transmit(frame);
    }

    private void Flood(Frame frame, NetDevice? ingress, bool netfilter, bool copyUp = false)
    {
        NetDevice? last = null;
        foreach (NetDevice port in _ports)
        {
            if ((port == ingress && !port.Hairpin) || !port.IsOperUp)
            {
                continue;
            }
            if (last is not null)
            {
                Forward(World.Pool.Clone(frame), last, netfilter);
            }
            last = port;
        }
        if (copyUp)
        {
            if (last is not null)
            {
                Forward(World.Pool.Clone(frame), last, netfilter);
            }
            DeliverUp(frame);
        }
        else if (last is not null)
        {
            Forward(frame, last, netfilter);
        }
        else
        {
            Namespace.Drop(frame, DropReason.None);
        }
    }
}
