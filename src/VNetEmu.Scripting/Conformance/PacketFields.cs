using VNetEmu.Wire;

namespace VNetEmu.Scripting.Conformance;

/// <summary>The tshark fields the normalizer asks for (<c>FIELDS</c> in the Python tool), one list of occurrences per
/// field in the order tshark adds them: occurrence 0 of <c>ip.src</c> is the outer header, occurrence 1 the header
/// quoted by an ICMP error. A field tshark would not add (truncated or malformed data) has fewer occurrences.</summary>
internal sealed class PacketFields
{
    public MacAddress? EthSource { get; set; }
    public MacAddress? EthDestination { get; set; }
    public ushort? EthType { get; set; }
    public ushort? ArpOpcode { get; set; }
    public MacAddress? ArpSenderMac { get; set; }
    public Ipv4Address? ArpSenderIp { get; set; }
    public MacAddress? ArpTargetMac { get; set; }
    public Ipv4Address? ArpTargetIp { get; set; }

    public List<Ipv4Address> IpSource { get; } = [];
    public List<Ipv4Address> IpDestination { get; } = [];
    public List<byte> IpTtl { get; } = [];
    public List<byte> IpProtocol { get; } = [];
    public List<byte> IpDsField { get; } = [];
    public List<bool> IpDontFragment { get; } = [];
    public List<bool> IpMoreFragments { get; } = [];

    /// <summary>In 8-byte units, as tshark 4.0 gives <c>ip.frag_offset</c>.</summary>
    public List<int> IpFragmentOffset { get; } = [];

    public List<byte> IcmpType { get; } = [];
    public List<byte> IcmpCode { get; } = [];
    public List<ushort> IcmpSequence { get; } = [];
    public List<ushort> IcmpMtu { get; } = [];
    public List<Ipv4Address> IcmpRedirectGateway { get; } = [];

    public List<ushort> UdpSourcePort { get; } = [];
    public List<ushort> UdpDestinationPort { get; } = [];
    public List<ushort> UdpLength { get; } = [];

    public List<ushort> TcpSourcePort { get; } = [];
    public List<ushort> TcpDestinationPort { get; } = [];
    public List<ushort> TcpFlags { get; } = [];
    public List<uint> TcpSequence { get; } = [];
    public List<uint> TcpAcknowledgment { get; } = [];
    public List<uint> TcpLength { get; } = [];

    public void Clear()
    {
        EthSource = EthDestination = null;
        EthType = null;
        ArpOpcode = null;
        ArpSenderMac = ArpTargetMac = null;
        ArpSenderIp = ArpTargetIp = null;
        IpSource.Clear();
        IpDestination.Clear();
        IpTtl.Clear();
        IpProtocol.Clear();
        IpDsField.Clear();
        IpDontFragment.Clear();
        IpMoreFragments.Clear();
        IpFragmentOffset.Clear();
        IcmpType.Clear();
        IcmpCode.Clear();
        IcmpSequence.Clear();
        IcmpMtu.Clear();
        IcmpRedirectGateway.Clear();
        UdpSourcePort.Clear();
        UdpDestinationPort.Clear();
        UdpLength.Clear();
        TcpSourcePort.Clear();
        TcpDestinationPort.Clear();
        TcpFlags.Clear();
        TcpSequence.Clear();
        TcpAcknowledgment.Clear();
        TcpLength.Clear();
    }
}
