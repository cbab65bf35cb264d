using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Devices;

/// <summary>A network interface in one namespace. Receive: taps, counters, then the bridge it is a port of or the
/// namespace's IPv4 stack. Transmit is the device kind's own (a veth hands the frame to its peer).</summary>
public abstract class NetDevice
{
    private List<DeviceTap>? _taps;

    protected NetDevice(NetNamespace ns, string name, int ifIndex, MacAddress mac)
    {
        Namespace = ns;
        Name = name;
        IfIndex = ifIndex;
        Mac = mac;
    }

    public abstract DeviceKind Kind { get; }
    public NetNamespace Namespace { get; internal set; }
    public string Name { get; internal set; }
    public int IfIndex { get; internal set; }
    public MacAddress Mac { get; set; }

    /// <summary>True when the MAC was given by the user (`address MAC`), not chosen at random.</summary>
    public bool MacSetByUser { get; set; }
    public int Mtu { get; set; } = 1500;
    /// <summary>txqueuelen (`ip link` prints it as qlen when non-zero).</summary>
    public int TxQueueLength { get; set; } = 1000;

    /// <summary>`ip link set … up`.</summary>
    public bool AdminUp { get; private set; }

    /// <summary>The device has been up at least once: it got its qdisc then (noqueue) and keeps it when down.</summary>
    public bool HasBeenUp { get; private set; }

    /// <summary>LOWER_UP: the link below is there (a veth's peer is up; a bridge has a forwarding port).</summary>
    public abstract bool Carrier { get; }
    public bool IsOperUp => AdminUp && Carrier;
    public BridgeDevice? Master { get; internal set; }

    /// <summary>The port number on <see cref="Master"/> (port_no; port_id is 0x8000 | it).</summary>
    public int BridgePortNumber { get; internal set; }

    /// <summary>`bridge link set dev … hairpin on`: a bridge may send a frame back out the port it came in on.</summary>
    public bool Hairpin { get; set; }
    public DeviceCounters Stats { get; } = new();
    public World World => Namespace.World;

    public virtual void SetAdminUp(bool up)
    {
        if (AdminUp == up)
        {
            return;
        }
        AdminUp = up;
        HasBeenUp |= up;
        NoteLinkState();
        Namespace.Ipv4.OnLinkChange(this);
        Master?.OnPortChange();
    }

    /// <summary>IPv6 addrconf's view: true once the device has been up with carrier since it last went up. The
    /// kernel gives it its link-local address then and keeps it over a carrier loss, until the device goes down.
    /// (IPv6 traffic is not emulated; the address is shown by `ip addr` and its multicast entry by `bridge fdb`.)</summary>
    public bool Ipv6LinkReady { get; private set; }

    /// <summary>Called when the device's admin state or carrier may have changed.</summary>
    public void NoteLinkState()
    {
        if (!AdminUp)
        {
            Ipv6LinkReady = false;
        }
        else if (Carrier)
        {
            Ipv6LinkReady = true;
        }
    }

    /// <summary>How many packet sockets asked for promiscuous mode (dev_set_promiscuity): a bridge then passes every
    /// frame it bridges up through its own device, where tcpdump sees it.</summary>
    public int Promiscuity { get; private set; }

    public void SetPromiscuity(int increment) => Promiscuity = Math.Max(0, Promiscuity + increment);

    /// <summary>A tap on this device only (tcpdump -i DEV).</summary>
    public void AddTap(DeviceTap tap) => (_taps ??= []).Add(tap);

    public void RemoveTap(DeviceTap tap) => _taps?.Remove(tap);

    /// <summary>Sends an Ethernet frame out of this device. Takes ownership of <paramref name="frame"/>.</summary>
    public abstract void Transmit(Frame frame);

    /// <summary>A frame arriving from the wire (or the peer). Takes ownership.</summary>
    internal virtual void Receive(Frame frame)
    {
        if (!AdminUp)
        {
            Stats.RxDropped++;
            Namespace.Drop(frame, DropReason.DevDown);
            return;
        }
        Stats.RxPackets++;
        Stats.RxBytes += frame.Length;
        frame.Ingress = this;
        TapFrame(frame, outgoing: false);
        if (Master is { } bridge)
        {
            bridge.PortReceive(this, frame);
        }
        else
        {
            Namespace.Ipv4.Receive(this, frame);
        }
    }

    /// <summary>Counts and taps a frame leaving this device.</summary>
    protected void CountTransmit(Frame frame)
    {
        Stats.TxPackets++;
        Stats.TxBytes += frame.Length;
        TapFrame(frame, outgoing: true);
    }

    internal void TapFrame(Frame frame, bool outgoing)
    {
        if (_taps is { } taps)
        {
            for (int i = 0; i < taps.Count; i++)
            {
                taps[i](this, World.Now, frame, outgoing);
            }
        }
        World.Tap(this, frame, outgoing);
    }

    /// <summary>Called when the device leaves its namespace or is deleted.</summary>
    internal virtual void Detach()
    {
    }

    public override string ToString() => $"{Namespace.Name}:{Name}";
}

/// <summary>Sees frames at one device.</summary>
public delegate void DeviceTap(NetDevice device, long timeNs, Frame frame, bool outgoing);
