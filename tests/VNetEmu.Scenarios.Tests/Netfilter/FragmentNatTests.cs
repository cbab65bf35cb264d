using System.Text.RegularExpressions;
using VNetEmu.Capture;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Netfilter;

/// <summary>Fragments through conntrack, as Linux does it: nf_defrag_ipv4 reassembles at PREROUTING, conntrack and
/// NAT see the whole datagram, and output fragments it again at the size it arrived in (or smaller links).</summary>
public class FragmentNatTests
{
    private const string Router = ScenarioHarness.Router;

    private const string Captures = """
        ip netns exec t-a tcpdump -i eth0 -w captures/a.pcap &
        ip netns exec t-b tcpdump -i eth0 -w captures/b.pcap &

        """;

    private static readonly Ipv4Address s_client = Ipv4Address.Parse("10.1.0.2");
    private static readonly Ipv4Address s_server = Ipv4Address.Parse("10.2.0.2");
    private static readonly Ipv4Address s_routerOut = Ipv4Address.Parse("10.2.0.1");

    [Fact]
    public void Masquerade_FragmentedPing_EveryFragmentTranslated()
    {
        using var dir = new TempDirectory();
        RunResult r = Run(dir, Router + Captures + """
            ip netns exec t-r iptables -t nat -A POSTROUTING -o r-b -j MASQUERADE
            ip netns exec t-a ping -c 1 -s 3000 10.2.0.2
            ip netns exec t-r conntrack -L
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("1 packets transmitted, 1 received", r.Transcript);
        Assert.Single(Regex.Matches(r.Transcript, "^icmp ", RegexOptions.Multiline)); // one entry, not one per fragment
        Assert.Matches(@"icmp     1 \d+ src=10\.1\.0\.2 dst=10\.2\.0\.2 type=8 code=0 id=\d+ src=10\.2\.0\.2 dst=10\.2\.0\.1 type=0 code=0", r.Transcript);

        List<byte[]> requests = Packets(dir, "b", p => p.Destination == s_server);
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 68)], Geometry(requests));
        AssertFragments(requests, s_routerOut, s_server);
        byte[] request = Reassemble(requests);
        Assert.True(IcmpPacket.TryCreate(request, out IcmpPacket icmp) && icmp.IsChecksumValid);
        Assert.Equal(IcmpPacket.TypeEchoRequest, icmp.Type);

        // The reply is translated back on its way to the client: every fragment to 10.1.0.2, ICMP checksum intact.
        List<byte[]> replies = Packets(dir, "a", p => p.Source == s_server);
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 68)], Geometry(replies));
        AssertFragments(replies, s_server, s_client);
        Assert.True(IcmpPacket.TryCreate(Reassemble(replies), out IcmpPacket reply) && reply.IsChecksumValid);
    }

    [Fact]
    public void SmallerOutLink_RefragmentsTheDatagram_AndRepliesKeepTheSizeTheyCameIn()
    {
        using var dir = new TempDirectory();
        RunResult r = Run(dir, Router + Captures + """
            ip -n t-r link set r-b mtu 1000
            ip -n t-b link set eth0 mtu 1000
            ip netns exec t-r iptables -t nat -A POSTROUTING -o r-b -j MASQUERADE
            ip netns exec t-a ping -c 1 -s 3000 10.2.0.2
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("1 packets transmitted, 1 received", r.Transcript);
        // 1500 + 1500 + 68 in, reassembled, out again at 1000 (976 bytes of data each): not each fragment cut in two.
        List<byte[]> requests = Packets(dir, "b", p => p.Destination == s_server);
        Assert.Equal([(0, true, 996), (976, true, 996), (1952, true, 996), (2928, false, 100)], Geometry(requests));
        AssertFragments(requests, s_routerOut, s_server);
        Assert.True(IcmpPacket.TryCreate(Reassemble(requests), out IcmpPacket icmp) && icmp.IsChecksumValid);
        // The reply came in as 996-byte fragments: the router keeps that size on the 1500-byte link (frag_max_size).
        List<byte[]> replies = Packets(dir, "a", p => p.Source == s_server);
        Assert.Equal([(0, true, 996), (976, true, 996), (1952, true, 996), (2928, false, 100)], Geometry(replies));
        AssertFragments(replies, s_server, s_client);
    }

    [Fact]
    public void Snat_FragmentedUdpDatagram_ArrivesWhole()
    {
        using var dir = new TempDirectory();
        string data = new('x', 3999); // + the heredoc's newline: 4000 bytes in one datagram
        RunResult r = Run(dir, Router + Captures + $"""
            ip netns exec t-r iptables -t nat -A POSTROUTING -o r-b -p udp -j SNAT --to-source 10.2.0.1
            ip netns exec t-b nc -u -l -p 5000 &
            ip netns exec t-a nc -u -w 1 -p 4000 10.2.0.2 5000 <<EOF
            {data}
            EOF
            ip netns exec t-r conntrack -L
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("$ ip netns exec t-b nc -u -l -p 5000 &\n" + data + "\n", r.Transcript);
        Assert.Single(Regex.Matches(r.Transcript, "^udp ", RegexOptions.Multiline));
        Assert.Matches(@"udp      17 \d+ src=10\.1\.0\.2 dst=10\.2\.0\.2 sport=4000 dport=5000 \[UNREPLIED\] src=10\.2\.0\.2 dst=10\.2\.0\.1 sport=5000 dport=4000", r.Transcript);

        List<byte[]> fragments = Packets(dir, "b", p => p.Protocol == IpProtocol.Udp);
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 1068)], Geometry(fragments));
        AssertFragments(fragments, s_routerOut, s_server);
        byte[] whole = Reassemble(fragments);
        Assert.True(UdpDatagram.TryCreate(whole, out UdpDatagram udp));
        Assert.Equal(4008, udp.Length);
        Assert.NotEqual(0, udp.Checksum);
        Assert.True(udp.IsChecksumValid(s_routerOut, s_server)); // patched once, over the whole datagram
    }

    [Theory]
    [InlineData("")]
    [InlineData("ip netns exec t-r iptables -A FORWARD -p icmp -j ACCEPT")] // netfilter, but no conntrack
    public void WithoutConntrack_FragmentsAreForwardedAsTheyCame(string rules)
    {
        using var dir = new TempDirectory();
        RunResult r = Run(dir, Router + Captures + rules + "\n" + """
            ip -n t-r link set r-b mtu 1400
            ip -n t-b link set eth0 mtu 1400
            ip netns exec t-a ping -c 1 -s 3000 10.2.0.2
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("1 packets transmitted, 1 received", r.Transcript);
        List<byte[]> sent = Packets(dir, "a", p => p.Destination == s_server);
        List<byte[]> received = Packets(dir, "b", p => p.Destination == s_server);
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 68)], Geometry(sent));
        // Each fragment on its own: the two big ones cut for the 1400 link, the small one as it was.
        Assert.Equal([(0, true, 1396), (1376, true, 124), (1480, true, 1396), (2856, true, 124), (2960, false, 68)], Geometry(received));
        AssertFragments(received, s_client, s_server);
    }

    [Fact]
    public void ConntrackOnABridge_ReassemblesAndSendsTheSameFragmentsOn()
    {
        using var dir = new TempDirectory();
        RunResult r = Run(dir, """
            ip netns add t-a
            ip netns add t-s
            ip netns add t-b
            ip -n t-s link add br0 type bridge
            ip -n t-s link add s-a type veth peer name eth0 netns t-a
            ip -n t-s link add s-b type veth peer name eth0 netns t-b
            ip -n t-s link set s-a master br0
            ip -n t-s link set s-b master br0
            ip -n t-s link set br0 up
            ip -n t-s link set s-a up
            ip -n t-s link set s-b up
            ip -n t-a addr add 10.2.0.5/24 dev eth0
            ip -n t-b addr add 10.2.0.2/24 dev eth0
            ip -n t-a link set eth0 up
            ip -n t-b link set eth0 up
            ip netns exec t-s iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT

            """ + Captures + """
            ip netns exec t-a ping -c 1 -s 3000 10.2.0.2
            ip netns exec t-s iptables -L FORWARD -v -x -n
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("1 packets transmitted, 1 received", r.Transcript);
        Assert.Matches(@"\n +2 +6056 ACCEPT ", r.Transcript); // the rule saw two datagrams, not six fragments
        List<byte[]> requests = Packets(dir, "b", p => p.Destination == s_server);
        Assert.Equal([(0, true, 1500), (1480, true, 1500), (2960, false, 68)], Geometry(requests));
        AssertFragments(requests, Ipv4Address.Parse("10.2.0.5"), s_server, ttl: 64);
    }

    private static RunResult Run(TempDirectory dir, string script)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, "captures"));
        return ScenarioHarness.Run(script, dir.Path);
    }

    /// <summary>The IPv4 packets (without Ethernet header) captured on t-NAME's eth0 that <paramref name="select"/> picks.</summary>
    private static List<byte[]> Packets(TempDirectory dir, string name, Func<Ipv4Packet, bool> select)
    {
        var packets = new List<byte[]>();
        using var reader = CaptureReader.Open(Path.Combine(dir.Path, "captures", name + ".pcap"));
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            byte[] bytes = frame.Data.ToArray();
            if (EthernetFrame.TryCreate(bytes, out EthernetFrame eth) && eth.EtherType == EtherType.Ipv4)
            {
                byte[] ip = bytes[eth.PayloadOffset..];
                if (Ipv4Packet.TryCreate(ip, out Ipv4Packet packet) && select(packet))
                {
                    packets.Add(ip);
                }
            }
        }
        return packets;
    }

    private static List<(int Offset, bool More, int Length)> Geometry(List<byte[]> packets) =>
        packets.Select(p =>
        {
            var ip = Ipv4Packet.CreateUnchecked(p);
            return (ip.FragmentOffset, ip.MoreFragments, (int)ip.TotalLength);
        }).ToList();

    private static void AssertFragments(List<byte[]> fragments, Ipv4Address source, Ipv4Address destination, int ttl = 63)
    {
        Assert.NotEmpty(fragments);
        ushort id = Ipv4Packet.CreateUnchecked(fragments[0]).Identification;
        foreach (byte[] f in fragments)
        {
            var ip = Ipv4Packet.CreateUnchecked(f);
            Assert.Equal(source, ip.Source);
            Assert.Equal(destination, ip.Destination);
            Assert.Equal(id, ip.Identification);
            Assert.Equal(ttl, ip.Ttl);
            Assert.False(ip.DontFragment);
            Assert.True(ip.IsChecksumValid);
        }
    }

    /// <summary>The L4 bytes of the datagram the fragments carry (they must cover it without holes).</summary>
    private static byte[] Reassemble(List<byte[]> fragments)
    {
        var parts = fragments.Select(f => (Ipv4Packet.CreateUnchecked(f).FragmentOffset, Payload: Ipv4Packet.CreateUnchecked(f).Payload.ToArray()))
            .OrderBy(p => p.FragmentOffset).ToList();
        int length = parts.Max(p => p.FragmentOffset + p.Payload.Length);
        byte[] whole = new byte[length];
        int covered = 0;
        foreach (var (offset, payload) in parts)
        {
            Assert.True(offset <= covered, "a hole in the fragments");
            payload.CopyTo(whole, offset);
            covered = Math.Max(covered, offset + payload.Length);
        }
        return whole;
    }
}
