using VNetEmu.Engine.Devices;
using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Conntrack;

/// <summary>One tracked connection (struct nf_conn): the original and reply tuples (the reply tuple carries the NAT
/// mapping), status bits, protocol state, timeout on the virtual clock, mark, and what MASQUERADE bound it to.</summary>
public sealed class ConntrackEntry
{
    internal ConntrackEntry(ConntrackTuple original, uint id)
    {
        Original = original;
        Reply = original.Invert();
        Id = id;
    }

    public uint Id { get; }
    public ConntrackTuple Original { get; }

    /// <summary>What replies look like; differs from <c>Original.Invert()</c> once NAT is set up.</summary>
    public ConntrackTuple Reply { get; internal set; }
    public ConntrackStatus Status { get; internal set; }
    public TcpConntrackState TcpState { get; internal set; }
    public long ExpiresNs { get; internal set; }
    public uint Mark { get; set; }

    /// <summary>First packet time + 2 s: a UDP flow still active then is a stream (120 s, ASSURED).</summary>
    internal long StreamNs { get; set; }

    /// <summary>The device and address a MASQUERADE binding used; the entry goes when that address does.</summary>
    public NetDevice? MasqueradeDevice { get; internal set; }
    public Ipv4Address MasqueradeAddress { get; internal set; }

    public bool Has(ConntrackStatus bit) => (Status & bit) != 0;

    /// <summary>True when the packet that created this entry has not left the box yet (not in the table).</summary>
    public bool IsConfirmed => Has(ConntrackStatus.Confirmed);
}
