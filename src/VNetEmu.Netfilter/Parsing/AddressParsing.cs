using VNetEmu.Wire;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>libxtables' IPv4 address handling: <c>-s/-d</c> lists with masks (xtables_ipparse_multiple), host names
/// answered from the recording machine's /etc/hosts and /etc/networks (there is no resolver in a namespace), and the
/// ways iptables prints addresses and masks.</summary>
internal static class AddressParsing
{
    private static readonly (string Name, uint Address)[] s_networks =
        [("default", 0x00000000), ("loopback", 0x7F000000), ("link-local", 0xA9FE0000)];

    /// <summary>Parses "a[/m][,b[/m]...]" into address/mask pairs (host order, host bits cleared).</summary>
    public static List<(uint Address, uint Mask)> ParseMultiple(string text)
    {
        var result = new List<(uint, uint)>();
        int count = 1;
        foreach (char c in text)
        {
            if (c == ',')
            {
                count++;
            }
        }
        int pos = 0;
        for (int i = 0; i < count; i++)
        {
            while (pos < text.Length && CText.IsSpace(text[pos]))
            {
                pos++;
            }
            int next = text.IndexOf(',', pos);
            string item = next < 0 ? text[pos..] : text[pos..next];
            if (item.Length > 255)
            {
                Fail.Parameter("Hostname too long");
            }
            uint mask;
            int slash = item.LastIndexOf('/');
            if (slash >= 0)
            {
                mask = ParseMask(item[(slash + 1)..]);
                item = item[..slash];
            }
            else
            {
                mask = uint.MaxValue;
            }
            if (mask == 0)
            {
                item = "0.0.0.0";
            }
            result.Add((ResolveHostNetwork(item) & mask, mask));
            if (next < 0)
            {
                break;
            }
            pos = next + 1;
        }
        return result;
    }

    /// <summary>parse_ipmask: a dotted mask or a prefix length 0-32.</summary>
    private static uint ParseMask(string text)
    {
        if (TryNumericToAddress(text, isMask: true, out uint mask))
        {
            return mask;
        }
        if (!CText.TryParseUInt(text, 0, 32, out ulong bits))
        {
            Fail.Parameter($"invalid mask `{text}' specified");
        }
        return bits == 0 ? 0 : uint.MaxValue << (32 - (int)bits);
    }

    private static uint ResolveHostNetwork(string name)
    {
        if (TryNumericToAddress(name, isMask: false, out uint address))
        {
            return address;
        }
        foreach ((string network, uint value) in s_networks)
        {
            if (network == name)
            {
                return value;
            }
        }
        if (TryResolveHost(name, out address))
        {
            return address;
        }
        Fail.Parameter($"host/network `{name}' not found");
        return 0;
    }

    /// <summary>__numeric_to_ipaddr: up to four dotted bytes; a network address may stop early ("10.1" is
    /// 10.1.0.0), a mask may not.</summary>
    public static bool TryNumericToAddress(string text, bool isMask, out uint address)
    {
        address = 0;
        string buf = text.Length > 19 ? text[..19] : text;
        string[] parts = buf.Split('.');
        if (parts.Length > 4)
        {
            // The fourth byte would swallow "4.5": not a number.
            return false;
        }
        if (parts.Length < 4 && isMask)
        {
            return false;
        }
        for (int i = 0; i < parts.Length; i++)
        {
            if (!CText.TryParseUInt(parts[i], 0, 255, out ulong b))
            {
                return false;
            }
            address |= (uint)b << (24 - 8 * i);
        }
        return true;
    }

    /// <summary>getaddrinfo(name, AF_INET): an inet_aton number (any of its forms) or a name of /etc/hosts.</summary>
    public static bool TryResolveHost(string name, out uint address)
    {
        if (TryParseNumericHost(name, out address))
        {
            return true;
        }
        if (name == "localhost" || name == "ip6-localhost" || name == "ip6-loopback")
        {
            address = 0x7F000001;
            return name == "localhost";
        }
        return false;
    }

    /// <summary>inet_aton: 1 to 4 numbers separated by dots, each in C notation, the last filling the rest.</summary>
    public static bool TryParseNumericHost(string text, out uint address)
    {
        address = 0;
        string[] parts = text.Split('.');
        if (parts.Length > 4 || text.Length == 0)
        {
            return false;
        }
        var values = new ulong[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part.Length == 0 || !char.IsAsciiDigit(part[0]))
            {
                return false;
            }
            if (!CText.StrToUMax(part, 0, out values[i], out int end, out bool overflow) || end != part.Length || overflow)
            {
                return false;
            }
        }
        int last = parts.Length - 1;
        ulong lastMax = last switch { 0 => uint.MaxValue, 1 => 0xFFFFFF, 2 => 0xFFFF, _ => 0xFF };
        if (values[last] > lastMax)
        {
            return false;
        }
        uint result = (uint)values[last];
        for (int i = 0; i < last; i++)
        {
            if (values[i] > 255)
            {
                return false;
            }
            result |= (uint)values[i] << (24 - 8 * i);
        }
        address = result;
        return true;
    }

    /// <summary>xtables_ipaddr_to_numeric.</summary>
    public static string ToNumeric(uint address) => new Ipv4Address(address).ToString();

    /// <summary>xtables_ipaddr_to_anyname: the /etc/hosts name of the address, else its /etc/networks name, else the
    /// number (a namespace has no resolver to ask).</summary>
    public static string ToAnyName(uint address)
    {
        if (address == 0x7F000001)
        {
            return "localhost";
        }
        foreach ((string name, uint value) in s_networks)
        {
            if (value == address)
            {
                return name;
            }
        }
        return ToNumeric(address);
    }

    /// <summary>The prefix length of a contiguous mask, or -1.</summary>
    public static int MaskToCidr(uint mask)
    {
        uint bits = uint.MaxValue;
        for (int i = 32; i >= 0; i--, bits <<= 1)
        {
            if (bits == mask)
            {
                return i;
            }
            if (i == 0)
            {
                break;
            }
        }
        return mask == 0 ? 0 : -1;
    }

    /// <summary>xtables_ipmask_to_numeric: "" for /32, "/24", or "/255.0.255.0" for a non-contiguous mask.</summary>
    public static string MaskToNumeric(uint mask)
    {
        int cidr = MaskToCidr(mask);
        return cidr switch
        {
            -1 => "/" + ToNumeric(mask),
            32 => "",
            _ => "/" + cidr,
        };
    }

    /// <summary>The mask as iptables-save writes it after the slash: "32", "24" or dotted.</summary>
    public static string MaskToSaveText(uint mask)
    {
        int cidr = MaskToCidr(mask);
        return cidr < 0 ? ToNumeric(mask) : cidr.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
