using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Namespaces;

/// <summary>A network namespace: its devices (ifindex allocated per namespace, <c>lo</c> = 1), its IPv4 stack,
/// its sysctls, its sockets and, once rules exist, its netfilter.</summary>
public sealed class NetNamespace
{
    private readonly Dictionary<string, NetDevice> _devices = new(StringComparer.Ordinal);
    private int _nextIfIndex = 2;

    internal NetNamespace(World world, string name)
    {
        World = world;
        Name = name;
        Loopback = new LoopbackDevice(this);
        _devices.Add("lo", Loopback);
        Ipv4 = new Ipv4Stack(this);
        Sockets = new SocketTable(this);
    }

    public World World { get; }
    public string Name { get; }

    /// <summary>Not listed by `ip netns` (a Docker container's namespace).</summary>
    public bool Hidden { get; init; }

    /// <summary>A name given to this namespace with `ip netns attach NAME PID` (the host's, a container's); null
    /// when none. Namespaces made by `ip netns add` are named by <see cref="Name"/>.</summary>
    public string? AttachedName { get; set; }
    public LoopbackDevice Loopback { get; }
    public Ipv4Stack Ipv4 { get; }
    public SocketTable Sockets { get; }

    /// <summary>Set by the netfilter layer once this namespace has tables; null means every hook accepts.</summary>
    public IPacketFilter? Filter { get; set; }

    /// <summary>net.bridge.bridge-nf-call-iptables (1 when br_netfilter is loaded, as on the recording host).</summary>
    public bool BridgeNfCallIptables { get; set; } = true;
    public long[] Drops { get; } = new long[(int)DropReason.Count];
    public IEnumerable<NetDevice> Devices => _devices.Values.OrderBy(d => d.IfIndex);

    /// <summary>The devices in no particular order, without allocating (for the packet path).</summary>
    public Dictionary<string, NetDevice>.ValueCollection DeviceList => _devices.Values;

    public bool TryGetDevice(string name, out NetDevice device) => _devices.TryGetValue(name, out device!);

    public NetDevice? FindDevice(int ifIndex)
    {
        foreach (NetDevice d in _devices.Values)
        {
            if (d.IfIndex == ifIndex)
            {
                return d;
            }
        }
        return null;
    }

    public int AllocateIfIndex() => _nextIfIndex++;

    /// <summary>Random locally administered unicast MAC, as the kernel's eth_random_addr.</summary>
    public MacAddress RandomMac()
    {
        ulong v = (ulong)World.Random.NextInt64() & 0xFFFF_FFFF_FFFFUL;
        v = (v & ~0x0100_0000_0000UL) | 0x0200_0000_0000UL;
        return new MacAddress(v);
    }

    public BridgeDevice AddBridge(string name, MacAddress? mac)
    {
        var bridge = new BridgeDevice(this, name, AllocateIfIndex(), mac ?? RandomMac()) { MacSetByUser = mac.HasValue };
        _devices.Add(name, bridge);
        return bridge;
    }

    /// <summary>Creates a veth pair; the peer end is created in <paramref name="peerNs"/> (this namespace if null).
    /// With <paramref name="peerFirst"/> the peer is registered first, as veth_newlink does (`ip link add A type veth
    /// peer name B` numbers B before A); MACs are drawn in the same order.</summary>
    public (VethDevice Local, VethDevice Peer) AddVethPair(string name, MacAddress? mac, string peerName, MacAddress? peerMac, NetNamespace? peerNs,
        bool peerFirst = false)
    {
        peerNs ??= this;
        VethDevice local, peer;
        if (peerFirst)
        {
            peer = new VethDevice(peerNs, peerName, peerNs.AllocateIfIndex(), peerMac ?? peerNs.RandomMac()) { MacSetByUser = peerMac.HasValue };
            local = new VethDevice(this, name, AllocateIfIndex(), mac ?? RandomMac()) { MacSetByUser = mac.HasValue };
        }
        else
        {
            local = new VethDevice(this, name, AllocateIfIndex(), mac ?? RandomMac()) { MacSetByUser = mac.HasValue };
            peer = new VethDevice(peerNs, peerName, peerNs.AllocateIfIndex(), peerMac ?? peerNs.RandomMac()) { MacSetByUser = peerMac.HasValue };
        }
        local.Peer = peer;
        peer.Peer = local;
        _devices.Add(name, local);
        peerNs._devices.Add(peerName, peer);
        return (local, peer);
    }

    public bool HasDevice(string name) => _devices.ContainsKey(name);

    /// <summary>Moves a device to another namespace (`ip link set DEV netns NS`): it goes down, loses its addresses
    /// and its bridge, and gets a new ifindex there if its own is taken.</summary>
    public void MoveDevice(NetDevice device, NetNamespace target)
    {
        device.SetAdminUp(false);
        device.Master?.RemovePort(device);
        Ipv4.RemoveDevice(device);
        _devices.Remove(device.Name);
        device.Namespace = target;
        if (target.FindDevice(device.IfIndex) is not null)
        {
            device.IfIndex = target.AllocateIfIndex();
        }
        else
        {
            target._nextIfIndex = Math.Max(target._nextIfIndex, device.IfIndex + 1);
        }
        target._devices.Add(device.Name, device);
        if (device is VethDevice veth && veth.Peer.Namespace != target)
        {
            // rtnetlink assigns nsids as the link is announced: each side learns the other's.
            target.PeerNsId(veth.Peer.Namespace);
            veth.Peer.Namespace.PeerNsId(target);
        }
    }

    private readonly Dictionary<NetNamespace, int> _nsIds = [];

    /// <summary>The id this namespace knows <paramref name="other"/> by (`link-netnsid N`), allocated in order of
    /// first need, from 0.</summary>
    public int PeerNsId(NetNamespace other)
    {
        if (!_nsIds.TryGetValue(other, out int id))
        {
            id = _nsIds.Count;
            _nsIds.Add(other, id);
        }
        return id;
    }

    public void RenameDevice(NetDevice device, string newName)
    {
        _devices.Remove(device.Name);
        device.Name = newName;
        _devices.Add(newName, device);
    }

    /// <summary>Deletes a device; deleting a veth end deletes its peer too.</summary>
    public void DeleteDevice(NetDevice device)
    {
        RemoveOne(device);
        if (device is VethDevice veth && veth.Peer.Namespace._devices.ContainsKey(veth.Peer.Name))
        {
            veth.Peer.Namespace.RemoveOne(veth.Peer);
        }
    }

    private void RemoveOne(NetDevice device)
    {
        device.SetAdminUp(false);
        device.Master?.RemovePort(device);
        device.Detach();
        Ipv4.RemoveDevice(device);
        _devices.Remove(device.Name);
    }

    internal void Destroy()
    {
        foreach (NetDevice d in _devices.Values.ToList())
        {
            if (d is not LoopbackDevice)
            {
                DeleteDevice(d);
            }
        }
        Sockets.CloseAll();
    }

    /// <summary>Counts a drop and returns the frame to the pool. Every frame ends here, at a socket, or on a wire.</summary>
    public void Drop(Frame frame, DropReason reason)
    {
        Drops[(int)reason]++;
        World.OnDropped(this, frame, reason);
        World.Pool.Return(frame);
    }
}
