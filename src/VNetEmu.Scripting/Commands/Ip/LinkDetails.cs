using System.Globalization;
using System.Text;
using VNetEmu.Engine.Devices;

namespace VNetEmu.Scripting.Commands.Ip;

/// <summary>What `ip -d link show` adds (iproute2 6.1): the promiscuity/MTU-range suffix of the link line, then the
/// kind's attributes (bridge, veth, bridge_slave) and the generic tail. STP is not emulated: the bridge and port
/// STP timers read 0.00 and every port is forwarding once up; the emulated host has 2 CPUs (veth queues).</summary>
public static class LinkDetails
{
    private const string Tail = "addrgenmode eui64 numtxqueues {0} numrxqueues {0} gso_max_size 65536 gso_max_segs 65535 tso_max_size {1} tso_max_segs 65535 gro_max_size 65536 ";

    /// <summary>" promiscuity P  allmulti A minmtu M maxmtu X " appended to the link/ether line.</summary>
    public static string LinkSuffix(NetDevice d)
    {
        int promisc = d.Master is not null ? 1 : 0;
        return d switch
        {
            // Devices without a kind carry the generic attributes on the link line itself.
            LoopbackDevice => $" promiscuity {promisc}  allmulti {promisc} minmtu 0 maxmtu 0 " + string.Format(CultureInfo.InvariantCulture, Tail, 1, 524280),
            BridgeDevice or VethDevice => $" promiscuity {promisc}  allmulti {promisc} minmtu 68 maxmtu 65535 ",
            _ => $" promiscuity {promisc}  allmulti {promisc} minmtu 68 maxmtu 65535 " + string.Format(CultureInfo.InvariantCulture, Tail, 1, 65536),
        };
    }

    /// <summary>The lines after the link line (each with its trailing space), or "" for none.</summary>
    public static string KindLines(NetDevice d, long nowNs)
    {
        var sb = new StringBuilder();
        switch (d)
        {
            case BridgeDevice br:
                string id = "8000." + EtherNtoa(br.Mac);
                long ageing = br.Fdb.AgeingTimeNs;
                double gc = ageing > 0 ? (ageing - nowNs % ageing) / 1e9 : 0;
                sb.Append("    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time ").Append(ageing / 10_000_000)
                    .Append(" stp_state 0 priority 32768 vlan_filtering 0 bridge_id ").Append(id).Append(" designated_root ").Append(id)
                    .Append(" root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer ")
                    .Append(gc.ToString("F2", CultureInfo.InvariantCulture).PadLeft(7))
                    .Append(" group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ")
                    .AppendFormat(CultureInfo.InvariantCulture, Tail, 1, br.Ports.Count > 0 ? 524280 : 65536);
                return sb.ToString();
            case VethDevice:
                if (d.Master is not { } master)
                {
                    return "    veth " + string.Format(CultureInfo.InvariantCulture, Tail, 2, 524280);
                }
                string bid = "8000." + EtherNtoa(master.Mac);
                int no = d.BridgePortNumber;
                sb.Append("    veth \n    bridge_slave state ").Append(d.IsOperUp && master.AdminUp ? "forwarding" : "disabled")
                    .Append(" priority 32 cost 2 hairpin ").Append(d.Hairpin ? "on" : "off")
                    .Append(" guard off root_block off fastleave off learning on flood on port_id 0x").Append((0x8000 | no).ToString("x", CultureInfo.InvariantCulture))
                    .Append(" port_no 0x").Append(no.ToString("x", CultureInfo.InvariantCulture))
                    .Append(" designated_port ").Append(0x8000 | no).Append(" designated_cost 0 designated_bridge ").Append(bid).Append(" designated_root ").Append(bid)
                    .Append(" hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ")
                    .AppendFormat(CultureInfo.InvariantCulture, Tail, 2, 524280);
                return sb.ToString();
            default:
                return "";
        }
    }

    /// <summary>glibc's ether_ntoa: bytes in hex without leading zeros ("2:42:ac:11:0:2"), as iproute2 prints
    /// bridge ids.</summary>
    public static string EtherNtoa(Wire.MacAddress mac)
    {
        Span<byte> b = stackalloc byte[Wire.MacAddress.Length];
        mac.Write(b);
        return string.Create(CultureInfo.InvariantCulture, $"{b[0]:x}:{b[1]:x}:{b[2]:x}:{b[3]:x}:{b[4]:x}:{b[5]:x}");
    }
}
