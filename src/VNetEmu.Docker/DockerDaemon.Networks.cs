using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    /// <summary>`docker network create`: validates as the CLI and daemon do, picks the subnet, creates the bridge and
    /// programs its rules. Returns the new network.</summary>
    public DockerNetwork CreateNetwork(NetworkCreateRequest request)
    {
        if (request.Driver is not "bridge")
        {
            throw request.Driver switch
            {
                "overlay" => DockerException.Daemon("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again."),
                "host" or "null" => DockerException.Daemon($"only one instance of \"{request.Driver}\" network is allowed"),
                "macvlan" or "ipvlan" => new DockerException($"vnetemu: the {request.Driver} network driver is not emulated (bridge networks are)"),
                _ => DockerException.Daemon($"plugin \"{request.Driver}\" not found"),
            };
        }
        if (request.Name is "bridge" or "host" or "none")
        {
            throw DockerException.Daemon($"operation is not permitted on predefined {request.Name} network ");
        }
        if (Networks.Exists(n => n.Name == request.Name))
        {
            throw DockerException.Daemon($"network with name {request.Name} already exists");
        }
        if (request.Subnets.Count > 1)
        {
            throw new DockerException("vnetemu: one IPv4 subnet per network is emulated");
        }
        if (request.Gateways.Count > request.Subnets.Count || request.IpRanges.Count > request.Subnets.Count)
        {
            throw new DockerException("every ip-range or gateway must have a corresponding subnet");
        }
        Ipv4Prefix subnet;
        bool userSubnet = request.Subnets.Count == 1;
        if (userSubnet)
        {
            if (!Ipv4Prefix.TryParse(request.Subnets[0], out subnet))
            {
                throw new DockerException($"invalid CIDR address: {request.Subnets[0]}");
            }
            var masked = new Ipv4Prefix(subnet.Network, subnet.Length);
            if (masked.Address != subnet.Address && Version >= DockerVersion.V27)
            {
                throw DockerException.Daemon($"invalid network config:\ninvalid subnet {subnet}: it should be {masked}");
            }
            subnet = masked;
            foreach (DockerNetwork n in Networks)
            {
                if (n.Pool is { } p && PoolSelector.Overlaps(p.Subnet, subnet))
                {
                    throw DockerException.Daemon(Pools.OverlapMessage);
                }
            }
        }
        else
        {
            subnet = Pools.Next(TakenSubnets(), ReservedNetworks()) ?? throw DockerException.Daemon(Pools.ExhaustedMessage);
        }
        Ipv4Prefix? range = null;
        if (request.IpRanges.Count == 1)
        {
            if (!Ipv4Prefix.TryParse(request.IpRanges[0], out Ipv4Prefix r))
            {
                throw new DockerException($"invalid CIDR address: {request.IpRanges[0]}");
            }
            if (!subnet.Contains(r.Network) || r.Length < subnet.Length)
            {
                throw new DockerException($"no matching subnet for range {request.IpRanges[0]}");
            }
            range = r;
        }
        var pool = new AddressPool(subnet, range);
        Ipv4Address gateway;
        bool userGateway = request.Gateways.Count == 1;
        if (userGateway)
        {
            if (!Ipv4Address.TryParse(request.Gateways[0], out gateway))
            {
                throw new DockerException($"invalid gateway address: {request.Gateways[0]}");
            }
            if (!subnet.Contains(gateway))
            {
                throw new DockerException($"no matching subnet for gateway {request.Gateways[0]}");
            }
            pool.Claim(gateway);
        }
        else
        {
            gateway = pool.Allocate() ?? throw DockerException.Daemon("no available addresses on this pool");
        }
        string id = Ids.NewId();
        string bridgeName = request.Options.TryGetValue("com.docker.network.bridge.name", out string? bn) ? bn : "br-" + id[..12];
        DockerNetwork? sameBridge = Networks.Find(n => n.BridgeName == bridgeName);
        if (sameBridge is not null)
        {
            throw DockerException.Daemon($"cannot create network {id} ({bridgeName}): conflicts with network {sameBridge.Id} ({bridgeName}): networks have same bridge name");
        }
        var network = new DockerNetwork
        {
            Id = id,
            Name = request.Name,
            Driver = "bridge",
            Created = Emulator.Clock,
            Internal = request.Internal,
            Attachable = request.Attachable,
            UserSubnet = userSubnet,
            UserGateway = userGateway,
            IpRange = range,
            Pool = pool,
            Gateway = gateway,
            BridgeName = bridgeName,
            Options = request.Options,
            Labels = request.Labels,
        };
        Networks.Add(network);
        BringUpBridge(network);
        return network;
    }

    /// <summary>Creates the Linux bridge of a network with its gateway address, and its rules.</summary>
    private void BringUpBridge(DockerNetwork network)
    {
        MacAddress mac = Version >= DockerVersion.V28 ? Ids.RandomMac() : Ids.BridgeMac();
        BridgeDevice bridge = Host.AddBridge(network.BridgeName!, mac);
        bridge.TxQueueLength = 0; // the recorded docker0 and br- bridges show no qlen: txqueuelen 0
        bridge.Mtu = network.Mtu;
        Host.Ipv4.AddAddress(bridge, new Ipv4Prefix(network.Gateway, network.Pool!.Subnet.Length), network.Pool.Subnet.BroadcastAddress);
        bridge.SetAdminUp(true);
        network.Bridge = bridge;
        Emulator.Sysctls.Set(Host, $"net.ipv6.conf.{bridge.Name}.accept_ra", "0");
        if (!Options.UserlandProxy)
        {
            Emulator.Sysctls.Set(Host, $"net.ipv4.conf.{bridge.Name}.route_localnet", "1");
        }
        Firewall.AddNetwork(network.Rules);
    }

    /// <summary>`docker network rm`.</summary>
    public void RemoveNetwork(DockerNetwork network)
    {
        if (network.IsPredefined)
        {
            throw DockerException.Daemon($"{network.Name} is a pre-defined network and cannot be removed");
        }
        if (network.Endpoints.Count > 0 || Containers.Exists(c => c.Attachments.Exists(a => a.Network == network) && c.Running))
        {
            throw DockerException.Daemon(Version >= DockerVersion.V28
                ? $"error while removing network: network {network.Name} has active endpoints ({string.Join(", ", network.Endpoints.ConvertAll(e => e.Container.Name))})"
                : $"error while removing network: network {network.Name} id {network.Id} has active endpoints");
        }
        Firewall.RemoveNetwork(network.Rules);
        if (network.Bridge is { } bridge)
        {
            Host.DeleteDevice(bridge);
        }
        Networks.Remove(network);
        foreach (Container c in Containers)
        {
            c.Attachments.RemoveAll(a => a.Network == network);
        }
    }

    /// <summary>`docker network prune -f`: removes user networks without endpoints; returns their names.</summary>
    public List<string> PruneNetworks()
    {
        var removed = new List<string>();
        foreach (DockerNetwork n in Networks.ToArray())
        {
            if (!n.IsPredefined && n.Endpoints.Count == 0 && !Containers.Exists(c => c.Attachments.Exists(a => a.Network == n)))
            {
                RemoveNetwork(n);
                removed.Add(n.Name);
            }
        }
        return removed;
    }
}
