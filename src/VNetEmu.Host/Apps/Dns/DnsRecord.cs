using System.Buffers.Binary;
using System.Text;
using VNetEmu.Wire;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>A resource record (RFC 1035 §4.1.3). <see cref="Data"/> is the RDATA with every domain name in it written
/// uncompressed (names are decompressed on read and compressed again on write), so records compare by value.</summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, byte[] Data)
{
    public const ushort ClassIn = 1;

    public static DnsRecord A(string name, Ipv4Address address, uint ttl = 600)
    {
        byte[] data = new byte[4];
        address.Write(data);
        return new DnsRecord(name, DnsRecordType.A, ClassIn, ttl, data);
    }

    /// <summary>An AAAA record from 16 address bytes.</summary>
    public static DnsRecord Aaaa(string name, byte[] address, uint ttl = 600) => new(name, DnsRecordType.AAAA, ClassIn, ttl, address);

    public static DnsRecord Ptr(string name, string target, uint ttl = 600) => WithName(name, DnsRecordType.PTR, ttl, target);

    public static DnsRecord Cname(string name, string target, uint ttl = 600) => WithName(name, DnsRecordType.CNAME, ttl, target);

    public static DnsRecord Ns(string name, string target, uint ttl = 600) => WithName(name, DnsRecordType.NS, ttl, target);

    public static DnsRecord Mx(string name, ushort preference, string exchange, uint ttl = 600)
    {
        var b = new List<byte> { (byte)(preference >> 8), (byte)preference };
        DnsName.WriteUncompressed(b, exchange);
        return new DnsRecord(name, DnsRecordType.MX, ClassIn, ttl, [.. b]);
    }

    public static DnsRecord Soa(string name, string mname, string rname, uint serial, uint refresh, uint retry, uint expire, uint minimum, uint ttl = 600)
    {
        var b = new List<byte>();
        DnsName.WriteUncompressed(b, mname);
        DnsName.WriteUncompressed(b, rname);
        foreach (uint v in new[] { serial, refresh, retry, expire, minimum })
        {
            b.Add((byte)(v >> 24));
            b.Add((byte)(v >> 16));
            b.Add((byte)(v >> 8));
            b.Add((byte)v);
        }
        return new DnsRecord(name, DnsRecordType.SOA, ClassIn, ttl, [.. b]);
    }

    public static DnsRecord Txt(string name, string text, uint ttl = 600)
    {
        byte[] t = Encoding.ASCII.GetBytes(text);
        var b = new List<byte>();
        for (int i = 0; i < t.Length || i == 0; i += 255)
        {
            int n = Math.Min(255, t.Length - i);
            b.Add((byte)n);
            b.AddRange(t.AsSpan(i, n).ToArray());
        }
        return new DnsRecord(name, DnsRecordType.TXT, ClassIn, ttl, [.. b]);
    }

    /// <summary>An EDNS0 OPT pseudo-record (RFC 6891 §6.1.2): CLASS is the requester's UDP payload size.</summary>
    public static DnsRecord Opt(ushort udpPayloadSize, uint extendedFlags = 0) => new("", DnsRecordType.OPT, udpPayloadSize, extendedFlags, []);

    private static DnsRecord WithName(string name, DnsRecordType type, uint ttl, string target)
    {
        var b = new List<byte>();
        DnsName.WriteUncompressed(b, target);
        return new DnsRecord(name, type, ClassIn, ttl, [.. b]);
    }

    /// <summary>The IPv4 address of an A record.</summary>
    public Ipv4Address Ipv4 => Type == DnsRecordType.A && Data.Length == 4 ? Ipv4Address.Read(Data) : default;

    /// <summary>The name an NS, CNAME or PTR record points to, or an MX record's exchange; null for other types.</summary>
    public string? Target => Type switch
    {
        DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR => DnsName.ReadUncompressed(Data, 0, out _),
        DnsRecordType.MX when Data.Length > 2 => DnsName.ReadUncompressed(Data, 2, out _),
        _ => null,
    };

    /// <summary>The preference of an MX record.</summary>
    public ushort Preference => Type == DnsRecordType.MX && Data.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Data) : (ushort)0;

    /// <summary>The address of an A or AAAA record as text (RFC 5952 for IPv6, as musl's inet_ntop prints it).</summary>
    public string? AddressText => Type switch
    {
        DnsRecordType.A when Data.Length == 4 => Ipv4.ToString(),
        DnsRecordType.AAAA when Data.Length == 16 => new System.Net.IPAddress(Data).ToString(),
        _ => null,
    };

    public bool Equals(DnsRecord? other) => other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && Type == other.Type && Class == other.Class && Ttl == other.Ttl && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Name.ToLowerInvariant(), Type, Class, Ttl, Data.Length);
}
