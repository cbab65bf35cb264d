using CsCheck;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Wire;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>The DNS codec: round trips of every record type, name compression, hostile bytes.</summary>
public class DnsMessageTests
{
    private static DnsMessage Sample()
    {
        DnsMessage q = DnsMessage.Query(0x1234, "web.app.example.test", DnsRecordType.A);
        q.Additional.Add(DnsRecord.Opt(1232));
        DnsMessage r = q.CreateResponse();
        r.RecursionAvailable = true;
        r.Answers.Add(DnsRecord.Cname("web.app.example.test", "real.app.example.test"));
        r.Answers.Add(DnsRecord.A("real.app.example.test", Ipv4Address.Parse("10.10.0.2")));
        r.Answers.Add(DnsRecord.Aaaa("real.app.example.test", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
        r.Answers.Add(DnsRecord.Mx("app.example.test", 10, "mail.app.example.test"));
        r.Answers.Add(DnsRecord.Txt("app.example.test", "v=spf1 -all"));
        r.Answers.Add(DnsRecord.Ptr("2.0.10.10.in-addr.arpa", "a1.app"));
        r.Authority.Add(DnsRecord.Ns("example.test", "ns1.example.test"));
        r.Authority.Add(DnsRecord.Soa("example.test", "ns1.example.test", "hostmaster.example.test", 2026010101, 3600, 600, 86400, 300));
        r.Additional.Add(DnsRecord.Opt(1232));
        return r;
    }

    [Fact]
    public void EveryRecordType_RoundTrips()
    {
        DnsMessage r = Sample();
        byte[] bytes = r.ToBytes();
        Assert.True(DnsMessage.TryParse(bytes, out DnsMessage back));
        Assert.Equal((0x1234, true, true, true, DnsRcode.NOERROR), (back.Id, back.IsResponse, back.RecursionDesired, back.RecursionAvailable, back.Rcode));
        Assert.Equal(r.Questions, back.Questions);
        Assert.Equal(r.Answers, back.Answers);
        Assert.Equal(r.Authority, back.Authority);
        Assert.Equal(r.Additional, back.Additional);
        Assert.Equal(1232, back.EdnsUdpSize);
        Assert.Equal("real.app.example.test", back.Answers[0].Target);
        Assert.Equal("10.10.0.2", back.Answers[1].AddressText);
        Assert.Equal("2001:db8::1", back.Answers[2].AddressText);
        Assert.Equal((10, "mail.app.example.test"), (back.Answers[3].Preference, back.Answers[3].Target));
        Assert.Equal(bytes, back.ToBytes());
    }

    [Fact]
    public void RepeatedNames_AreCompressedToPointers()
    {
        DnsMessage q = DnsMessage.Query(1, "svc.example.test", DnsRecordType.A);
        DnsMessage r = q.CreateResponse();
        r.Answers.Add(DnsRecord.A("svc.example.test", Ipv4Address.Parse("192.0.2.80")));
        byte[] bytes = r.ToBytes();
        // header 12 + question (18 name + 4) + answer (2-byte pointer to offset 12 + 10 + 4)
        Assert.Equal(12 + 22 + 16, bytes.Length);
        Assert.Equal([0xC0, 12], bytes[34..36]);
    }

    [Fact]
    public void PointerLoop_IsRejected()
    {
        byte[] bytes = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        Assert.False(DnsMessage.TryParse(bytes, out _));
        byte[] forward = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 14, 1, (byte)'a', 0, 0, 1, 0, 1];
        Assert.False(DnsMessage.TryParse(forward, out _));
    }

    [Theory, InlineData(0), InlineData(11), InlineData(20)]
    public void Truncated_ReturnsFalse(int length)
    {
        byte[] bytes = Sample().ToBytes();
        Assert.False(DnsMessage.TryParse(bytes[..length], out _));
    }

    [Fact]
    public void LargeAnswer_OverUdpLimit_DropsRecordsAndSetsTc()
    {
        DnsMessage r = DnsMessage.Query(7, "many.example.test", DnsRecordType.A).CreateResponse();
        for (int i = 0; i < 60; i++)
        {
            r.Answers.Add(DnsRecord.A("many.example.test", new Ipv4Address(10, 0, 0, (byte)i)));
        }
        byte[] cut = r.ToBytes(DnsMessage.UdpLimit);
        Assert.True(cut.Length <= 512);
        Assert.True(DnsMessage.TryParse(cut, out DnsMessage back));
        Assert.True(back.Truncated);
        Assert.InRange(back.Answers.Count, 1, 59);
        Assert.False(DnsMessage.TryParse(r.ToBytes(), out DnsMessage full) && full.Truncated);
    }

    [Fact]
    public void RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            if (DnsMessage.TryParse(bytes, out DnsMessage m))
            {
                _ = m.ToBytes();
            }
        }, iter: 20000);

    [Fact]
    public void MutatedValidMessages_NeverThrow()
    {
        byte[] valid = Sample().ToBytes();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 6].Sample(edits =>
        {
            byte[] b = (byte[])valid.Clone();
            foreach ((int at, byte v) in edits)
            {
                b[at] = v;
            }
            if (DnsMessage.TryParse(b, out DnsMessage m))
            {
                _ = m.ToBytes();
            }
        }, iter: 20000);
    }
}
