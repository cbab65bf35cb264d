using CsCheck;
using VNetEmu.Scripting.Conformance;

namespace VNetEmu.Scenarios.Tests.Conformance;

public class PacketLineFormatterTests
{
    private const string A = "02:00:00:00:00:01", B = "02:00:00:00:00:02";

    private static byte[] Frame(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>Ethernet A -> B, IPv4 10.0.0.1 -> 10.0.0.2 (DF, TTL 64), then <paramref name="l4"/>.</summary>
    private static byte[] Ipv4(byte protocol, string l4, string src = "0a000001", string dst = "0a000002", string flags = "4000")
    {
        int total = 20 + l4.Replace(" ", "").Length / 2;
        return Frame($"020000000002 020000000001 0800 4500{total:x4} 0001{flags} 40{protocol:x2}0000 {src} {dst} {l4}");
    }

    [Fact]
    public void Format_ArpRequest_NamesSenderAndTarget()
    {
        byte[] arp = Frame("ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002");

        Assert.Equal($"{A} > ff:ff:ff:ff:ff:ff ARP request sender={A}/10.0.0.1 target=00:00:00:00:00:00/10.0.0.2 len=42",
            new PacketLineFormatter().Format(arp));
    }

    [Fact]
    public void Format_EchoRequestAndQuotedTimeExceeded()
    {
        var formatter = new PacketLineFormatter();
        byte[] echo = Ipv4(1, "0800 0000 1234 0007 61626364");
        byte[] quoted = Ipv4(1, "0b00 0000 00000000 45000020 00014000 0101 0000 0a000001 0a000002 0800 0000 1234 0007", "0a000009", "0a000001", "0000");
        quoted[15] = 0xC0; // TOS

        Assert.Equal($"{A} > {B} IPv4 10.0.0.1 > 10.0.0.2 ttl=64 df ICMP echo-request id=* seq=7 len=46", formatter.Format(echo));
        Assert.Equal($"{A} > {B} IPv4 10.0.0.9 > 10.0.0.1 ttl=64 tos=0xc0 ICMP time-exceeded/ttl-exceeded "
            + "{IPv4 10.0.0.1 > 10.0.0.2 ttl=1 df ICMP echo-request id=* seq=7} len=70", formatter.Format(quoted));
    }

    [Fact]
    public void Format_FragNeeded_ShowsMtuAndQuotedUdp()
    {
        byte[] error = Ipv4(1, "0304 0000 0000 0578 45000024 00014000 4011 0000 0a000002 0a000001 9c41 0035 0010 0000", "0a000009", "0a000002", "0000");

        Assert.Equal($"{A} > {B} IPv4 10.0.0.9 > 10.0.0.2 ttl=64 ICMP dest-unreachable/frag-needed mtu=1400 "
            + "{IPv4 10.0.0.2 > 10.0.0.1 ttl=64 df UDP * > 53 plen=8} len=70", new PacketLineFormatter().Format(error));
    }

    [Fact]
    public void Format_TcpConnection_SequenceNumbersRelativeToEachSidesIsn()
    {
        var formatter = new PacketLineFormatter();
        string syn = Line(formatter, Ipv4(6, "9c41 0050 000003e8 00000000 5002 ffff 0000 0000"));
        string synAck = Line(formatter, Ipv4(6, "0050 9c41 00001388 000003e9 5012 ffff 0000 0000", "0a000002", "0a000001"));
        string data = Line(formatter, Ipv4(6, "9c41 0050 000003e9 00001389 5018 ffff 0000 0000 68656c6c6f"));
        string rst = Line(formatter, Ipv4(6, "0050 9c41 00001389 000003ee 5014 0000 0000 0000", "0a000002", "0a000001"));

        Assert.Equal("TCP * > 80 [S] seq=0 plen=0", syn);
        Assert.Equal("TCP 80 > * [S.] seq=0 ack=1 plen=0", synAck);
        Assert.Equal("TCP * > 80 [P.] seq=1 ack=1 plen=5", data);
        Assert.Equal("TCP 80 > * [R.] seq=1 ack=6 plen=0", rst);
    }

    [Fact]
    public void Format_TcpSeenMidStream_StartsAtOne()
    {
        var formatter = new PacketLineFormatter();

        Assert.Equal("TCP 2000 > 80 [.] seq=1 ack=1 plen=0", Line(formatter, Ipv4(6, "07d0 0050 00001000 00002000 5010 ffff 0000 0000")));
        Assert.Equal("TCP 80 > 2000 [.] seq=1 ack=1 plen=0", Line(formatter, Ipv4(6, "0050 07d0 00002000 00001000 5010 ffff 0000 0000", "0a000002", "0a000001")));
    }

    [Fact]
    public void Format_Fragments_FirstDissectedLaterNot()
    {
        var formatter = new PacketLineFormatter();

        Assert.Equal($"{A} > {B} IPv4 10.0.0.1 > 10.0.0.2 ttl=64 frag=0+ ICMP echo-request id=* seq=1 len=42",
            formatter.Format(Ipv4(1, "0800 0000 0001 0001", flags: "2000")));
        Assert.Equal($"{A} > {B} IPv4 10.0.0.1 > 10.0.0.2 ttl=64 frag=1480 ICMP (fragment) len=42",
            formatter.Format(Ipv4(1, "0000 0000 0000 0000", flags: "00b9")));
    }

    [Theory]
    [InlineData("86dd", "ethertype=0x86dd (IPv6)")]
    [InlineData("8100", "ethertype=0x8100 (VLAN)")]
    [InlineData("88cc", "ethertype=0x88cc")]
    [InlineData("0100", "ethertype=?")]
    public void Format_OtherEtherTypes(string type, string body)
    {
        Assert.Equal($"{A} > {B} {body} len=30", new PacketLineFormatter().Format(Frame($"020000000002 020000000001 {type} 00000000000000000000000000000000")));
    }

    [Fact]
    public void Format_TruncatedFrames_ShowWhatTsharkCouldRead()
    {
        var formatter = new PacketLineFormatter();
        byte[] udp = Ipv4(17, "1389 270f 0012 0000 68656c6c6f2075647020");

        Assert.Equal("non-ethernet frame len=13", formatter.Format(udp.AsSpan(0, 13)));
        Assert.Equal($"{A} > {B} IPv4 None > None ttl=None proto=0 len=14", formatter.Format(udp.AsSpan(0, 14)));
        Assert.Equal($"{A} > {B} IPv4 10.0.0.1 > None ttl=64 df UDP (truncated) len=30", formatter.Format(udp.AsSpan(0, 30)));
        Assert.Equal($"{A} > {B} IPv4 10.0.0.1 > 10.0.0.2 ttl=64 df UDP 5001 > 9999 len=60", formatter.Format(udp.AsSpan(0, 38), 60));
        Assert.Equal("non-ethernet frame len=60", formatter.Format(udp, 60, linkType: 101));
    }

    [Fact]
    public void Format_RandomBytes_NeverThrows()
    {
        var formatter = new PacketLineFormatter();
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Int[0, 400]).Sample((bytes, extra) =>
        {
            string line = formatter.Format(bytes, bytes.Length + extra);
            Assert.False(string.IsNullOrEmpty(line));
        }, iter: 20_000, threads: 1); // one formatter: its TCP state carries from frame to frame
    }

