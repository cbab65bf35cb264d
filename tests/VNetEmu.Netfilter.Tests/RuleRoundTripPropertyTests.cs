using CsCheck;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Tests;

/// <summary>For random valid rules: the rule printed in iptables-save form parses back to the same rule, printing is a
/// fixed point, and the original command line finds the rule again (-C) and deletes it (-D).</summary>
public class RuleRoundTripPropertyTests
{
    private static readonly string[] s_interfaces = ["eth0", "eth+", "lan0", "br-3f1c9a7d2b4e", "docker0", "veth1c01"];

    [Fact]
    public void PrintedRule_ParsesBackToTheSameRule()
    {
        Gen.Int.Sample(seed =>
        {
            List<string> args = RandomRule(new Random(seed));
            var state = new NetfilterState();
            (_, string stderr, int exit) = Transcript.Execute(state, ["iptables", "-A", "FORWARD", .. args]);
            Assert.True(exit == 0, $"iptables -A FORWARD {string.Join(' ', args)}\n{stderr}");
            Rule rule = state.GetTable("filter")!.GetChain("FORWARD")!.Rules.Single();
            string printed = RuleFormatter.SaveText(rule, "FORWARD");

            var reparsed = new NetfilterState();
            (_, stderr, exit) = Transcript.Execute(reparsed, ["iptables-restore"], "*filter\n" + printed + "COMMIT\n");
            Assert.True(exit == 0, $"{printed}{stderr}");
            Rule again = reparsed.GetTable("filter")!.GetChain("FORWARD")!.Rules.Single();

            Assert.True(again.SameSpecAs(rule), $"{string.Join(' ', args)}\nprinted {printed}reprinted {RuleFormatter.SaveText(again, "FORWARD")}");
            Assert.Equal(printed, RuleFormatter.SaveText(again, "FORWARD"));
            Assert.Equal(0, Transcript.Execute(state, ["iptables", "-C", "FORWARD", .. args]).Exit);
            Assert.Equal(0, Transcript.Execute(state, ["iptables", "-D", "FORWARD", .. args]).Exit);
            Assert.Empty(state.GetTable("filter")!.GetChain("FORWARD")!.Rules);
        }, iter: 2000);
    }

    /// <summary>The options of a rule iptables accepts in filter/FORWARD.</summary>
    private static List<string> RandomRule(Random r)
    {
        var args = new List<string>();
        if (r.Next(3) == 0)
        {
            Address(r, args, "-s");
        }
        if (r.Next(3) == 0)
        {
            Address(r, args, "-d");
        }
        if (r.Next(3) == 0)
        {
            Optional(r, args, "-i", s_interfaces[r.Next(s_interfaces.Length)]);
        }
        if (r.Next(3) == 0)
        {
            Optional(r, args, "-o", s_interfaces[r.Next(s_interfaces.Length)]);
        }
        if (r.Next(8) == 0)
        {
            Optional(r, args, "-f", null);
        }
        string proto = new[] { "", "", "tcp", "tcp", "udp", "icmp", "sctp", "47", "all" }[r.Next(9)];
        bool protoInverted = false;
        if (proto.Length > 0)
        {
            protoInverted = proto != "all" && r.Next(6) == 0;
            args.AddRange(protoInverted ? ["!", "-p", proto] : ["-p", proto]);
        }
        switch (proto)
        {
            case "tcp":
                Ports(r, args, "--sport");
                Ports(r, args, "--dport");
                if (r.Next(3) == 0)
                {
                    Optional(r, args, "--syn", null);
                }
                else if (r.Next(3) == 0)
                {
                    args.AddRange(["--tcp-flags", Flags(r), Flags(r)]);
                }
                break;
            case "udp":
                Ports(r, args, "--sport");
                Ports(r, args, "--dport");
                break;
            case "icmp" when !protoInverted:
                if (r.Next(2) == 0)
                {
                    Optional(r, args, "--icmp-type", new[] { "echo-request", "echo-reply", "3", "3/3", "11/0", "any", "port-unreachable" }[r.Next(7)]);
                }
                break;
            case "sctp" when !protoInverted:
                Ports(r, args, "--dport");
                break;
        }
        int matches = r.Next(4);
        for (int i = 0; i < matches; i++)
        {
            ExtensionMatch(r, args, proto, protoInverted);
        }
        Target(r, args, proto == "tcp" && !protoInverted);
        return args;
    }

