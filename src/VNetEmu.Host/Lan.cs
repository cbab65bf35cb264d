using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Wire;

namespace VNetEmu.Host;

/// <summary>The emulated host's uplink: `eth0` 192.0.2.10/24 in the root namespace, cabled to the namespace
/// <c>lan</c>, which plays the rest of the LAN — its router 192.0.2.1 (the host's default gateway), the DNS
/// resolver 192.0.2.53 named in the host's /etc/resolv.conf, a web server 192.0.2.80 (svc.example.test) and an
/// external client 192.0.2.100 (`ip netns exec lan curl --interface 192.0.2.100 …`). Created with the Docker
/// daemon, so that outbound NAT and published ports have somewhere to go.</summary>
public sealed class Lan
{
    public const string NamespaceName = "lan";
    public static readonly Ipv4Prefix Subnet = new(new Ipv4Address(192, 0, 2, 0), 24);
    public static readonly Ipv4Address HostAddress = new(192, 0, 2, 10);
    public static readonly Ipv4Address Gateway = new(192, 0, 2, 1);
    public static readonly Ipv4Address WebServer = new(192, 0, 2, 80);
    public static readonly Ipv4Address Client = new(192, 0, 2, 100);
    public static readonly MacAddress HostMac = MacAddress.Parse("02:00:c0:00:02:0a");
    public static readonly MacAddress LanMac = MacAddress.Parse("02:00:c0:00:02:01");

    /// <summary>Names the LAN resolver answers (everything else: NXDOMAIN).</summary>
    public static readonly IReadOnlyDictionary<string, Ipv4Address> Zone = new Dictionary<string, Ipv4Address>(StringComparer.OrdinalIgnoreCase)
    {
        ["svc.example.test"] = WebServer,
        ["www.example.test"] = WebServer,
        ["gateway.example.test"] = Gateway,
        ["client.example.test"] = Client,
    };

    private Lan(NetNamespace? ns) => Namespace = ns;

    /// <summary>The resolver at 192.0.2.53 (its query log is `upstream_log`'s).</summary>
    public Apps.Dns.ZoneResolverApp? Resolver { get; private init; }

    /// <summary>The LAN's web server (every LAN address, port 80).</summary>
    public Apps.Http.HttpServerApp? Web { get; private init; }

    /// <summary>The `lan` namespace (null with <see cref="Uplink.None"/>).</summary>
    public NetNamespace? Namespace { get; }

    /// <summary>Builds the LAN once per host.</summary>
    public static Lan Ensure(Emulator emulator) => emulator.Service(e => Create(e));

    private static Lan Create(Emulator emulator)
    {
        NetNamespace root = emulator.World.Root;
        if (emulator.Uplink == Uplink.None)
        {
            return CreateIsolated(emulator, root);
        }
        NetNamespace lan = emulator.World.AddNamespace(NamespaceName);
        lan.Loopback.SetAdminUp(true);
        lan.Ipv4.AddAddress(lan.Loopback, new Ipv4Prefix(Ipv4Address.Loopback, 8), default);
        var (eth0, peer) = root.AddVethPair("eth0", HostMac, "eth0", LanMac, lan);
        eth0.SetAdminUp(true);
        peer.SetAdminUp(true);
        root.Ipv4.AddAddress(eth0, new Ipv4Prefix(HostAddress, 24), Subnet.BroadcastAddress);
        lan.Ipv4.AddAddress(peer, new Ipv4Prefix(Gateway, 24), Subnet.BroadcastAddress);
        foreach (Ipv4Address a in new[] { Emulator.LanResolver, WebServer, Client })
        {
            lan.Ipv4.AddAddress(peer, new Ipv4Prefix(a, 24), Subnet.BroadcastAddress);
        }
        root.Ipv4.Routes.Add(new Route { Destination = default, Gateway = Gateway, Device = eth0, Protocol = "boot", Scope = "global" });
        emulator.Sysctls.Set(lan, "net.ipv6.conf.all.disable_ipv6", "1");
        var lanUserspace = new Userspace("lan", ToolFamily.Gnu) { Network = lan };
        var resolver = new Apps.Dns.ZoneResolverApp(Emulator.LanResolver);
        foreach (var (name, address) in Zone)
        {
            resolver.Add(name, address);
        }
        resolver.Start(emulator, lan, lanUserspace);
        Apps.Http.HttpServerApp web = Apps.Http.HttpServerApp.Static("hello from svc.example.test\n");
        web.Start(emulator, lan, lanUserspace);
        return new Lan(lan) { Resolver = resolver, Web = web };
    }

    /// <summary><see cref="Uplink.None"/>: the host as Docker's goldens were recorded — no uplink, the resolver
    /// 192.0.2.53/32 on the host's own `lo` (answering svc.example.test only).</summary>
    private static Lan CreateIsolated(Emulator emulator, NetNamespace root)
    {
        root.Ipv4.AddAddress(root.Loopback, new Ipv4Prefix(Emulator.LanResolver, 32), default);
        var resolver = new Apps.Dns.ZoneResolverApp(Emulator.LanResolver);
        resolver.Add("svc.example.test", WebServer);
        resolver.Start(emulator, root, emulator.HostUserspace);
        // The recordings' upstream was a small python3 server (tcp on fd 4 with backlog 16, udp on fd 5).
        HostProcess upstream = emulator.Processes.Start("python3 /usr/local/bin/upstream-dns.py 192.0.2.53", root);
        resolver.SetOwners(upstream.Own(5), upstream.Own(4), backlog: 16);
        return new Lan(null) { Resolver = resolver };
    }
}
