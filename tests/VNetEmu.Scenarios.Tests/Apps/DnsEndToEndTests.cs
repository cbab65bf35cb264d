using VNetEmu.Engine;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>nslookup, getent, ping and nc by name through the emulated network to a <see cref="ZoneResolverApp"/>.</summary>
public class DnsEndToEndTests
{
    private static (AppsTestbed Bed, ZoneResolverApp Zone) WithZone(ToolFamily tools = ToolFamily.Busybox)
    {
        var bed = new AppsTestbed(tools);
        var zone = new ZoneResolverApp(AppsTestbed.ServerIp);
        zone.Add("svc.example.test", Ipv4Address.Parse("192.0.2.80"));
        zone.Add("web", AppsTestbed.ServerIp);
        zone.Start(bed.Emulator, bed.Server, bed.ServerUser);
        return (bed, zone);
    }

    [Fact]
    public void BusyboxNslookup_TypeA_PrintsTheGoldenFormat_AndTheUpstreamLogsIt()
    {
        (AppsTestbed bed, ZoneResolverApp zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("nslookup -type=a svc.example.test");
        Assert.Equal("Server:\t\t10.9.0.2\nAddress:\t10.9.0.2:53\n\nNon-authoritative answer:\nName:\tsvc.example.test\nAddress: 192.0.2.80\n\n", r.Stdout);
        Assert.Equal(0, r.Exit);
        Assert.Equal(["udp query svc.example.test A -> NOERROR"], zone.TakeLog());
        Assert.Empty(zone.Logs);
    }

    [Fact]
    public void BusyboxNslookup_UnknownName_IsNxdomainExit1()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("nslookup -type=a nosuchname");
        Assert.Equal("Server:\t\t10.9.0.2\nAddress:\t10.9.0.2:53\n\n** server can't find nosuchname: NXDOMAIN\n\n", r.Stdout);
        Assert.Equal(1, r.Exit);
    }

    [Fact]
    public void BusyboxNslookup_ReverseLookup_AndEmptyAaaa()
    {
        (AppsTestbed bed, ZoneResolverApp zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("nslookup 10.9.0.2");
        Assert.Equal("Server:\t\t10.9.0.2\nAddress:\t10.9.0.2:53\n\nNon-authoritative answer:\n2.0.9.10.in-addr.arpa\tname = web\n\n", r.Stdout);
        var aaaa = bed.Run("nslookup -type=aaaa web");
        Assert.Equal("Server:\t\t10.9.0.2\nAddress:\t10.9.0.2:53\n\nNon-authoritative answer:\n\n", aaaa.Stdout);
        Assert.Equal(["udp query 2.0.9.10.in-addr.arpa PTR -> NOERROR", "udp query web AAAA -> NOERROR"], zone.TakeLog());
    }

    [Fact]
    public void BusyboxNslookup_ServerPortClosed_ReadRefusedTwice_ThenNoServers()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("nslookup -type=a web 10.9.0.1");
        Assert.Equal("nslookup: read: Connection refused\nnslookup: read: Connection refused\n", r.Stderr);
        Assert.Equal(";; connection timed out; no servers could be reached\n\n", r.Stdout);
        Assert.Equal(1, r.Exit);
        Assert.Equal(5 * World.NanosPerSecond, r.ElapsedNs);
    }

