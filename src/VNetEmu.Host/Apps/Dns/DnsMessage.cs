using System.Buffers.Binary;

namespace VNetEmu.Host.Apps.Dns;

/// <summary>A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections. Read
/// RFC 1035 §4.1.1 and RFC 6891 §6 (EDNS0) before changing this file.</summary>
/// <remarks><code>
///   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
/// |                      ID                       |
/// |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
/// |    QDCOUNT    |    ANCOUNT    |    NSCOUNT    |    ARCOUNT    |
/// </code></remarks>
public sealed class DnsMessage
{
    public const int HeaderLength = 12;

    /// <summary>The classic UDP limit (RFC 1035 §2.3.4) when the query carries no OPT record.</summary>
    public const int UdpLimit = 512;

    public ushort Id { get; set; }
    public bool IsResponse { get; set; }
    public byte Opcode { get; set; }
    public bool Authoritative { get; set; }
    public bool Truncated { get; set; }
    public bool RecursionDesired { get; set; }
    public bool RecursionAvailable { get; set; }
    public bool AuthenticData { get; set; }
    public bool CheckingDisabled { get; set; }
    public DnsRcode Rcode { get; set; }
    public List<DnsQuestion> Questions { get; } = [];
    public List<DnsRecord> Answers { get; } = [];
    public List<DnsRecord> Authority { get; } = [];
    public List<DnsRecord> Additional { get; } = [];

    /// <summary>The EDNS0 UDP payload size a query advertises (its OPT record's CLASS, at least 512), or null.</summary>
    public int? EdnsUdpSize
    {
        get
        {
            foreach (DnsRecord r in Additional)
            {
                if (r.Type == DnsRecordType.OPT)
                {
                    return Math.Max((int)r.Class, UdpLimit);
                }
            }
            return null;
        }
    }

    /// <summary>A query with one question and RD set, as a stub resolver sends it.</summary>
    public static DnsMessage Query(ushort id, string name, DnsRecordType type)
    {
        var m = new DnsMessage { Id = id, RecursionDesired = true };
        m.Questions.Add(new DnsQuestion(name, type));
        return m;
    }

    /// <summary>A response to <paramref name="query"/>: same id, opcode, RD and question, QR set.</summary>
    public DnsMessage CreateResponse(DnsRcode rcode = DnsRcode.NOERROR)
    {
        var m = new DnsMessage { Id = Id, IsResponse = true, Opcode = Opcode, RecursionDesired = RecursionDesired, Rcode = rcode, CheckingDisabled = CheckingDisabled };
        m.Questions.AddRange(Questions);
        return m;
    }

