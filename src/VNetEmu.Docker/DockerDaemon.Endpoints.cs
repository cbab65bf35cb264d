using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

public sealed partial class DockerDaemon
{
    /// <summary>Creates a container's endpoint on a bridge network: address from IPAM, MAC, veth pair (host side
    /// `vethXXXXXXX` on the bridge, `ethN` inside), the endpoint's rules.</summary>
    private Endpoint Join(Container container, NetworkAttachment attachment)
    {
        DockerNetwork network = attachment.Network;
        AddressPool pool = network.Pool!;
        Ipv4Address address;
        if (attachment.RequestedAddress is { } wanted)
        {
            if (wanted == network.Gateway || !pool.Claim(wanted))
            {
                throw DockerException.Daemon("Address already in use");
            }
            address = wanted;
        }
        else
        {
            address = pool.Allocate() ?? throw DockerException.Daemon($"no available IPv4 addresses on this network's address pools: {network.Name} ({network.Id})");
        }
        MacAddress mac = container.MacAddressGiven is { } given && container.Endpoints.Count == 0
            ? given
            : Version >= DockerVersion.V28 ? Ids.RandomMac() : new MacAddress(0x0242_0000_0000UL | address.Value);
        string hostName = Ids.VethName();
        string tempName = Ids.VethName();
        var (inside, outside) = Host.AddVethPair(tempName, mac, hostName, null, null);
        inside.Mtu = network.Mtu;
        outside.Mtu = network.Mtu;
        inside.TxQueueLength = outside.TxQueueLength = 0; // libnetwork creates the pair with TxQLen 0
        Host.MoveDevice(inside, container.Namespace!);
        string ifName = "eth" + NextInterfaceNumber(container);
        container.Namespace!.RenameDevice(inside, ifName);
        network.Bridge!.AddPort(outside);
        outside.Hairpin = !Options.UserlandProxy;
        outside.SetAdminUp(true);
        container.Namespace.Ipv4.AddAddress(inside, new Ipv4Prefix(address, pool.Subnet.Length), pool.Subnet.BroadcastAddress);
        inside.SetAdminUp(true);
        var endpoint = new Endpoint
        {
            Id = Ids.NewId(),
            Container = container,
            Network = network,
            Address = address,
            Mac = mac,
            RequestedAddress = attachment.RequestedAddress,
            HostVeth = outside,
            ContainerVeth = inside,
            InterfaceName = ifName,
        };
        endpoint.Aliases.AddRange(attachment.Aliases);
        endpoint.Links.AddRange(attachment.Links);
        container.Endpoints.Add(endpoint);
        network.Endpoints.Add(endpoint);
        Firewall.AddEndpoint(network.Rules, address);
        return endpoint;
    }

    private int NextInterfaceNumber(Container container)
    {
        if (Version >= DockerVersion.V28)
        {
            int n = 0;
            while (container.Namespace!.HasDevice("eth" + n))
            {
                n++;
            }
            return n;
        }
        return container.NextInterfaceIndex++;
    }

    private void Leave(Endpoint endpoint)
    {
        Container container = endpoint.Container;
        DockerNetwork network = endpoint.Network;
        Firewall.RemoveEndpoint(network.Rules, endpoint.Address);
        if (endpoint.HostVeth is { } veth && Host.HasDevice(veth.Name))
        {
            Host.DeleteDevice(veth);
        }
        network.Pool!.Release(endpoint.Address);
        network.Endpoints.Remove(endpoint);
        container.Endpoints.Remove(endpoint);
    }

    /// <summary>One default route, through the endpoint that sorts first (libnetwork Endpoint.Less: non-internal,
    /// then network name).</summary>
    private void SetDefaultGateway(Container container)
    {
        if (container.Namespace is not { } ns)
        {
            return;
        }
        ns.Ipv4.Routes.RemoveWhere(r => r.Destination.Length == 0);
        Endpoint? best = GatewayEndpoint(container);
        if (best is not null)
        {
            ns.Ipv4.Routes.Add(new Route { Destination = default, Gateway = best.Network.Gateway, Device = best.ContainerVeth, Protocol = "boot", Scope = "global" });
        }
    }

    /// <summary>The endpoint that carries the default route and the published ports.</summary>
    public static Endpoint? GatewayEndpoint(Container container)
    {
        Endpoint? best = null;
        foreach (Endpoint e in container.Endpoints)
        {
            if (e.Network.Internal)
            {
                continue;
            }
            if (best is null || string.CompareOrdinal(e.Network.Name, best.Network.Name) < 0)
            {
                best = e;
            }
        }
        return best;
    }

    /// <summary>`docker network connect [--ip] [--alias] NET C`.</summary>
    public void Connect(DockerNetwork network, Container container, Ipv4Address? ip, List<string> aliases)
    {
        if (container.NetworkMode == "host" || container.SharesWith is not null || network.Driver == "host")
        {
            throw DockerException.Daemon(network.Driver == "host" || container.NetworkMode == "host"
                ? "container cannot be disconnected from host network or connected to host network"
                : "container sharing network namespace with another container or host cannot be connected to any other network");
        }
        if (container.NetworkMode == "none" || network.Driver == "null")
        {
            throw DockerException.Daemon("container cannot be connected to multiple networks with one of the networks in private (none) mode");
        }
        if (container.Attachments.Exists(a => a.Network == network))
        {
            throw DockerException.Daemon($"endpoint with name {container.Name} already exists in network {network.Name}");
        }
        if (network.IsDefaultBridge && ip is not null)
        {
            throw DockerException.Daemon("user specified IP address is supported on user defined networks only");
        }
        if (network.IsDefaultBridge && aliases.Count > 0)
        {
            throw DockerException.Daemon("network-scoped alias is supported only for containers in user defined networks");
        }
        if (ip is { } wanted)
        {
            CheckRequestedAddress(network, wanted, 1);
        }
        var attachment = new NetworkAttachment(network) { RequestedAddress = ip, Aliases = aliases };
        if (container.Running)
        {
            Join(container, attachment);
            SetDefaultGateway(container);
            WriteFiles(container);
            StartEmbeddedDns(container);
        }
        container.Attachments.Add(attachment);
    }

    /// <summary>`docker network disconnect NET C`.</summary>
    public void Disconnect(DockerNetwork network, Container container)
    {
        if (network.Driver == "host" || container.NetworkMode == "host")
        {
            throw DockerException.Daemon("container cannot be disconnected from host network or connected to host network");
        }
        NetworkAttachment? attachment = container.Attachments.Find(a => a.Network == network)
            ?? throw DockerException.Daemon($"container {container.Id} is not connected to network {network.Name}");
        container.Attachments.Remove(attachment);
        if (container.Endpoints.Find(e => e.Network == network) is { } endpoint)
        {
            bool carriedPorts = GatewayEndpoint(container) == endpoint;
            if (carriedPorts)
            {
                UnpublishPorts(container);
            }
            Leave(endpoint);
            SetDefaultGateway(container);
            if (carriedPorts && container.Running)
            {
                PublishPorts(container);
            }
        }
    }
}
