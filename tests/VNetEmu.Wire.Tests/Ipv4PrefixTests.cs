using System.Numerics;
using CsCheck;

namespace VNetEmu.Wire.Tests;

public class Ipv4PrefixTests
{
    private static readonly Gen<Ipv4Prefix> s_prefix = Gen.Select(WireGen.Ipv4, Gen.Int[0, 32], (a, l) => new Ipv4Prefix(a, l));

    /// <summary>An address, optionally followed by a slash and a decimal length of at most 32 (no sign, no space).</summary>
    private static bool IsPrefix(string text)
    {
        int slash = text.IndexOf('/');
        string address = slash < 0 ? text : text[..slash];
        if (!Ipv4AddressTests.IsDottedQuad(address))
        {
            return false;
        }
        if (slash < 0)
        {
            return true;
        }
        string length = text[(slash + 1)..];
        return length.Length > 0 && length.All(char.IsAsciiDigit) && BigInteger.Parse(length) <= 32;
    }

    [Fact]
    public void ParseOfToString_RandomPrefixes_RoundTrips() =>
        s_prefix.Sample(prefix => Assert.Equal(prefix, Ipv4Prefix.Parse(prefix.ToString())), iter: 10_000);

    [Fact]
    public void TryParse_RandomStrings_NeverThrowsAndFollowsTheFormat() =>
        Gen.Frequency(
            (3, Gen.Select(Ipv4AddressTests.NearlyAddresses, Gen.Char["0123456789/ -+\0"].Array[0, 25], (a, l) => a + "/" + new string(l))),
            (1, Ipv4AddressTests.NearlyAddresses))
        .Sample(text =>
        {
            bool parsed = Ipv4Prefix.TryParse(text, out Ipv4Prefix prefix);
            Assert.Equal(IsPrefix(text), parsed);
            if (!parsed)
            {
                Assert.Equal(default, prefix);
            }
        }, iter: 20_000);

    [Theory]
    [InlineData("10.1.0.1/24", "10.1.0.1", 24)]
    [InlineData("10.1.0.1", "10.1.0.1", 32)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("10.1.0.1/032", "10.1.0.1", 32)]
    public void Parse_Valid(string text, string address, int length) =>
        Assert.Equal(new Ipv4Prefix(Ipv4Address.Parse(address), length), Ipv4Prefix.Parse(text));

    [Theory]
    [InlineData("10.1.0.1/")]
    [InlineData("10.1.0.1/33")]
    [InlineData("10.1.0.1/-1")]
    [InlineData("10.1.0.1/+8")]
    [InlineData("10.1.0.1/ 8")]
    [InlineData("10.1.0.1/8/8")]
    [InlineData("10.1.0/8")]
    [InlineData("/8")]
    [InlineData("10.1.0.1/99999999999999999999")]
    [InlineData("10.1.0.1/8\0")] // int.TryParse alone accepts trailing NULs
    [InlineData("10.1.0.1/\0")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Ipv4Prefix.TryParse(text, out Ipv4Prefix prefix));
        Assert.Equal(default, prefix);
        Assert.Throws<FormatException>(() => Ipv4Prefix.Parse(text));
    }

    [Fact]
    public void Default_IsTheWholeSpace()
    {
        Ipv4Prefix prefix = default;
        Assert.Equal("0.0.0.0/0", prefix.ToString());
        Assert.Equal(0u, prefix.Mask);
        Assert.True(prefix.Contains(Ipv4Address.Broadcast));
    }

    [Theory]
    [InlineData("10.1.0.1/24", "10.1.0.0", "10.1.0.255", 0xFFFF_FF00u)]
    [InlineData("172.17.5.9/16", "172.17.0.0", "172.17.255.255", 0xFFFF_0000u)]
    [InlineData("10.1.0.1/32", "10.1.0.1", "10.1.0.1", 0xFFFF_FFFFu)]
    [InlineData("10.1.0.1/31", "10.1.0.0", "10.1.0.1", 0xFFFF_FFFEu)]
    public void NetworkBroadcastMask(string text, string network, string broadcast, uint mask)
    {
        Ipv4Prefix prefix = Ipv4Prefix.Parse(text);
        Assert.Equal(Ipv4Address.Parse(network), prefix.Network);
        Assert.Equal(Ipv4Address.Parse(broadcast), prefix.BroadcastAddress);
        Assert.Equal(mask, prefix.Mask);
    }

    [Fact]
    public void Contains_EqualsComparingTheTopBits() =>
        Gen.Select(s_prefix, WireGen.Ipv4).Sample((prefix, address) =>
        {
            bool expected = prefix.Length == 0 || (prefix.Address.Value >> (32 - prefix.Length)) == (address.Value >> (32 - prefix.Length));
            Assert.Equal(expected, prefix.Contains(address));
            Assert.True(prefix.Contains(prefix.Network));
            Assert.True(prefix.Contains(prefix.BroadcastAddress));
        }, iter: 10_000);
}
