using CsCheck;
using VNetEmu.Scenarios.Tests.Conformance;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Runner;

/// <summary>Random command lines from the tools' vocabulary, each expected to fail or succeed the way the real tool
/// does — never with an internal error (an exception of ours), never a hang.</summary>
public class CommandFuzzTests
{
    private static readonly string[] s_words =
    [
        "ip", "-n", "f-a", "f-b", "link", "add", "set", "del", "show", "addr", "route", "neigh", "netns", "exec", "type",
        "veth", "bridge", "peer", "name", "dev", "eth0", "br0", "up", "down", "master", "nomaster", "mtu", "1400", "0",
        "address", "02:00:00:00:00:01", "zz:zz", "10.0.0.1/24", "10.0.0.0/8", "default", "via", "10.0.0.2", "metric",
        "lladdr", "nud", "permanent", "flush", "get", "fdb", "hairpin", "on", "sysctl", "-w", "-q",
        "net.ipv4.ip_forward=1", "net.nope=1", "iptables", "-A", "-I", "-D", "-P", "-t", "nat", "filter", "FORWARD",
        "INPUT", "-j", "ACCEPT", "DROP", "MASQUERADE", "-s", "-p", "tcp", "--dport", "80", "-m", "conntrack",
        "--ctstate", "NEW", "conntrack", "-L", "-F", "ping", "-c", "1", "-W", "nc", "-u", "-z", "-l", "-p", "5000",
        "tcpdump", "-i", "any", "brctl", "showmacs", "vnet", "stats", "trace", "", "'", "\\",
        "host", "and", "or", "not", "(", ")", "icmp", "arp", "-w", "-N", "-v", "-s", "2000", "-M", "do", "-t", "-I",
        "multiport", "--dports", "22,80", "addrtype", "--dst-type", "LOCAL", "-R", "-N", "X", "-X", "-E", "-S", "-Z",
        "--line-numbers", "iptables-save", "iptables-restore", "-c", "ipset", "create", "s1", "hash:ip", "set",
        "--match-set", "src", "-C", "REJECT", "--reject-with", "tcp-reset", "DNAT", "--to-destination", "10.0.0.2:80",
        "SNAT", "--to-source", "MARK", "--set-mark", "1", "LOG", "CT", "--notrack", "raw", "mangle", "PREROUTING",
        "OUTPUT", "POSTROUTING", "-o", "-i", "!", "65536", "-1", "999999999999", "255.255.255.255", "224.0.0.1",
        "0.0.0.0/0", "127.0.0.1", "lo", "replace", "-br", "-d", "link", "addr", "neigh", "nud", "stale", "blackhole",
        "unreachable", "prohibit", "10.0.0.9", "5", "-k", "sleep", "0.5", "tcp-flags", "--tcp-flags", "SYN,ACK", "SYN",
        "--icmp-type", "echo-request", "statistic", "--mode", "nth", "--every", "2", "limit", "--limit", "1/s", "recent",
    ];

    private static readonly Gen<string> s_command =
        Gen.Int[0, s_words.Length - 1].Array[1, 9].Select(ix => string.Join(' ', ix.Select(i => s_words[i])));

    private const string Setup = """
        ip netns add f-a
        ip netns add f-b
        ip -n f-a link add eth0 type veth peer name eth0 netns f-b
        ip -n f-a addr add 10.0.0.1/24 dev eth0
        ip -n f-b addr add 10.0.0.2/24 dev eth0
        ip -n f-a link set eth0 up
        ip -n f-b link set eth0 up

        """;

    [Fact]
    public void RandomCommands_NeverAnInternalError()
    {
        using var dir = new TempDirectory();
        s_command.List[1, 4].Sample(lines =>
        {
            // Each line after the set-up, then all of them in a row: a failing line ends a run, as under bash -e.
            foreach (string script in lines.Select(l => Setup + l + "\n").Append(Setup + string.Join('\n', lines) + "\n"))
            {
                RunResult r;
                try
                {
                    r = ScenarioHarness.Run(script, dir.Path);
                }
                catch (VNetEmu.Scripting.Parsing.ScriptSyntaxException)
                {
                    continue;
                }
                Assert.DoesNotContain("internal error", r.Error ?? "");
            }
        }, iter: 2000, threads: 1);
    }
}