    /// <summary>Parses a message from outside. Never throws: false for anything malformed or truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out DnsMessage message)
    {
        message = new DnsMessage();
        if (bytes.Length < HeaderLength)
        {
            return false;
        }
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        message.Id = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        message.IsResponse = (flags & 0x8000) != 0;
        message.Opcode = (byte)(flags >> 11 & 0xF);
        message.Authoritative = (flags & 0x0400) != 0;
        message.Truncated = (flags & 0x0200) != 0;
        message.RecursionDesired = (flags & 0x0100) != 0;
        message.RecursionAvailable = (flags & 0x0080) != 0;
        message.AuthenticData = (flags & 0x0020) != 0;
        message.CheckingDisabled = (flags & 0x0010) != 0;
        message.Rcode = (DnsRcode)(flags & 0xF);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        int pos = HeaderLength;
        for (int i = 0; i < qd; i++)
        {
            if (!DnsName.TryRead(bytes, pos, out string name, out pos) || pos + 4 > bytes.Length)
            {
                return false;
            }
            message.Questions.Add(new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(bytes[pos..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(pos + 2)..])));
            pos += 4;
        }
        return ReadSection(bytes, ref pos, BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]), message.Answers)
            && ReadSection(bytes, ref pos, BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]), message.Authority)
            && ReadSection(bytes, ref pos, BinaryPrimitives.ReadUInt16BigEndian(bytes[10..]), message.Additional);
    }

    private static bool ReadSection(ReadOnlySpan<byte> bytes, ref int pos, int count, List<DnsRecord> into)
    {
        for (int i = 0; i < count; i++)
        {
            if (!DnsName.TryRead(bytes, pos, out string name, out pos) || pos + 10 > bytes.Length)
            {
                return false;
            }
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(bytes[pos..]);
            ushort cls = BinaryPrimitives.ReadUInt16BigEndian(bytes[(pos + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(bytes[(pos + 4)..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(pos + 8)..]);
            pos += 10;
            if (pos + rdLength > bytes.Length || !TryReadData(bytes, pos, rdLength, type, out byte[] data))
            {
                return false;
            }
            pos += rdLength;
            into.Add(new DnsRecord(name, type, cls, ttl, data));
        }
        return true;
    }

    /// <summary>RDATA in canonical form: names inside NS, CNAME, PTR, MX and SOA decompressed.</summary>
    private static bool TryReadData(ReadOnlySpan<byte> bytes, int start, int length, DnsRecordType type, out byte[] data)
    {
        ReadOnlySpan<byte> raw = bytes.Slice(start, length);
        data = [];
        int end = start + length;
        var b = new List<byte>();
        switch (type)
        {
            case DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR:
                if (!DnsName.TryRead(bytes[..end], start, out string target, out int next) || next != end)
                {
                    return false;
                }
                DnsName.WriteUncompressed(b, target);
                break;
            case DnsRecordType.MX:
                if (length < 3 || !DnsName.TryRead(bytes[..end], start + 2, out string exchange, out next) || next != end)
                {
                    return false;
                }
                b.AddRange(raw[..2].ToArray());
                DnsName.WriteUncompressed(b, exchange);
                break;
            case DnsRecordType.SOA:
                if (!DnsName.TryRead(bytes[..end], start, out string mname, out next)
                    || !DnsName.TryRead(bytes[..end], next, out string rname, out next) || next + 20 != end)
                {
                    return false;
                }
                DnsName.WriteUncompressed(b, mname);
                DnsName.WriteUncompressed(b, rname);
                b.AddRange(bytes.Slice(next, 20).ToArray());
                break;
            default:
                data = raw.ToArray();
                return true;
        }
        data = [.. b];
        return true;
    }

    /// <summary>The message in wire form, names compressed.</summary>
    public byte[] ToBytes() => [.. Write(int.MaxValue, out _)];

    /// <summary>The wire form cut to at most <paramref name="maxLength"/> bytes by dropping whole records from the end
    /// (additional first, then authority, then answers) and setting TC when an answer or authority record had to go
    /// (RFC 2181 §9; an OPT record is kept when it fits).</summary>
    public byte[] ToBytes(int maxLength) => [.. Write(maxLength, out _)];

    private List<byte> Write(int maxLength, out bool truncated)
    {
        var records = new List<(List<DnsRecord> Section, DnsRecord Record)>();
        records.AddRange(Answers.Select(r => (Answers, r)));
        records.AddRange(Authority.Select(r => (Authority, r)));
        records.AddRange(Additional.Select(r => (Additional, r)));
        for (int keep = records.Count; ; keep--)
        {
            truncated = keep < Answers.Count + Authority.Count;
            List<byte> bytes = WriteWith(records.Take(keep).ToList(), truncated || Truncated);
            if (bytes.Count <= maxLength || keep == 0)
            {
                if (keep < records.Count && !truncated)
                {
                    // Only additional records went: keep OPT if it still fits (it is small and carries EDNS).
                    DnsRecord? opt = Additional.FirstOrDefault(r => r.Type == DnsRecordType.OPT);
                    if (opt is not null && !records.Take(keep).Any(r => r.Record == opt))
                    {
                        List<byte> withOpt = WriteWith([.. records.Take(keep), (Additional, opt)], Truncated);
                        if (withOpt.Count <= maxLength)
                        {
                            return withOpt;
                        }
                    }
                }
                return bytes;
            }
        }
    }

    private List<byte> WriteWith(List<(List<DnsRecord> Section, DnsRecord Record)> records, bool tc)
    {
        var o = new List<byte>(512);
        int flags = (IsResponse ? 0x8000 : 0) | (Opcode & 0xF) << 11 | (Authoritative ? 0x0400 : 0) | (tc ? 0x0200 : 0)
            | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0) | (AuthenticData ? 0x0020 : 0)
            | (CheckingDisabled ? 0x0010 : 0) | ((int)Rcode & 0xF);
        Put16(o, Id);
        Put16(o, flags);
        Put16(o, Questions.Count);
        Put16(o, records.Count(r => r.Section == Answers));
        Put16(o, records.Count(r => r.Section == Authority));
        Put16(o, records.Count(r => r.Section == Additional));
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (DnsQuestion q in Questions)
        {
            DnsName.WriteCompressed(o, q.Name, offsets);
            Put16(o, (int)q.Type);
            Put16(o, q.Class);
        }
        foreach ((_, DnsRecord r) in records)
        {
            DnsName.WriteCompressed(o, r.Name, offsets);
            Put16(o, (int)r.Type);
            Put16(o, r.Class);
            Put16(o, (int)(r.Ttl >> 16));
            Put16(o, (int)r.Ttl);
            int lengthAt = o.Count;
            Put16(o, 0);
            WriteData(o, r, offsets);
            int rdLength = o.Count - lengthAt - 2;
            o[lengthAt] = (byte)(rdLength >> 8);
            o[lengthAt + 1] = (byte)rdLength;
        }
        return o;
    }

    private static void WriteData(List<byte> o, DnsRecord r, Dictionary<string, int> offsets)
    {
        switch (r.Type)
        {
            case DnsRecordType.NS or DnsRecordType.CNAME or DnsRecordType.PTR when DnsName.ReadUncompressed(r.Data, 0, out _) is { } target:
                DnsName.WriteCompressed(o, target, offsets);
                return;
            case DnsRecordType.MX when r.Data.Length > 2 && DnsName.ReadUncompressed(r.Data, 2, out _) is { } exchange:
                o.Add(r.Data[0]);
                o.Add(r.Data[1]);
                DnsName.WriteCompressed(o, exchange, offsets);
                return;
            case DnsRecordType.SOA when DnsName.ReadUncompressed(r.Data, 0, out int next) is { } mname
                && DnsName.ReadUncompressed(r.Data, next, out int after) is { } rname && after + 20 == r.Data.Length:
                DnsName.WriteCompressed(o, mname, offsets);
                DnsName.WriteCompressed(o, rname, offsets);
                o.AddRange(r.Data.AsSpan(after, 20).ToArray());
                return;
            default:
                o.AddRange(r.Data);
                return;
        }
    }

    private static void Put16(List<byte> o, int v)
    {
        o.Add((byte)(v >> 8));
        o.Add((byte)v);
    }
}
