namespace VNetEmu.Host.Apps.Dns;

/// <summary>One entry of a message's question section (RFC 1035 §4.1.2). <see cref="Name"/> has no trailing dot.</summary>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsRecord.ClassIn);
