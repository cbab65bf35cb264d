using System.Text.RegularExpressions;
using CsCheck;

namespace VNetEmu.Wire.Tests;

public partial class MacAddressTests
{
    [GeneratedRegex(@"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ColonHex();

    private static readonly Gen<string> s_nearlyMacs = Gen.Frequency(
        (4, Gen.Char["0123456789abcdefABCDEF:"].Array[0, 20].Select(c => new string(c))),
        (1, Gen.Char["0123456789abcdefgG:-. \n"].Array[15, 19].Select(c => new string(c))),
        (1, Gen.String));

    [Fact]
    public void ParseOfToString_RandomAddresses_RoundTrips() =>
        WireGen.Mac.Sample(address =>
        {
            string text = address.ToString();
            Assert.Equal(address, MacAddress.Parse(text));
            Assert.Equal(address, MacAddress.Parse(text.ToUpperInvariant()));
            Span<char> buffer = stackalloc char[17];
            Assert.True(address.TryFormat(buffer, out int written, default, null));
            Assert.Equal(text, buffer[..written].ToString());
            byte[] bytes = new byte[6];
            address.Write(bytes);
            Assert.Equal(address, MacAddress.Read(bytes));
            Assert.Equal(Convert.ToHexString(bytes).ToLowerInvariant(), text.Replace(":", ""));
        }, iter: 10_000);

    [Fact]
    public void TryParse_RandomStrings_NeverThrowsAndFollowsColonHex() =>
        s_nearlyMacs.Sample(text =>
        {
            bool parsed = MacAddress.TryParse(text, out MacAddress address);
            Assert.Equal(ColonHex().IsMatch(text), parsed);
            if (parsed)
            {
                Assert.Equal(text.ToLowerInvariant(), address.ToString());
            }
            else
            {
                Assert.Equal(default, address);
            }
        }, iter: 20_000);

    [Theory]
    [InlineData("")]
    [InlineData("01:02:03:04:05")]
    [InlineData("01:02:03:04:05:06:07")]
    [InlineData("01-02-03-04-05-06")]
    [InlineData("0102.0304.0506")]
    [InlineData("01:02:03:04:05:0g")]
    [InlineData("1:2:3:4:5:6")]
    [InlineData("001:02:03:04:05:6")]
    [InlineData("01:02:03:04:05:06 ")]
    [InlineData("\uff10\uff11:02:03:04:05:06")] // fullwidth digits
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(MacAddress.TryParse(text, out MacAddress address));
        Assert.Equal(default, address);
        Assert.Throws<FormatException>(() => MacAddress.Parse(text));
    }

    [Fact]
    public void Default_IsZeroAndFormatsAsZeros()
    {
        MacAddress address = default;
        Assert.True(address.IsZero);
        Assert.False(address.IsMulticast);
        Assert.Equal("00:00:00:00:00:00", address.ToString());
    }

    [Theory]
    [InlineData("ff:ff:ff:ff:ff:ff", true, true)]
    [InlineData("01:00:5e:00:00:01", true, false)]
    [InlineData("33:33:00:00:00:01", true, false)]
    [InlineData("02:42:ac:11:00:02", false, false)]
    [InlineData("fe:ff:ff:ff:ff:ff", false, false)]
    public void GroupBits(string text, bool multicast, bool broadcast)
    {
        MacAddress address = MacAddress.Parse(text);
        Assert.Equal(multicast, address.IsMulticast);
        Assert.Equal(broadcast, address.IsBroadcast);
    }

    /// <summary>RFC 1112 §6.4: 01:00:5e and the low 23 bits of the group.</summary>
    [Theory]
    [InlineData("224.0.0.1", "01:00:5e:00:00:01")]
    [InlineData("239.255.255.250", "01:00:5e:7f:ff:fa")]
    [InlineData("224.128.1.2", "01:00:5e:00:01:02")]
    public void FromIpv4Multicast(string group, string expected) =>
        Assert.Equal(MacAddress.Parse(expected), MacAddress.FromIpv4Multicast(Ipv4Address.Parse(group)));

    [Fact]
    public void TryFormat_TooSmall_ReturnsFalse()
    {
        Assert.False(MacAddress.Broadcast.TryFormat(stackalloc char[16], out int written, default, null));
        Assert.Equal(0, written);
    }
}