    [RequiresFact(Requirement.SharedSuite)]
    public void Format_MutatedKernelFrames_NeverThrow()
    {
        List<TestCaptures.Frame> frames = KernelFrames();
        var formatter = new PacketLineFormatter();
        Gen.Select(Gen.Int[0, frames.Count - 1], Gen.Select(Gen.Int[0, 100], Gen.Byte).Array[0, 6], Gen.Int[0, 200]).Sample((index, edits, cut) =>
        {
            byte[] data = (byte[])frames[index].Data.Clone();
            foreach ((int at, byte value) in edits)
            {
                if (at < data.Length)
                {
                    data[at] = value;
                }
            }
            string line = formatter.Format(data.AsSpan(0, Math.Min(cut, data.Length)), frames[index].OriginalLength);
            Assert.EndsWith($" len={frames[index].OriginalLength}", line);
        }, iter: 20_000, threads: 1);
    }

    internal static List<TestCaptures.Frame> KernelFrames() =>
        SharedPaths.CaseNames
            .SelectMany(name => Directory.GetFiles(Path.Combine(SharedPaths.Cases!, name, "kernel"), "*.pcap").Order(StringComparer.Ordinal))
            .SelectMany(TestCaptures.ReadPcap)
            .ToList();

    /// <summary>The line from the L4 protocol on.</summary>
    private static string Line(PacketLineFormatter formatter, byte[] frame)
    {
        string line = formatter.Format(frame);
        int start = line.IndexOf("TCP", StringComparison.Ordinal);
        return line[start..line.LastIndexOf(" len=", StringComparison.Ordinal)];
    }
}