    private static void ExtensionMatch(Random r, List<string> args, string proto, bool protoInverted)
    {
        switch (r.Next(12))
        {
            case 0:
                args.AddRange(["-m", "comment", "--comment", RandomText(r)]);
                break;
            case 1:
                args.AddRange(["-m", "mark"]);
                Optional(r, args, "--mark", r.Next(2) == 0 ? $"0x{r.Next():x}" : $"{r.Next(256)}/0x{r.Next(1, 256):x}");
                break;
            case 2:
                args.AddRange(["-m", "connmark"]);
                Optional(r, args, "--mark", $"0x{r.Next(1, 100):x}");
                break;
            case 3:
                args.AddRange(["-m", "conntrack"]);
                Optional(r, args, "--ctstate", Subset(r, ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "DNAT"]));
                if (r.Next(3) == 0)
                {
                    Optional(r, args, "--ctstatus", Subset(r, ["ASSURED", "SEEN_REPLY", "EXPECTED", "CONFIRMED"]));
                }
                break;
            case 4:
                args.AddRange(["-m", "state"]);
                Optional(r, args, "--state", Subset(r, ["NEW", "ESTABLISHED", "RELATED", "INVALID"]));
                break;
            case 5:
                args.AddRange(["-m", "addrtype"]);
                Optional(r, args, r.Next(2) == 0 ? "--src-type" : "--dst-type", Subset(r, ["LOCAL", "UNICAST", "BROADCAST", "MULTICAST"]));
                break;
            case 6:
                args.AddRange(["-m", "limit", "--limit", $"{r.Next(1, 1000)}/{new[] { "second", "minute", "hour", "day" }[r.Next(4)]}"]);
                if (r.Next(2) == 0)
                {
                    args.AddRange(["--limit-burst", r.Next(1, 100).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                }
                break;
            case 7:
                int low = r.Next(0, 1500);
                args.AddRange(["-m", "length"]);
                Optional(r, args, "--length", r.Next(2) == 0 ? $"{low}" : $"{low}:{low + r.Next(0, 1000)}");
                break;
            case 8:
                args.AddRange(r.Next(2) == 0
                    ? ["-m", "statistic", "--mode", "random", "--probability", "0.5"]
                    : ["-m", "statistic", "--mode", "nth", "--every", $"{r.Next(2, 10)}", "--packet", "1"]);
                break;
            case 9:
                args.AddRange(["-m", "iprange"]);
                Optional(r, args, "--src-range", $"10.0.0.{r.Next(1, 100)}-10.0.1.{r.Next(1, 200)}");
                break;
            case 10 when (proto == "tcp" || proto == "udp") && !protoInverted:
                args.AddRange(["-m", "multiport"]);
                Optional(r, args, new[] { "--dports", "--sports", "--ports" }[r.Next(3)], string.Join(',', Enumerable.Range(0, r.Next(1, 5)).Select(i => (i * 100 + r.Next(1, 99)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
                break;
            default:
                args.AddRange(["-m", "physdev", "--physdev-in", s_interfaces[r.Next(s_interfaces.Length)], "--physdev-is-bridged"]);
                break;
        }
    }

    private static void Target(Random r, List<string> args, bool tcpOnly)
    {
        switch (r.Next(9))
        {
            case 0:
                break;
            case 1:
                args.AddRange(["-j", "DROP"]);
                break;
            case 2:
                args.AddRange(["-j", "RETURN"]);
                break;
            case 3:
                args.AddRange(["-j", "LOG", "--log-prefix", RandomText(r), "--log-level", r.Next(8).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                break;
            case 4:
                string[] kinds = tcpOnly
                    ? ["tcp-reset", "icmp-host-prohibited", "icmp-port-unreachable", "icmp-admin-prohibited"]
                    : ["icmp-net-unreachable", "icmp-host-prohibited", "icmp-port-unreachable", "icmp-admin-prohibited"];
                args.AddRange(["-j", "REJECT", "--reject-with", kinds[r.Next(kinds.Length)]]);
                break;
            case 5:
                args.AddRange(["-j", "MARK", new[] { "--set-mark", "--and-mark", "--or-mark", "--xor-mark" }[r.Next(4)], $"0x{r.Next(1, 65536):x}"]);
                break;
            case 6:
                args.AddRange(r.Next(2) == 0 ? ["-j", "CONNMARK", "--save-mark"] : ["-j", "CONNMARK", "--set-mark", $"{r.Next(1, 99)}"]);
                break;
            case 7:
                args.AddRange(["-j", "NFQUEUE", "--queue-num", r.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                break;
            default:
                args.AddRange(["-j", "ACCEPT"]);
                break;
        }
    }

    private static void Address(Random r, List<string> args, string option)
    {
        int length = r.Next(1, 33);
        string address = $"{r.Next(256)}.{r.Next(256)}.{r.Next(256)}.{r.Next(256)}/{length}";
        Optional(r, args, option, address);
    }

    private static void Ports(Random r, List<string> args, string option)
    {
        if (r.Next(2) == 0)
        {
            return;
        }
        int low = r.Next(0, 65536);
        string value = r.Next(3) switch
        {
            0 => $"{low}",
            1 => $"{low}:{Math.Min(65535, low + r.Next(0, 5000))}",
            _ => $"0:{low}",
        };
        Optional(r, args, option, value);
    }

    private static string Flags(Random r) => Subset(r, ["SYN", "ACK", "FIN", "RST", "URG", "PSH"]);

    private static string Subset(Random r, string[] items)
    {
        string[] chosen = items.Where(_ => r.Next(3) == 0).ToArray();
        return chosen.Length == 0 ? items[r.Next(items.Length)] : string.Join(',', chosen);
    }

    private static string RandomText(Random r)
    {
        const string alphabet = "abcXYZ019 _-\"'\\.:/";
        return new string(Enumerable.Range(0, r.Next(1, 20)).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());
    }

    /// <summary>Adds OPTION [VALUE], negated one time in four.</summary>
    private static void Optional(Random r, List<string> args, string option, string? value)
    {
        if (r.Next(4) == 0)
        {
            args.Add("!");
        }
        args.Add(option);
        if (value is not null)
        {
            args.Add(value);
        }
    }
}
