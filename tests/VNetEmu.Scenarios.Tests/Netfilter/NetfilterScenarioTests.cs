using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Netfilter;

/// <summary>Netfilter behaviour through scenarios: what a user of iptables and conntrack sees.</summary>
public class NetfilterScenarioTests
{
    private const string Router = ScenarioHarness.Router;

    [Fact]
    public void ConntrackMax_TableFull_DropsNewConnections()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            ip netns exec t-r sysctl -qw net.netfilter.nf_conntrack_max=1
            ip netns exec t-r iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
            ip netns exec t-b nc -l -p 80 &
            ip netns exec t-a nc -n -N -w 2 -p 4000 10.2.0.2 80 <<EOF
            hello
            EOF
            ! ip netns exec t-a ping -c 1 -W 1 10.2.0.2
            ip netns exec t-r conntrack -C
            ip netns exec t-r dmesg
            """, dir.Path);
        // The ASSURED TCP entry cannot be early-dropped, so the ping's new entry finds the table full.
        Assert.True(r.Success, r.Error);
        Assert.Contains("1 packets transmitted, 0 received, 100% packet loss", r.Transcript);
        Assert.Contains("$ ip netns exec t-r conntrack -C\n1\n", r.Transcript);
        Assert.Contains("nf_conntrack: table full, dropping packet", r.Transcript);
    }

    [Fact]
    public void Masquerade_RewritesSource_AndRepliesComeBack()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            ip netns exec t-r iptables -t nat -A POSTROUTING -o r-b -j MASQUERADE
            ip netns exec t-a ping -c 2 10.2.0.2
            ip netns exec t-r conntrack -L
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("2 packets transmitted, 2 received", r.Transcript);
        Assert.Matches(@"icmp     1 \d+ src=10\.1\.0\.2 dst=10\.2\.0\.2 type=8 code=0 id=\d+ src=10\.2\.0\.2 dst=10\.2\.0\.1 type=0 code=0 id=\d+ mark=0 use=1", r.Transcript);
    }

    [Fact]
    public void RestoreWithABadTable_KeepsEarlierTables_AndLeavesTheBadOneAsItWas()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run("""
            ip netns add t-a
            ip netns exec t-a iptables -A INPUT -s 192.0.2.1 -j DROP
            ! ip netns exec t-a iptables-restore <<EOF
            *nat
            -A POSTROUTING -o eth0 -j MASQUERADE
            COMMIT
            *filter
            -A INPUT -j NO-SUCH-CHAIN
            COMMIT
            EOF
            ip netns exec t-a iptables-save
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("Error occurred at line: 6", r.Transcript); // the chain is looked up when the table commits
        Assert.Contains("-A INPUT -s 192.0.2.1/32 -j DROP", r.Transcript); // filter untouched
        Assert.Contains("-A POSTROUTING -o eth0 -j MASQUERADE", r.Transcript); // nat committed before it
    }

    [Fact]
    public void TraceOn_DroppedFrameCarriesTheRule()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            vnet trace on
            vnet capture all.pcapng
            ip netns exec t-r iptables -A FORWARD -p icmp -j DROP
            ! ip netns exec t-a ping -c 1 -W 1 10.2.0.2
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        var comments = new List<string>();
        using (var reader = VNetEmu.Capture.CaptureReader.Open(Path.Combine(dir.Path, "all.pcapng")))
        {
            while (reader.TryReadNext(out var frame))
            {
                if (frame.Comment is { } c)
                {
                    comments.Add($"{reader.Interfaces[frame.InterfaceId].Name} {c}");
                }
            }
        }
        Assert.Contains("t-r:r-a dropped: filter/FORWARD#1 DROP (-p icmp)", comments);
    }

    [Fact]
    public void TraceOn_EchoReplyCarriesItsOwnPath_NotItsRequests()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            vnet trace on
            vnet capture all.pcapng
            ip netns exec t-a iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 10.1.0.2
            ip netns exec t-a ping -c 1 10.2.0.2
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        var seen = new List<string>();
        using (var reader = VNetEmu.Capture.CaptureReader.Open(Path.Combine(dir.Path, "all.pcapng")))
        {
            while (reader.TryReadNext(out var frame))
            {
                byte[] b = frame.Data.ToArray();
                if (b.Length > 34 && b[12] == 0x08 && b[13] == 0x00 && b[23] == 1)
                {
                    seen.Add($"{reader.Interfaces[frame.InterfaceId].Name} {(b[34] == 0 ? "reply" : "request")} {frame.Comment}");
                }
            }
        }
        // The request went through t-a's nat table; the reply was made in t-b, which has no rules, and only meets
        // t-a's rules (conntrack, de-SNAT without a nat lookup) when it comes back.
        Assert.Contains("t-a:eth0 request nat/POSTROUTING SNAT 10.1.0.2 → 10.1.0.2", seen);
        Assert.Contains("t-b:eth0 reply ", seen);
        Assert.Contains("t-r:r-b reply ", seen);
        Assert.DoesNotContain(seen, s => s.Contains("reply") && s.Contains("SNAT"));
    }

    [Fact]
    public void Tcpmss_LowersTheMssOfForwardedSyns()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "captures"));
        RunResult r = ScenarioHarness.Run(Router + """
            ip netns exec t-r iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1000
            ip netns exec t-b tcpdump -i eth0 -w captures/b.pcap &
            ip netns exec t-b nc -l -p 80 &
            ip netns exec t-a nc -n -N -w 2 -p 4000 10.2.0.2 80 <<EOF
            hello
            EOF
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        var mss = new List<int>();
        using (var reader = VNetEmu.Capture.CaptureReader.Open(Path.Combine(dir.Path, "captures", "b.pcap")))
        {
            while (reader.TryReadNext(out var frame))
            {
                byte[] bytes = frame.Data.ToArray();
                var ip = VNetEmu.Wire.Ipv4Packet.CreateUnchecked(bytes.AsSpan(14));
                if (ip.Protocol == 6 && VNetEmu.Wire.TcpSegment.CreateUnchecked(ip.Payload).Has(VNetEmu.Wire.TcpSegment.Syn))
                {
                    Span<byte> options = VNetEmu.Wire.TcpSegment.CreateUnchecked(ip.Payload).Options;
                    Assert.True(VNetEmu.Wire.TcpSegment.CreateUnchecked(ip.Payload).IsChecksumValid(ip.Source, ip.Destination));
                    mss.Add(options[0] == 2 ? options[2] << 8 | options[3] : -1);
                }
            }
        }
        Assert.Equal([1000, 1460], mss); // the client's SYN was clamped on its way; the server's SYN-ACK went the other way
    }

    [Fact]
    public void Nfqueue_WithoutAListener_Drops_UnlessBypass()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            ip netns exec t-r iptables -A FORWARD -p icmp -j NFQUEUE --queue-num 3
            ! ip netns exec t-a ping -c 1 -W 1 10.2.0.2
            ip netns exec t-r iptables -R FORWARD 1 -p icmp -j NFQUEUE --queue-num 3 --queue-bypass
            ip netns exec t-a ping -c 1 10.2.0.2
            """, dir.Path);
        Assert.True(r.Success, r.Error);
    }

    [Fact]
    public void VnetStats_ShowsTheRulesThatMatched_AndTheDrops()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Router + """
            ip netns exec t-r iptables -A FORWARD -p icmp -j DROP
            ! ip netns exec t-a ping -c 2 -W 1 10.2.0.2
            vnet stats
            """, dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("  t-r filter: [2:168] -A FORWARD -p icmp -j DROP\n", r.Transcript);
        Assert.Contains("  t-r: NetfilterDrop 2\n", r.Transcript);
        Assert.Contains("frames in use: 0, queued: 0", r.Transcript);
    }
}
