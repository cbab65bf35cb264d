using System.Buffers.Binary;
using System.Diagnostics;
using VNetEmu.Capture;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Commands;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>`tcpdump` printing packets as tcpdump 4.99.3 does with -n, and its filter expressions. The expected
/// lines were checked against tcpdump 4.99.3 reading the same frames; where tcpdump is installed, the tests at the
/// end compare with it directly.</summary>
public class TcpdumpTests
{
    private const string Topology = """
        ip netns add t-a
        ip netns add t-b
        ip -n t-a link set lo up
        ip -n t-b link set lo up
        ip -n t-a link add eth0 address 02:00:00:00:00:0a type veth peer name eth0 address 02:00:00:00:00:0b netns t-b
        ip -n t-a addr add 10.9.0.1/24 dev eth0
        ip -n t-b addr add 10.9.0.2/24 dev eth0
        ip -n t-a link set eth0 up
        ip -n t-b link set eth0 up

        """;

    private const string Traffic = """
        ip netns exec t-b nc -l -p 80 &
        ip netns exec t-b nc -l -u -p 6000 &
        ip netns exec t-a ping -c 1 10.9.0.2
        ip netns exec t-a nc -n -u -w 1 -p 5000 10.9.0.2 6000 <<EOF
        hello
        EOF
        ip netns exec t-a nc -n -N -w 1 -p 5001 10.9.0.2 80 <<EOF
        GET / HTTP/1.1
        EOF
        ! ip netns exec t-a nc -n -w 1 -p 5002 10.9.0.2 81
        ip netns exec t-a nc -n -u -w 1 -p 5003 10.9.0.2 9 <<EOF
        x
        EOF

        """;