    [Fact]
    public void BusyboxPing_ByName_ResolvesThenPrintsBusyboxFormat()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("ping -c 2 -W 2 web");
        Assert.Equal(0, r.Exit);
        Assert.Equal("PING web (10.9.0.2): 56 data bytes\n64 bytes from 10.9.0.2: seq=0 ttl=64 time=0.000 ms\n64 bytes from 10.9.0.2: seq=1 ttl=64 time=0.000 ms\n\n"
            + "--- web ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.000/0.000/0.000 ms\n", r.Stdout);
        var bad = bed.Run("ping -c 1 -W 2 c2");
        Assert.Equal(("", "ping: bad address 'c2'\n", 1), (bad.Stdout, bad.Stderr, bad.Exit));
    }

    [Fact]
    public void BusyboxPing_NoReply_WaitsW_AndExits1()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone();
        using AppsTestbed owned = bed;
        var r = bed.Run("ping -c 1 -W 2 10.9.0.7");
        Assert.Equal("PING 10.9.0.7 (10.9.0.7): 56 data bytes\n\n--- 10.9.0.7 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n", r.Stdout);
        Assert.Equal(1, r.Exit);
    }

    [Fact]
    public void GnuPing_UnknownName_IsIputilsError()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone(ToolFamily.Gnu);
        using AppsTestbed owned = bed;
        var r = bed.Run("ping -c 1 c2");
        Assert.Equal(("ping: c2: Name or service not known\n", 2), (r.Stderr, r.Exit));
        var ok = bed.Run("ping -c 1 web");
        Assert.StartsWith("PING web (10.9.0.2) 56(84) bytes of data.\n", ok.Stdout);
        Assert.Equal(0, ok.Exit);
    }

    [Fact]
    public void Getent_HostsFileFirst_ThenDns_Exit2WhenMissing()
    {
        (AppsTestbed bed, ZoneResolverApp zone) = WithZone(ToolFamily.Gnu);
        using AppsTestbed owned = bed;
        Assert.Equal(("10.9.0.1        client\n", 0), (bed.Run("getent hosts client").Stdout, 0));
        Assert.Empty(zone.TakeLog());
        var r = bed.Run("getent hosts svc.example.test");
        Assert.Equal(("192.0.2.80      svc.example.test\n", 0), (r.Stdout, r.Exit));
        Assert.Equal(["udp query svc.example.test A -> NOERROR", "udp query svc.example.test AAAA -> NOERROR"], zone.TakeLog());
        var ah = bed.Run("getent ahosts web");
        Assert.Equal("10.9.0.2        STREAM web\n10.9.0.2        DGRAM  \n10.9.0.2        RAW    \n", ah.Stdout);
        Assert.Equal(2, bed.Run("getent hosts nosuch").Exit);
    }

    [Fact]
    public void GlibcStub_NoServerListening_RefusedMovesOnAtOnce_MuslWaitsTheTimeout()
    {
        using var gnu = new AppsTestbed(ToolFamily.Gnu);
        var g = gnu.Run("getent hosts web");
        Assert.Equal(2, g.Exit);
        Assert.True(g.ElapsedNs < World.NanosPerSecond, $"glibc took {g.ElapsedNs} ns");
        using var musl = new AppsTestbed(ToolFamily.Busybox);
        var m = musl.Run("ping -c 1 web");
        Assert.Equal(("ping: bad address 'web'\n", 1), (m.Stderr, m.Exit));
        Assert.Equal(5 * World.NanosPerSecond, m.ElapsedNs);
    }

    [Fact]
    public void GlibcStub_SilentServer_TimesOutAfterTimeoutTimesAttempts()
    {
        using var gnu = new AppsTestbed(ToolFamily.Gnu, "nameserver 10.9.0.99\noptions timeout:1 attempts:3\n");
        var g = gnu.Run("getent hosts web");
        Assert.Equal(2, g.Exit);
        Assert.InRange(g.ElapsedNs, 3 * World.NanosPerSecond, 4 * World.NanosPerSecond);
    }

    [Fact]
    public void Nc_ByName_ResolvesOrFailsLikeOpenBsdNc()
    {
        (AppsTestbed bed, ZoneResolverApp _zone) = WithZone(ToolFamily.Gnu);
        using AppsTestbed owned = bed;
        var r = bed.Run("nc -z -w 1 nosuch 80");
        Assert.Equal(("nc: getaddrinfo for host \"nosuch\" port 80: Name or service not known\n", 1), (r.Stderr, r.Exit));
        var ok = bed.Run("nc -z -w 1 web 53");
        Assert.Equal(0, ok.Exit); // the zone resolver also listens on TCP 53
    }
}
