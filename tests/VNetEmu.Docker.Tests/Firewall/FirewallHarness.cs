using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using VNetEmu.Docker.Firewall;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;
using VNetEmu.Wire;

namespace VNetEmu.Docker.Tests.Firewall;

/// <summary>A host namespace with a <see cref="DockerFirewall"/>, iptables-save of it, and the recorded goldens
/// (copied from ../shared/reference/docker-goldens into Goldens/).</summary>
internal sealed partial class FirewallHarness
{
    public FirewallHarness(DockerVersion version, bool userlandProxy = true)
    {
        Firewall = new DockerFirewall(version, userlandProxy, Host);
    }

    public NetfilterState Host { get; } = new();

    public DockerFirewall Firewall { get; }

    /// <summary>docker0 as dockerd creates it by default.</summary>
    public static BridgeNetworkRules Docker0 { get; } = Network("docker0", "172.17.0.0/16");

    public static BridgeNetworkRules Network(string bridge, string subnet, bool @internal = false, bool icc = true,
        bool masquerade = true, string? hostIpv4 = null) =>
        new(bridge, Ipv4Prefix.Parse(subnet), @internal, icc, masquerade, hostIpv4 is null ? null : Ipv4Address.Parse(hostIpv4));

    public static PublishedPortRule Port(string proto, string hostIp, ushort hostPort, string containerIp, ushort containerPort) =>
        new(proto, Ipv4Address.Parse(hostIp), hostPort, Ipv4Address.Parse(containerIp), containerPort);

    /// <summary>Daemon start with ip_forward off (as in the recordings) and docker0.</summary>
    public FirewallHarness Start()
    {
        Firewall.DaemonStart(ipForwardWasOff: true);
        Firewall.AddNetwork(Docker0);
        return this;
    }

    /// <summary><c>iptables-save [-t TABLE]</c> with the date lines normalized to <c>&lt;DATE&gt;</c>.</summary>
    public string Save(string? table = null) => Save(Host, table);

    public static string Save(NetfilterState state, string? table = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = table is null ? [] : ["-t", table];
        Assert.Equal(0, IptablesSave.Run(state, args, stdout, stderr, "Mon Jan  1 00:00:00 2024"));
        Assert.Equal("", stderr.ToString());
        return NormalizeDates(stdout.ToString());
    }

    /// <summary>One table as iptables-save prints it, without the comment lines.</summary>
    public string Table(string table) =>
        string.Concat(Save(table).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l + "\n"));

    /// <summary>The events of the worked examples in docker-semantics.md §1.1, §1.3, §1.4: daemon start, docker0,
    /// <c>docker run -p 8080:80 c1</c>, then networks net1, int1 (internal) and noicc (icc=false).</summary>
    public FirewallHarness WorkedExample()
    {
        Start();
        Firewall.AddEndpoint(Docker0, Ipv4Address.Parse("172.17.0.2"));
        Firewall.AddPort(Docker0, Port("tcp", "0.0.0.0", 8080, "172.17.0.2", 80));
        Firewall.AddNetwork(Net1);
        Firewall.AddNetwork(Int1);
        Firewall.AddNetwork(NoIcc);
        return this;
    }

    public static BridgeNetworkRules Net1 { get; } = Network("br-3f1c9a7d2b4e", "172.18.0.0/16");

    public static BridgeNetworkRules Int1 { get; } = Network("br-5a6b7c8d9e0f", "172.19.0.0/16", @internal: true);

    public static BridgeNetworkRules NoIcc { get; } = Network("br-0a1b2c3d4e5f", "172.20.0.0/16", icc: false);

    /// <summary>Lines joined with a newline after each, for expected tables.</summary>
    public static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    public static string NormalizeDates(string text) => DateLine().Replace(text.ReplaceLineEndings("\n"), "$1<DATE>");

    /// <summary>A recorded file, e.g. <c>d-ports/iptables-save.txt</c>.</summary>
    public static string Golden(string relativePath) =>
        NormalizeDates(File.ReadAllText(Path.Combine(Directory(), "Goldens", relativePath)));

    /// <summary>The output blocks of every command in golden.txt whose line is <paramref name="command"/>, in order
    /// (each block runs up to its <c>[exit N]</c> line or the first empty line, excluded).</summary>
    public static List<string> GoldenBlocks(string scenario, string command)
    {
        string[] lines = Golden($"{scenario}/golden.txt").Split('\n');
        var blocks = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "$ " + command)
            {
                continue;
            }
            var block = new List<string>();
            for (i++; i < lines.Length && lines[i].Length > 0 && !lines[i].StartsWith("[exit ", StringComparison.Ordinal); i++)
            {
                block.Add(lines[i]);
            }
            blocks.Add(string.Concat(block.Select(l => l + "\n")));
        }
        return blocks;
    }

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [GeneratedRegex(@"^(# (?:Generated by iptables-save v\S+ \(nf_tables\) on|Completed on) ).*$", RegexOptions.Multiline)]
    private static partial Regex DateLine();
}