    /// <summary>The output of the background tcpdump started with <paramref name="command"/>: (stdout, stderr).</summary>
    private static (string Out, string Err) Run(string command, string traffic = Traffic)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Topology + command + " &\n" + traffic, dir.Path);
        Assert.True(r.Success, r.Error + "\n" + r.Transcript);
        string block = r.Transcript.Split($"$ {command} &\n")[1].Split("\n$ ")[0] + "\n";
        string[] parts = block.Split("[stderr]\n");
        return (parts[0], parts.Length > 1 ? parts[1].TrimEnd('\n') + "\n" : "");
    }

    [Fact]
    public void Text_ArpIcmpUdpTcp_AsTcpdumpPrintsThem()
    {
        (string output, string errors) = Run("ip netns exec t-a tcpdump -n -i eth0");
        Assert.Equal("""
            00:00:00.000000 ARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28
            00:00:00.000000 ARP, Reply 10.9.0.2 is-at 02:00:00:00:00:0b, length 28
            00:00:00.000000 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 1, length 64
            00:00:00.000000 IP 10.9.0.2 > 10.9.0.1: ICMP echo reply, id 36580, seq 1, length 64
            00:00:00.000000 IP 10.9.0.1.5000 > 10.9.0.2.6000: UDP, length 6
            00:00:01.000000 IP 10.9.0.1.5001 > 10.9.0.2.80: Flags [S], seq 1899142783, win 64240, options [mss 1460,sackOK,TS val 1253726281 ecr 0,nop,wscale 10], length 0
            00:00:01.000000 IP 10.9.0.2.80 > 10.9.0.1.5001: Flags [S.], seq 4218308483, ack 1899142784, win 65160, options [mss 1460,sackOK,TS val 4274987444 ecr 1253726281,nop,wscale 10], length 0
            00:00:01.000000 IP 10.9.0.1.5001 > 10.9.0.2.80: Flags [.], ack 1, win 63, options [nop,nop,TS val 1253726281 ecr 4274987444], length 0
            00:00:01.000000 IP 10.9.0.1.5001 > 10.9.0.2.80: Flags [P.], seq 1:16, ack 1, win 63, options [nop,nop,TS val 1253726281 ecr 4274987444], length 15: HTTP: GET / HTTP/1.1
            00:00:01.000000 IP 10.9.0.2.80 > 10.9.0.1.5001: Flags [.], ack 16, win 64, options [nop,nop,TS val 4274987444 ecr 1253726281], length 0
            00:00:01.000000 IP 10.9.0.1.5001 > 10.9.0.2.80: Flags [F.], seq 16, ack 1, win 63, options [nop,nop,TS val 1253726281 ecr 4274987444], length 0
            00:00:01.000000 IP 10.9.0.2.80 > 10.9.0.1.5001: Flags [F.], seq 1, ack 17, win 64, options [nop,nop,TS val 4274987444 ecr 1253726281], length 0
            00:00:01.000000 IP 10.9.0.1.5001 > 10.9.0.2.80: Flags [.], ack 2, win 63, options [nop,nop,TS val 1253726281 ecr 4274987444], length 0
            00:00:01.000000 IP 10.9.0.1.5002 > 10.9.0.2.81: Flags [S], seq 3642354962, win 64240, options [mss 1460,sackOK,TS val 3006227565 ecr 0,nop,wscale 10], length 0
            00:00:01.000000 IP 10.9.0.2.81 > 10.9.0.1.5002: Flags [R.], seq 0, ack 3642354963, win 0, length 0
            00:00:01.000000 IP 10.9.0.1.5003 > 10.9.0.2.9: UDP, length 2
            00:00:01.000000 IP 10.9.0.2 > 10.9.0.1: ICMP 10.9.0.2 udp port 9 unreachable, length 38

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal("""
            tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
            listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
            17 packets captured
            17 packets received by filter
            0 packets dropped by kernel

            """.ReplaceLineEndings("\n"), errors);
    }

    [Fact]
    public void Text_LinkHeaderAndQuiet()
    {
        string[] e = Run("ip netns exec t-a tcpdump -n -e -i eth0").Out.Split('\n');
        Assert.Equal("00:00:00.000000 02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.9.0.2 tell 10.9.0.1, length 28", e[0]);
        Assert.Equal("00:00:00.000000 02:00:00:00:00:0a > 02:00:00:00:00:0b, ethertype IPv4 (0x0800), length 98: 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 1, length 64", e[2]);
        string[] q = Run("ip netns exec t-a tcpdump -nqe -i eth0").Out.Split('\n');
        Assert.Equal("00:00:00.000000 02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ARP, length 42: Request who-has 10.9.0.2 tell 10.9.0.1, length 28", q[0]);
        Assert.Equal("00:00:00.000000 02:00:00:00:00:0a > 02:00:00:00:00:0b, IPv4, length 98: 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 1, length 64", q[2]);
        Assert.Equal("00:00:01.000000 02:00:00:00:00:0a > 02:00:00:00:00:0b, IPv4, length 74: 10.9.0.1.5001 > 10.9.0.2.80: tcp 0", q[5]);
        Assert.Equal("00:00:00.000000 02:00:00:00:00:0a > 02:00:00:00:00:0b, IPv4, length 48: 10.9.0.1.5000 > 10.9.0.2.6000: UDP, length 6", q[4]);
    }

    [Fact]
    public void Text_Timestamps_FollowTheVirtualClock()
    {
        const string Pings = "ip netns exec t-a ping -c 2 10.9.0.2\n";
        Assert.StartsWith("1767225600.000000 ARP", Run("ip netns exec t-a tcpdump -n -tt", Pings).Out);
        Assert.Equal("2026-01-01 00:00:01.000000 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 2, length 64",
            Run("ip netns exec t-a tcpdump -n -tttt icmp", Pings).Out.Split('\n')[2]);
        string[] delta = Run("ip netns exec t-a tcpdump -n -ttt icmp", Pings).Out.Split('\n');
        Assert.Equal(" 00:00:01.000000 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 2, length 64", delta[2]);
        Assert.StartsWith("IP 10.9.0.1 > 10.9.0.2: ICMP echo request", Run("ip netns exec t-a tcpdump -n -t icmp", Pings).Out);
    }

    [Fact]
    public void Text_OnAny_PrintsCookedLines()
    {
        (string output, string errors) = Run("ip netns exec t-b tcpdump -n -i any", "ip netns exec t-a ping -c 1 10.9.0.2\n");
        Assert.Equal("""
            00:00:00.000000 eth0  B   ARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28
            00:00:00.000000 eth0  Out ARP, Reply 10.9.0.2 is-at 02:00:00:00:00:0b, length 28
            00:00:00.000000 eth0  In  IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 1, length 64
            00:00:00.000000 eth0  Out IP 10.9.0.2 > 10.9.0.1: ICMP echo reply, id 36580, seq 1, length 64

            """.ReplaceLineEndings("\n"), output);
        Assert.StartsWith("tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
            + "listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n", errors);
        string e = Run("ip netns exec t-b tcpdump -n -e -i any icmp", "ip netns exec t-a ping -c 1 10.9.0.2\n").Out;
        Assert.StartsWith("00:00:00.000000 eth0  In  ifindex 2 02:00:00:00:00:0a ethertype IPv4 (0x0800), length 104: 10.9.0.1 > 10.9.0.2: ICMP echo request", e);
    }

    [Fact]
    public void Count_StopsAfterNMatches_AndSaysPacketOnce()
    {
        (string output, string errors) = Run("ip netns exec t-a tcpdump -n -c 1 icmp");
        Assert.Equal("00:00:00.000000 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 36580, seq 1, length 64\n", output);
        Assert.EndsWith("1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n", errors);
    }

    [Fact]
    public void Filter_AppliesToTheWrittenFile()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Topology + "ip netns exec t-a tcpdump -i eth0 -w f.pcap udp or arp &\n" + Traffic, dir.Path);
        Assert.True(r.Success, r.Error);
        string[] lines = Scripting.Conformance.CaptureNormalizer.Normalize(Path.Combine(dir.Path, "f.pcap")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.True(l.Contains(" ARP ") || l.Contains(" UDP "), l));
        Assert.Contains("4 packets captured", r.Transcript);
    }

    [Theory]
    [InlineData("tcp port", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("(icmp", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("icmp and", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("10.9.0.1", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("tcp and 10.9.0.1", "tcpdump: syntax error in filter expression")]
    [InlineData("not 10.9.0.1", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("vlan", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("icmp[0] = 8", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("net 10/8", "tcpdump: can't parse filter expression: syntax error")]
    [InlineData("tcp host 10.9.0.1", "tcpdump: 'tcp' modifier applied to host")]
    [InlineData("arp port 80", "tcpdump: illegal qualifier of 'port'")]
    [InlineData("port 99999", "tcpdump: illegal port number 99999 > 65535")]
    [InlineData("net 10.0.0.1/8", "tcpdump: non-network bits set in \"10.0.0.1/8\"")]
    [InlineData("host 10.0.0.300", "tcpdump: invalid IPv4 address '10.0.0.300'")]
    [InlineData("host foo.invalid", "tcpdump: unknown host 'foo.invalid'")]
    public void BadFilter_FailsAsTcpdumpDoes(string expression, string message)
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Topology + $"! ip netns exec t-a tcpdump -n -i eth0 '{expression}'\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains($"[stderr]\n{message}\n[exit 1]\n", r.Transcript);
    }

    [Fact]
    public void VerboseText_IsRefusedByName()
    {
        using var dir = new TempDirectory();
        RunResult r = ScenarioHarness.Run(Topology + "! ip netns exec t-a tcpdump -v -i eth0\n", dir.Path);
        Assert.True(r.Success, r.Error);
        Assert.Contains("tcpdump: option -v is not supported by vnetemu when printing packets", r.Transcript);
    }

    // ---- filters over a fixed set of frames: random expressions against a reference evaluation ---------------

    private sealed record Spec(string Kind, string SrcMac, string DstMac, string Src, string Dst, int SrcPort, int DstPort, bool LaterFragment, int Pad)
    {
        public byte[] Bytes() => TcpdumpFrames.Build(this.Kind, this.SrcMac, this.DstMac, this.Src, this.Dst, this.SrcPort, this.DstPort, this.LaterFragment, this.Pad);
    }

    private static readonly Spec[] s_frames =
    [
        new("arp-request", "02:00:00:00:00:0a", "ff:ff:ff:ff:ff:ff", "10.9.0.1", "10.9.0.2", 0, 0, false, 0),
        new("arp-reply", "02:00:00:00:00:0b", "02:00:00:00:00:0a", "10.9.0.2", "10.9.0.1", 0, 0, false, 0),
        new("icmp", "02:00:00:00:00:0a", "02:00:00:00:00:0b", "10.9.0.1", "10.9.0.2", 0, 0, false, 56),
        new("icmp", "02:00:00:00:00:0b", "02:00:00:00:00:0a", "10.9.0.2", "10.9.0.1", 0, 0, false, 56),
        new("icmp", "02:00:00:00:00:0a", "02:00:00:00:00:0b", "10.9.0.1", "192.0.2.7", 0, 0, true, 100),
        new("udp", "02:00:00:00:00:0a", "02:00:00:00:00:0b", "10.9.0.1", "10.9.0.2", 5000, 6000, false, 6),
        new("udp", "02:00:00:00:00:0b", "02:00:00:00:00:0a", "10.9.0.2", "10.9.0.1", 6000, 5000, false, 0),
        new("udp", "02:00:00:00:00:0c", "02:00:00:00:00:0b", "192.0.2.7", "10.9.0.2", 53, 53, true, 30),
        new("tcp", "02:00:00:00:00:0a", "02:00:00:00:00:0b", "10.9.0.1", "10.9.0.2", 5001, 80, false, 0),
        new("tcp", "02:00:00:00:00:0b", "02:00:00:00:00:0a", "10.9.0.2", "10.9.0.1", 80, 5001, false, 300),
        new("tcp", "02:00:00:00:00:0c", "02:00:00:00:00:0a", "192.0.2.7", "10.9.0.1", 443, 8443, false, 1200),
        new("tcp", "02:00:00:00:00:0a", "01:00:5e:00:00:01", "10.9.0.1", "224.0.0.1", 81, 81, false, 0),
    ];

    private abstract record Expr;
    private sealed record Prim(string Text, Func<Spec, bool> Eval, string? Bare = null, string? Qualifiers = null) : Expr;
    private sealed record Not(Expr Inner) : Expr;
    private sealed record Bin(Expr Left, Expr Right, bool And) : Expr;

    private static bool Eval(Expr e, Spec f) => e switch
    {
        Prim p => p.Eval(f),
        Not n => !Eval(n.Inner, f),
        Bin b => b.And ? Eval(b.Left, f) && Eval(b.Right, f) : Eval(b.Left, f) || Eval(b.Right, f),
        _ => throw new InvalidOperationException(),
    };

    private static bool IsIp(Spec f) => !f.Kind.StartsWith("arp", StringComparison.Ordinal);
    private static bool Ports(Spec f) => f.Kind is "tcp" or "udp" && !f.LaterFragment;
    private static uint Ip(string a) => Ipv4Address.Parse(a).Value;
    private static bool InNet(string a, string net, int len) => len == 0 || (Ip(a) >> (32 - len)) == (Ip(net) >> (32 - len));

    private static Prim RandomPrimitive(Random r)
    {
        string[] hosts = ["10.9.0.1", "10.9.0.2", "192.0.2.7", "224.0.0.1", "10.9.0.3"];
        string[] macs = ["02:00:00:00:00:0a", "02:00:00:00:00:0b", "ff:ff:ff:ff:ff:ff"];
        int[] ports = [80, 53, 5000, 6000, 81, 443, 22];
        string h = hosts[r.Next(hosts.Length)];
        int port = ports[r.Next(ports.Length)];
        switch (r.Next(17))
        {
            case 0: return new("arp", f => !IsIp(f));
            case 1: return new("ip", IsIp);
            case 2: return new("icmp", f => f.Kind == "icmp");
            case 3: return new("tcp", f => f.Kind == "tcp");
            case 4: return new("udp", f => f.Kind == "udp");
            case 5: return new($"host {h}", f => f.Src == h || f.Dst == h, h, "host");
            case 6: return new($"src host {h}", f => f.Src == h, h, "src host");
            case 7: return new($"dst {h}", f => f.Dst == h, h, "dst");
            case 8: return new($"src and dst host {h}", f => f.Src == h && f.Dst == h);
            case 9: return new($"ip host {h}", f => IsIp(f) && (f.Src == h || f.Dst == h), h, "ip host");
            case 10: return new($"arp src {h}", f => !IsIp(f) && f.Src == h);
            case 11:
                (string net, int len) = r.Next(3) switch { 0 => ("10.9.0.0", 24), 1 => ("192.0.2.0", 24), _ => ("10.0.0.0", 8) };
                string dir = r.Next(3) switch { 0 => "", 1 => "src ", _ => "dst " };
                return new($"{dir}net {net}/{len}", f => dir switch
                {
                    "src " => InNet(f.Src, net, len),
                    "dst " => InNet(f.Dst, net, len),
                    _ => InNet(f.Src, net, len) || InNet(f.Dst, net, len),
                });
            case 12: return new($"port {port}", f => Ports(f) && (f.SrcPort == port || f.DstPort == port), port.ToString(), "port");
            case 13: return new($"src port {port}", f => Ports(f) && f.SrcPort == port);
            case 14: return new($"tcp dst port {port}", f => Ports(f) && f.Kind == "tcp" && f.DstPort == port, port.ToString(), "tcp dst port");
            case 15:
                (int lo, int hi) = r.Next(2) == 0 ? (80, 443) : (5000, 6000);
                return new($"udp portrange {lo}-{hi}", f => Ports(f) && f.Kind == "udp" && ((f.SrcPort >= lo && f.SrcPort <= hi) || (f.DstPort >= lo && f.DstPort <= hi)));
            default:
                string m = macs[r.Next(macs.Length)];
                return r.Next(3) switch
                {
                    0 => new($"ether host {m}", f => f.SrcMac == m || f.DstMac == m),
                    1 => new($"ether src {m}", f => f.SrcMac == m),
                    _ => new($"ether dst {m}", f => f.DstMac == m),
                };
        }
    }

    private static Expr RandomExpression(Random r, int depth) => (depth <= 0 ? 0 : r.Next(4)) switch
    {
        0 => RandomPrimitive(r),
        1 => new Not(RandomExpression(r, depth - 1)),
        _ => new Bin(RandomExpression(r, depth - 1), RandomExpression(r, depth - 1), r.Next(2) == 0),
    };

    /// <summary>Writes the tree so libpcap's rules read it back: and/or have one precedence and group to the left,
    /// so a binary right operand needs parentheses and a left one does not; `host A or B` for a repeated qualifier.</summary>
    private static string Render(Expr e, Random r) => e switch
    {
        Prim p => r.Next(8) == 0 ? $"({p.Text})" : p.Text,
        Not n => (r.Next(2) == 0 ? "not " : "!") + (n.Inner is Bin ? $"({Render(n.Inner, r)})" : Render(n.Inner, r)),
        Bin { Left: Prim { Qualifiers: { } q } left, Right: Prim { Qualifiers: { } q2, Bare: { } bare } } b when q == q2 =>
            $"{left.Text} {(b.And ? "and" : "or")} {bare}",
        Bin b => $"{(r.Next(4) == 0 ? $"({Render(b.Left, r)})" : Render(b.Left, r))} {(b.And ? (r.Next(2) == 0 ? "and" : "&&") : (r.Next(2) == 0 ? "or" : "||"))} "
            + (b.Right is Bin ? $"({Render(b.Right, r)})" : Render(b.Right, r)),
        _ => throw new InvalidOperationException(),
    };

    private static List<(string Text, Expr Tree)> RandomExpressions(int count, int seed)
    {
        var r = new Random(seed);
        var list = new List<(string, Expr)>();
        for (int i = 0; i < count; i++)
        {
            Expr e = RandomExpression(r, r.Next(4));
            list.Add((Render(e, r), e));
        }
        return list;
    }

    [Fact]
    public void RandomFilters_AgreeWithTheReferenceEvaluation()
    {
        byte[][] frames = [.. s_frames.Select(f => f.Bytes())];
        foreach ((string text, Expr tree) in RandomExpressions(2000, 1))
        {
            CaptureFilter filter = CaptureFilter.Parse(text);
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(Eval(tree, s_frames[i]) == filter.Matches(frames[i]), $"'{text}' on frame {i} ({s_frames[i]})");
            }
        }
    }

    [Theory]
    [InlineData("host 10.9.0.1 or 10.9.0.2 and udp", new[] { 5, 6, 7 })]
    [InlineData("host 10.9.0.1 and (10.9.0.2 or 10.9.0.3)", new[] { 0, 1, 2, 3, 5, 6, 8, 9 })]
    [InlineData("icmp or tcp and port 80", new[] { 8, 9 })]
    [InlineData("not arp and not ip", new int[0])]
    [InlineData("port 53", new int[0])]
    [InlineData("less 60", new[] { 0, 1, 5, 6, 8, 11 })]
    [InlineData("greater 200", new[] { 9, 10 })]
    [InlineData("broadcast or multicast", new[] { 0, 11 })]
    [InlineData("ip proto 17", new[] { 5, 6, 7 })]
    [InlineData("net 192.0.2.0 mask 255.255.255.0", new[] { 4, 7, 10 })]
    [InlineData("net 10.9", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("src or dst port 5000", new[] { 5, 6 })]
    public void HandPickedFilters(string expression, int[] expected)
    {
        CaptureFilter filter = CaptureFilter.Parse(expression);
        int[] matched = [.. Enumerable.Range(0, s_frames.Length).Where(i => filter.Matches(s_frames[i].Bytes()))];
        Assert.Equal(expected, matched);
    }

    /// <summary>Port names come from the host's /etc/services, as getservbyname reads them.</summary>
    [RequiresFact(Requirement.Services)]
    public void NamedPortFilter() => HandPickedFilters("port http", [8, 9]);

    // ---- against tcpdump itself, where it is installed ---------------------------------------------------------

    private static readonly string? s_tcpdump = new[] { "/usr/bin/tcpdump", "/usr/sbin/tcpdump" }.FirstOrDefault(File.Exists);

    private static string? RealTcpdump(string pcap, string options, string expression = "")
    {
        var start = new ProcessStartInfo(s_tcpdump!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-r");
        start.ArgumentList.Add(pcap);
        foreach (string o in options.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(o);
        }
        if (expression.Length > 0)
        {
            start.ArgumentList.Add(expression);
        }
        start.Environment["TZ"] = "UTC";
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode == 1 && stderr.Result.Contains("tcpdump: expression rejects all packets"))
        {
            return null; // libpcap's optimizer proved it; we cannot, and simply match nothing
        }
        Assert.True(p.ExitCode == 0, $"tcpdump {options} '{expression}': {stderr.Result}");
        return stdout;
    }

    private static string Ours(string pcap, TcpdumpFormatter formatter, CaptureFilter? filter = null)
    {
        var text = new System.Text.StringBuilder();
        using CaptureReader reader = CaptureReader.Open(pcap);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (filter is null || filter.Matches(frame.Data.Span))
            {
                text.Append(formatter.Format(frame.TimestampNs, frame.Data.Span)).Append('\n');
            }
        }
        return text.ToString();
    }

    [RequiresFact(Requirement.Tcpdump | Requirement.SharedSuite)]
    public void KernelCaptures_PrintAsTcpdumpPrintsThem()
    {
        foreach (string pcap in Directory.GetFiles(SharedPaths.Cases!, "*.pcap", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (string options in new[] { "-n", "-n -e", "-n -q" })
            {
                var formatter = new TcpdumpFormatter { LinkHeader = options.Contains("-e"), Quiet = options.Contains("-q") };
                Assert.Equal(RealTcpdump(pcap, options), Ours(pcap, formatter));
            }
        }
    }

    [RequiresFact(Requirement.Tcpdump)]
    public void RandomFilters_AgreeWithTcpdump()
    {
        using var dir = new TempDirectory();
        string pcap = Path.Combine(dir.Path, "frames.pcap");
        using (var writer = new PcapWriter(File.Create(pcap)))
        {
            for (int i = 0; i < s_frames.Length; i++)
            {
                writer.WritePacket((1_767_225_600L + i) * 1_000_000_000, s_frames[i].Bytes());
            }
        }
        foreach ((string text, _) in RandomExpressions(150, 2))
        {
            Assert.Equal(RealTcpdump(pcap, "-n -tt", text) ?? "", Ours(pcap, new TcpdumpFormatter { TimestampMode = 2 }, CaptureFilter.Parse(text)));
        }
    }
}

/// <summary>Hand-built frames for the filter tests.</summary>
internal static class TcpdumpFrames
{
    public static byte[] Build(string kind, string srcMac, string dstMac, string src, string dst, int sport, int dport, bool laterFragment, int pad)
    {
        bool arp = kind.StartsWith("arp", StringComparison.Ordinal);
        int l4 = kind switch { "tcp" => 20, "udp" => 8, "icmp" => 8, _ => 0 };
        byte[] f = new byte[14 + (arp ? 28 : 20 + l4 + pad)];
        MacAddress.Parse(dstMac).Write(f);
        MacAddress.Parse(srcMac).Write(f.AsSpan(6));
        if (arp)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), EtherType.Arp);
            ArpPacket.Write(f.AsSpan(14), kind == "arp-request" ? ArpPacket.OpRequest : ArpPacket.OpReply, MacAddress.Parse(srcMac), Ipv4Address.Parse(src),
                kind == "arp-request" ? MacAddress.Zero : MacAddress.Parse(dstMac), Ipv4Address.Parse(dst));
            return f;
        }
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), EtherType.Ipv4);
        byte protocol = kind switch { "tcp" => IpProtocol.Tcp, "udp" => IpProtocol.Udp, _ => IpProtocol.Icmp };
        Ipv4Packet.WriteHeader(f.AsSpan(14), Ipv4Address.Parse(src), Ipv4Address.Parse(dst), protocol, l4 + pad, 64, 1, false, 0);
        if (laterFragment)
        {
            var ip = Ipv4Packet.CreateUnchecked(f.AsSpan(14));
            ip.FlagsAndOffset = 185; // offset 1480
            ip.FillChecksum();
        }
        Span<byte> p = f.AsSpan(34);
        switch (kind)
        {
            case "tcp":
                TcpSegment.WriteHeader(p, (ushort)sport, (ushort)dport, 1000, 0, TcpSegment.Syn, 64240, 20);
                break;
            case "udp":
                BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)sport);
                BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)dport);
                BinaryPrimitives.WriteUInt16BigEndian(p[4..], (ushort)(8 + pad));
                break;
            default:
                p[0] = IcmpPacket.TypeEchoRequest;
                BinaryPrimitives.WriteUInt16BigEndian(p[4..], 7);
                BinaryPrimitives.WriteUInt16BigEndian(p[6..], 1);
                break;
        }
        return f;
    }
}
