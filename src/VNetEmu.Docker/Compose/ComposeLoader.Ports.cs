using System.Net;
using YamlDotNet.RepresentationModel;

namespace VNetEmu.Docker.Compose;

public static partial class ComposeLoader
{
    private static List<ComposePort> LoadPorts(ComposeYaml yaml, YamlNode node, string field)
    {
        var result = new List<ComposePort>();
        foreach (YamlNode item in yaml.List(node, field).Children)
        {
            if (item is YamlMappingNode map)
            {
                List<KeyValuePair<string, YamlNode>> entries = ComposeYaml.Entries(map);
                yaml.CheckKeys(entries, field, ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]);
                string? Get(string key) => Find(entries, key) is YamlNode n && !ComposeYaml.IsNull(n) ? yaml.Scalar(n, field + "." + key) : null;
                string target = Get("target") ?? throw new ComposeException($"validating {yaml.Path}: {field} missing property target");
                result.Add(new ComposePort(CheckPort(target, "containerPort"), CheckPort(Get("published") ?? "", "hostPort", allowEmpty: true),
                    Get("host_ip") ?? "", Protocol(Get("protocol") ?? "tcp")));
                continue;
            }
            result.Add(ParseShortPort(yaml.Scalar(item, field, "must be a number or object")));
        }
        return result;
    }

    /// <summary>Short syntax: <c>[[host_ip:]published:]target[/protocol]</c>, ranges allowed, IPv6 in brackets.</summary>
    public static ComposePort ParseShortPort(string spec)
    {
        string protocol = "tcp";
        string rest = spec;
        int slash = rest.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = Protocol(rest[(slash + 1)..]);
            rest = rest[..slash];
        }
        string hostIp = "";
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                throw new ComposeException($"invalid IP address: {rest}");
            }
            hostIp = rest[1..close];
            rest = rest[(close + 2)..];
            if (!rest.Contains(':'))
            {
                rest = ":" + rest;
            }
        }
        string[] parts = rest.Split(':');
        string published = "";
        string target;
        switch (parts.Length)
        {
            case 1:
                target = parts[0];
                break;
            case 2:
                published = parts[0];
                target = parts[1];
                break;
            default:
                hostIp = hostIp.Length > 0 ? hostIp : string.Join(':', parts[..^2]);
                published = parts[^2];
                target = parts[^1];
                break;
        }
        if (hostIp.Length > 0 && !IPAddress.TryParse(hostIp, out _))
        {
            throw new ComposeException($"invalid IP address: {hostIp}");
        }
        return new ComposePort(CheckPort(target, "containerPort"), CheckPort(published, "hostPort", allowEmpty: true), hostIp, protocol);
    }

    private static string Protocol(string protocol) =>
        protocol.ToLowerInvariant() is "tcp" or "udp" or "sctp" ? protocol.ToLowerInvariant() : throw new ComposeException($"invalid proto: {protocol}");

    private static string CheckPort(string port, string what, bool allowEmpty = false)
    {
        if (port.Length == 0 && allowEmpty)
        {
            return port;
        }
        string[] range = port.Split('-');
        bool ok = range.Length is 1 or 2 && range.All(p => ushort.TryParse(p, out ushort n) && (n > 0 || what == "hostPort"))
            && (range.Length == 1 || ushort.Parse(range[0]) <= ushort.Parse(range[1]));
        return ok ? port : throw new ComposeException($"invalid {what}: {port}");
    }
}
