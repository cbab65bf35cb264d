using System.Text;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Tests.Tcp;

/// <summary>One frame from a device tap, decoded with the Wire views.</summary>
internal sealed record CapturedFrame(long TimeNs, bool Outgoing, byte[] Bytes)
{
    public bool IsTcp => EthernetFrame.TryCreate(Bytes, out EthernetFrame eth) && eth.EtherType == EtherType.Ipv4
        && Ipv4Packet.TryCreate(eth.Payload, out Ipv4Packet ip) && ip.Protocol == IpProtocol.Tcp;

    private Ipv4Packet Ip
    {
        get
        {
            Assert.True(EthernetFrame.TryCreate(Bytes, out EthernetFrame eth));
            Assert.True(Ipv4Packet.TryCreate(eth.Payload, out Ipv4Packet ip));
            return ip;
        }
    }

    private TcpSegment Tcp
    {
        get
        {
            Assert.True(TcpSegment.TryCreate(Ip.Payload, out TcpSegment tcp));
            return tcp;
        }
    }

    public Ipv4Address Source => Ip.Source;
    public Ipv4Address Destination => Ip.Destination;
    public byte Ttl => Ip.Ttl;
    public bool DontFragment => Ip.DontFragment;
    public ushort IpId => Ip.Identification;
    public ushort SourcePort => Tcp.SourcePort;
    public ushort DestinationPort => Tcp.DestinationPort;
    public uint Seq => Tcp.SequenceNumber;
    public uint Ack => Tcp.AcknowledgmentNumber;
    public byte Flags => Tcp.Flags;
    public ushort Window => Tcp.Window;
    public int HeaderLength => Tcp.HeaderLength;
    public byte[] Options => Tcp.Options.ToArray();
    public byte[] Payload => Tcp.Payload.ToArray();
    public bool ChecksumValid => Tcp.IsChecksumValid(Source, Destination);
    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>Flags as the normalizer writes them: S F R P U E W, then '.' for ACK.</summary>
    public string FlagText
    {
        get
        {
            var text = new StringBuilder();
            foreach ((byte flag, char letter) in new[] { (TcpSegment.Syn, 'S'), (TcpSegment.Fin, 'F'), (TcpSegment.Rst, 'R'),
                (TcpSegment.Psh, 'P'), (TcpSegment.Urg, 'U'), (TcpSegment.Ece, 'E'), (TcpSegment.Cwr, 'W'), (TcpSegment.Ack, '.') })
            {
                if (Has(flag))
                {
                    text.Append(letter);
                }
            }
            return text.ToString();
        }
    }

    /// <summary>Lines like <c>normalize capture</c> prints for TCP (relative numbers from each side's SYN, as
    /// tshark computes them; ports ≥ 32768 as *).</summary>
    public static List<string> Normalize(IEnumerable<CapturedFrame> frames)
    {
        var isn = new Dictionary<(Ipv4Address, ushort), uint>();
        var lines = new List<string>();
        foreach (CapturedFrame f in frames)
        {
            if (f.Has(TcpSegment.Syn))
            {
                isn[(f.Source, f.SourcePort)] = f.Seq;
            }
            uint own = isn.TryGetValue((f.Source, f.SourcePort), out uint o) ? o : f.Seq - 1;
            uint peer = isn.TryGetValue((f.Destination, f.DestinationPort), out uint p) ? p : f.Ack - 1;
            string ack = f.Has(TcpSegment.Ack) ? $" ack={f.Ack - peer}" : "";
            lines.Add($"{f.Source} > {f.Destination} ttl={f.Ttl}{(f.DontFragment ? " df" : "")} TCP {Port(f.SourcePort)} > "
                + $"{Port(f.DestinationPort)} [{f.FlagText}] seq={f.Seq - own}{ack} plen={f.Payload.Length} len={f.Bytes.Length}");
        }
        return lines;
    }

    private static string Port(ushort port) => port >= 32768 ? "*" : port.ToString();
}
