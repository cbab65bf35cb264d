using System.Globalization;
using VNetEmu.Wire;

namespace VNetEmu.Docker;

/// <summary>`-p` as the CLI reads it (go-connections nat.ParsePortSpec): `[IP:][HOST[-HOST2]:]CTR[-CTR2][/PROTO]`.
/// Errors are the CLI's texts (it prints them as `docker: TEXT.` and exits 125).</summary>
public static class PortSpec
{
    public static List<PortBinding> Parse(string spec)
    {
        string proto = "tcp";
        string rest = spec;
        int slash = rest.LastIndexOf('/');
        if (slash >= 0)
        {
            proto = rest[(slash + 1)..];
            rest = rest[..slash];
            if (proto is not ("tcp" or "udp" or "sctp"))
            {
                throw new DockerException($"Invalid proto: {proto}");
            }
        }
        string ip = "", host = "", ctr;
        string[] parts = rest.Split(':');
        switch (parts.Length)
        {
            case 1:
                ctr = parts[0];
                break;
            case 2:
                host = parts[0];
                ctr = parts[1];
                break;
            case 3:
                ip = parts[0];
                host = parts[1];
                ctr = parts[2];
                break;
            default:
                ip = string.Join(':', parts[..^2]).Trim('[', ']');
                host = parts[^2];
                ctr = parts[^1];
                break;
        }
        Ipv4Address hostIp = Ipv4Address.Any;
        if (ip.Length > 0 && !Ipv4Address.TryParse(ip, out hostIp))
        {
            throw new DockerException($"Invalid ip address: {ip}");
        }
        if (ctr.Length == 0)
        {
            throw new DockerException($"No port specified: {spec}<empty>");
        }
        if (!TryRange(ctr, out int cLow, out int cHigh))
        {
            throw new DockerException($"Invalid containerPort: {ctr}");
        }
        int hLow = 0, hHigh = 0;
        if (host.Length > 0 && !TryRange(host, out hLow, out hHigh))
        {
            throw new DockerException($"Invalid hostPort: {host}");
        }
        if (host.Length > 0 && cHigh - cLow != hHigh - hLow && cHigh != cLow)
        {
            throw new DockerException($"Invalid ranges specified for container and host Ports: {ctr} and {host}");
        }
        var list = new List<PortBinding>();
        for (int c = cLow; c <= cHigh; c++)
        {
            if (host.Length == 0)
            {
                list.Add(new PortBinding(proto, hostIp, ip.Length > 0, 0, 0, (ushort)c));
            }
            else if (cHigh == cLow)
            {
                list.Add(new PortBinding(proto, hostIp, ip.Length > 0, (ushort)hLow, (ushort)hHigh, (ushort)c));
            }
            else
            {
                int h = hLow + (c - cLow);
                list.Add(new PortBinding(proto, hostIp, ip.Length > 0, (ushort)h, (ushort)h, (ushort)c));
            }
        }
        return list;
    }

    private static bool TryRange(string text, out int low, out int high)
    {
        low = high = 0;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string a = dash < 0 ? text : text[..dash];
        string b = dash < 0 ? text : text[(dash + 1)..];
        if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out low) || !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out high))
        {
            return false;
        }
        return low is >= 0 and <= 65535 && high is >= 0 and <= 65535 && high >= low;
    }
}
