using System.Text.RegularExpressions;
using CsCheck;

namespace VNetEmu.Wire.Tests;

public partial class Ipv4AddressTests
{
    /// <summary>Dotted quad: four decimal octets of one to three ASCII digits, each at most 255.</summary>
    [GeneratedRegex(@"^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    /// <summary>The specification TryParse is checked against.</summary>
    internal static bool IsDottedQuad(string text)
    {
        Match match = DottedQuad().Match(text);
        return match.Success && match.Groups.Values.Skip(1).All(g => int.Parse(g.Value) <= 255);
    }

    /// <summary>Strings near the format (digits and dots, a few other characters) and arbitrary ones.</summary>
    internal static readonly Gen<string> NearlyAddresses = Gen.Frequency(
        (4, Gen.Char["0123456789."].Array[0, 18].Select(c => new string(c))),
        (1, Gen.Char["0123456789.:/ x-+\n\u0660\uff10"].Array[0, 18].Select(c => new string(c))),
        (1, Gen.String));

    [Fact]
    public void ParseOfToString_RandomAddresses_RoundTrips() =>
        WireGen.Ipv4.Sample(address =>
        {
            Assert.Equal(address, Ipv4Address.Parse(address.ToString()));
            Span<char> buffer = stackalloc char[15];
            Assert.True(address.TryFormat(buffer, out int written, default, null));
            Assert.Equal(address.ToString(), buffer[..written].ToString());
            Assert.True(Ipv4Address.TryParse(buffer[..written], out Ipv4Address parsed));
            Assert.Equal(address, parsed);
            Assert.Equal(address.ToString(), $"{address}");
        }, iter: 10_000);

    [Fact]
    public void TryParse_RandomStrings_NeverThrowsAndFollowsTheDottedQuad() =>
        NearlyAddresses.Sample(text =>
        {
            bool parsed = Ipv4Address.TryParse(text, out Ipv4Address address);
            Assert.Equal(IsDottedQuad(text), parsed);
            if (parsed)
            {
                Assert.Equal(address.ToString(), string.Join('.', text.Split('.').Select(int.Parse)));
            }
            else
            {
                Assert.Equal(default, address);
            }
        }, iter: 20_000);

    [Theory]
    [InlineData("0.0.0.0", 0x0000_0000u)]
    [InlineData("10.1.0.1", 0x0A01_0001u)]
    [InlineData("172.17.0.2", 0xAC11_0002u)]
    [InlineData("255.255.255.255", 0xFFFF_FFFFu)]
    [InlineData("010.001.000.001", 0x0A01_0001u)] // leading zeros are decimal, never octal
    public void Parse_Valid(string text, uint expected) => Assert.Equal(new Ipv4Address(expected), Ipv4Address.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4 ")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.0004")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.+4")]
    [InlineData("0x1.2.3.4")]
    [InlineData("1.2.3.4/24")]
    [InlineData("\u0661.2.3.4")] // Arabic-Indic one is a digit to char.IsDigit, not to us
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Ipv4Address.TryParse(text, out Ipv4Address address));
        Assert.Equal(default, address);
        Assert.Throws<FormatException>(() => Ipv4Address.Parse(text));
    }

    [Fact]
    public void Default_IsAnyAndFormatsAsZeros()
    {
        Ipv4Address address = default;
        Assert.True(address.IsAny);
        Assert.Equal(Ipv4Address.Any, address);
        Assert.Equal("0.0.0.0", address.ToString());
    }

    [Fact]
    public void ByteConstructor_ReadAndWrite_AreNetworkOrder()
    {
        var address = new Ipv4Address(198, 51, 100, 2);
        Assert.Equal(0xC633_6402u, address.Value);
        byte[] bytes = new byte[4];
        address.Write(bytes);
        Assert.Equal([198, 51, 100, 2], bytes);
        Assert.Equal(address, Ipv4Address.Read(bytes));
    }

    [Theory]
    [InlineData("224.0.0.1", true, false, false)]
    [InlineData("239.255.255.255", true, false, false)]
    [InlineData("223.255.255.255", false, false, false)]
    [InlineData("127.0.0.1", false, true, false)]
    [InlineData("255.255.255.255", false, false, true)]
    public void Classes(string text, bool multicast, bool loopback, bool broadcast)
    {
        Ipv4Address address = Ipv4Address.Parse(text);
        Assert.Equal(multicast, address.IsMulticast);
        Assert.Equal(loopback, address.IsLoopback);
        Assert.Equal(broadcast, address.IsBroadcast);
    }

    [Fact]
    public void TryFormat_TooSmall_ReturnsFalse()
    {
        Span<char> buffer = stackalloc char[14];
        Assert.False(Ipv4Address.Broadcast.TryFormat(buffer, out _, default, null));
        Assert.True(Ipv4Address.Broadcast.TryFormat(stackalloc char[15], out int written, default, null));
        Assert.Equal(15, written);
    }

    [Fact]
    public void CompareTo_OrdersByValue() =>
        Gen.Select(WireGen.Ipv4, WireGen.Ipv4).Sample((a, b) => Assert.Equal(a.Value.CompareTo(b.Value), a.CompareTo(b)));
}
