using System.Diagnostics;

namespace VNetEmu.Capture.Tests;

/// <summary>Wireshark reads what we write: names, comments, no complaints.</summary>
public class TsharkTests
{
    private const string Tshark = "/usr/bin/tshark";

    [RequiresFact(Requirement.Tshark)]
    public void ThreeInterfacePcapngWithComments_ReadsCleanlyInTshark()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vnetemu-tshark-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var writer = new PcapngWriter(File.Create(path)))
            {
                int veth = writer.AddInterface("vc-a.veth0");
                int bridge = writer.AddInterface("br0");
                int tun = writer.AddInterface("tun0", LinkTypes.Raw);
                writer.WritePacket(veth, 1_795_394_097_196_997_000, Frames.EthernetIpv4Udp, "sent by ping");
                writer.WritePacket(bridge, 1_795_394_097_196_997_500, Frames.EthernetIpv4Udp);
                writer.WritePacket(tun, 1_795_394_097_196_998_000, Frames.Ipv4Udp, "routed: über tun0");
            }
            (string stdout, string stderr, int exitCode) = Run(Tshark, "-r", path, "-T", "fields",
                "-e", "frame.comment", "-e", "frame.interface_name", "-e", "frame.time_epoch", "-e", "ip.dst");
            Assert.Equal("", stderr);
            Assert.Equal(0, exitCode);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                [
                    "sent by ping\tvc-a.veth0\t1795394097.196997000\t8.8.8.8",
                    "\tbr0\t1795394097.196997500\t8.8.8.8",
                    "routed: über tun0\ttun0\t1795394097.196998000\t8.8.8.8",
                ],
                lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [RequiresFact(Requirement.Tshark)]
    public void NanosecondPcap_ReadsCleanlyInTshark()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vnetemu-tshark-{Guid.NewGuid():N}.pcap");
        try
        {
            using (var writer = new PcapWriter(File.Create(path)))
            {
                writer.WritePacket(1_795_394_097_196_997_001, Frames.EthernetIpv4Udp);
            }
            (string stdout, string stderr, int exitCode) = Run(Tshark, "-r", path, "-T", "fields",
                "-e", "frame.time_epoch", "-e", "frame.len", "-e", "ip.dst");
            Assert.Equal("", stderr);
            Assert.Equal(0, exitCode);
            Assert.Equal("1795394097.196997001\t42\t8.8.8.8\n", stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (string Stdout, string Stderr, int ExitCode) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "tshark did not finish within 60 s");
        // tshark warns on stderr whenever it runs as root; that is about the machine, not the file.
        string errors = string.Join('\n', stderr.Result.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith("Running as user \"root\"", StringComparison.Ordinal)));
        return (stdout.Result, errors, process.ExitCode);
    }
}
