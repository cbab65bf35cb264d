using CsCheck;

namespace VNetEmu.Wire.Tests;

/// <summary>Every view against PacketDotNet, over every frame of the kernel captures and over generated frames.</summary>
public class PacketDotNetOracleTests
{
    public static TheoryData<string, int> KernelFrames => TestData.AllFrames();

    [Theory, MemberData(nameof(KernelFrames))]
    public void KernelFrame_EveryField_AgreesWithPacketDotNet(string capture, int index) =>
        PacketDotNetOracle.AssertAgrees(TestData.Frame(capture, index));

    [Fact]
    public void KernelCaptures_HoldTheFramesTheOtherTestsUse()
    {
        Assert.Equal(10, TestData.Frames("ping.pcap").Length);
        Assert.Equal(19, TestData.Frames("conntrack.pcap").Length);
        Assert.Equal(14, TestData.Frames("fragmentation.pcap").Length);
        Assert.Equal(KnownFrames.ArpRequest, TestData.Frame("ping.pcap", 0));
        Assert.Equal(KnownFrames.ArpReply, TestData.Frame("ping.pcap", 1));
        Assert.Equal(KnownFrames.EchoRequest, TestData.Frame("ping.pcap", 2));
        Assert.Equal(KnownFrames.UdpForwarded, TestData.Frame("conntrack.pcap", 7));
        Assert.Equal(KnownFrames.PortUnreachable, TestData.Frame("conntrack.pcap", 8));
        Assert.Equal(KnownFrames.TcpSyn, TestData.Frame("conntrack.pcap", 9));
    }

    [Fact]
    public void GeneratedFrame_EveryField_AgreesWithPacketDotNet() =>
        WireGen.Frame.Sample(PacketDotNetOracle.AssertAgrees, iter: 5_000);
}
