using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VNetEmu.Scripting.Goldens;

/// <summary>The normalization of docker-goldens/README.md, applied to what the emulator printed so that it can be
/// compared with a recording: ids, veth names, random MACs and their link-local addresses, times, pids and the
/// embedded DNS's random ports become numbered placeholders in order of first appearance. One instance numbers
/// a whole session (its transcript, then its final iptables-save), as the recordings' normalizer did.</summary>
public sealed partial class GoldenNormalizer
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hex12 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _veths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _macs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ll6 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dnsPorts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keptMacs = new(StringComparer.Ordinal);
    private HashSet<string> _addresses = new(StringComparer.Ordinal);

    /// <summary>MACs typed in commands stay as they are.</summary>
    public void KeepMacsOf(string command)
    {
        foreach (Match m in MacPattern().Matches(command.ToLowerInvariant()))
        {
            _keptMacs.Add(m.Value);
        }
    }

    /// <summary>Normalizes one session's texts in order; the result has one entry per input.</summary>
    public List<string> Normalize(IReadOnlyList<string> texts)
    {
        // Long ids are numbered by first appearance in the whole session, so that short forms seen earlier map too.
        foreach (string text in texts)
        {
            foreach (Match m in Id64Pattern().Matches(text))
            {
                _ids.TryAdd(m.Value, _ids.Count + 1);
            }
            foreach (Match m in Ipv4Pattern().Matches(text))
            {
                _addresses.Add(m.Value);
            }
        }
        var result = new List<string>(texts.Count);
        foreach (string text in texts)
        {
            result.Add(NormalizeOne(text));
        }
        return result;
    }

    private string NormalizeOne(string text)
    {
        text = Id64Pattern().Replace(text, m => $"<ID{_ids[m.Value]}>");
        text = DatePattern().Replace(text, "on <DATE>");
        text = TimePattern().Replace(text, "<TIME>");
        text = PingTimePattern().Replace(text, "time=<T> ms");
        text = RoundTripPattern().Replace(text, m => m.Groups[1].Value + " = <T>/<T>/<T>" + (m.Groups[2].Success ? "/<T>" : "") + " ms");
        text = BridgeTimerPattern().Replace(text, m => m.Groups[1].Value + " <T>");
        text = PidPattern().Replace(text, "pid=<PID>");
        text = DnsPortPattern().Replace(text, m => m.Groups[1].Value + "<DNSPORT" + Number(_dnsPorts, m.Groups[2].Value) + ">");
        text = VethPattern().Replace(text, m => "<veth" + Number(_veths, m.Value) + ">");
        text = SolicitedNodePattern().Replace(text, "33:33:ff:<SNM>");
        text = EtherNtoaPattern().Replace(text, m => EtherNtoa(m.Value));
        text = MacPattern().Replace(text, m => IsKept(m.Value) ? m.Value : "<MAC" + Number(_macs, m.Value) + ">");
        text = LinkLocalPattern().Replace(text, m => LinkLocal(m.Value));
        text = BridgeIdPattern().Replace(text, m => BridgeId(m.Groups[1].Value));
        text = Hex12Pattern().Replace(text, m => Hex12(m.Value));
        return text;
    }

    /// <summary>ether_ntoa's unpadded form ("2:42:ac:11:0:2", iproute2's bridge ids) of a MAC, as that MAC.</summary>
    private string EtherNtoa(string text)
    {
        string[] parts = text.Split(':');
        if (Array.TrueForAll(parts, p => p.Length == 2))
        {
            return text; // a plain MAC: the MAC rule numbers it
        }
        string mac = string.Join(':', Array.ConvertAll(parts, p => p.PadLeft(2, '0')));
        return IsKept(mac) ? text : "<MAC" + Number(_macs, mac) + ">";
    }

    private static int Number(Dictionary<string, int> seen, string key)
    {
        if (!seen.TryGetValue(key, out int n))
        {
            n = seen.Count + 1;
            seen.Add(key, n);
        }
        return n;
    }

    private bool IsKept(string mac)
    {
        if (mac is "ff:ff:ff:ff:ff:ff" or "00:00:00:00:00:00" || _keptMacs.Contains(mac)
            || mac.StartsWith("01:00:5e:", StringComparison.Ordinal) || mac.StartsWith("33:33:", StringComparison.Ordinal)
            || mac.StartsWith("01:80:c2:", StringComparison.Ordinal))
        {
            return true;
        }
        // Docker 20.10's container MACs: 02:42 + the four bytes of the container's IPv4 address.
        if (!mac.StartsWith("02:42:", StringComparison.Ordinal))
        {
            return false;
        }
        string[] b = mac.Split(':');
        string ip = string.Join('.', b[2..].Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
        return _addresses.Contains(ip);
    }

    /// <summary>fe80::/64 with an EUI-64 interface id: named after its MAC when that MAC has a number.</summary>
    private string LinkLocal(string address)
    {
        if (System.Net.IPAddress.TryParse(address, out System.Net.IPAddress? ip))
        {
            byte[] a = ip.GetAddressBytes();
            if (a[11] == 0xff && a[12] == 0xfe)
            {
                string mac = string.Create(CultureInfo.InvariantCulture, $"{a[8] ^ 2:x2}:{a[9]:x2}:{a[10]:x2}:{a[13]:x2}:{a[14]:x2}:{a[15]:x2}");
                if (_macs.TryGetValue(mac, out int n))
                {
                    return $"<LL6-MAC{n}>";
                }
            }
        }
        return "<LL6_" + Number(_ll6, address) + ">";
    }

    private string BridgeId(string hex)
    {
        var mac = new StringBuilder();
        for (int i = 0; i < 12; i += 2)
        {
            mac.Append(i > 0 ? ":" : "").Append(hex, i, 2);
        }
        return _macs.TryGetValue(mac.ToString(), out int n) ? $"8000.<MAC{n}:nocolon>" : "8000." + Hex12(hex);
    }

    private string Hex12(string hex)
    {
        foreach (var (id, n) in _ids)
        {
            if (id.StartsWith(hex, StringComparison.Ordinal))
            {
                return $"<ID{n}:12>";
            }
        }
        return "<HEX12_" + Number(_hex12, hex) + ">";
    }

    [GeneratedRegex("(?<![0-9a-zA-Z])[0-9a-f]{64}(?![0-9a-zA-Z])")]
    private static partial Regex Id64Pattern();

    [GeneratedRegex("(?<![0-9a-zA-Z:<])[0-9a-f]{12}(?![0-9a-zA-Z>])")]
    private static partial Regex Hex12Pattern();

    [GeneratedRegex(@"(?<![0-9.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9])")]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"\bon (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"time=\d+(\.\d+)? ms")]
    private static partial Regex PingTimePattern();

    [GeneratedRegex(@"(round-trip min/avg/max|rtt min/avg/max/mdev) = [\d.]+/[\d.]+/[\d.]+(/[\d.]+)? ms")]
    private static partial Regex RoundTripPattern();

    [GeneratedRegex(@"\b(hello_timer|tcn_timer|topology_change_timer|gc_timer|hold_timer|message_age_timer|forward_delay_timer) +\d+(\.\d+)?")]
    private static partial Regex BridgeTimerPattern();

    [GeneratedRegex(@"pid=\d+")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"(127\.0\.0\.11:|--sport )(?!53\b)(\d+)")]
    private static partial Regex DnsPortPattern();

    [GeneratedRegex("veth[0-9a-f]{7}(?![0-9a-zA-Z])")]
    private static partial Regex VethPattern();

    [GeneratedRegex("33:33:ff:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}")]
    private static partial Regex SolicitedNodePattern();

    [GeneratedRegex("(?<![0-9a-f:])[0-9a-f]{2}(:[0-9a-f]{2}){5}(?![0-9a-f:])")]
    private static partial Regex MacPattern();

    [GeneratedRegex("(?<=8000\\.)[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}(?![0-9a-f:])")]
    private static partial Regex EtherNtoaPattern();

    [GeneratedRegex("fe80::[0-9a-f:]+(?<!:)")]
    private static partial Regex LinkLocalPattern();

    [GeneratedRegex("8000\\.([0-9a-f]{12})(?![0-9a-zA-Z])")]
    private static partial Regex BridgeIdPattern();
}
