using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting;

namespace VNetEmu.Docker.Tests.Formatting;

/// <summary>JSON with the shape of docker's inspect output, as in the recorded goldens.</summary>
internal static class DockerShapes
{
    public static JsonObject AppNetwork() => new()
    {
        ["Name"] = "app",
        ["Id"] = "<ID1>",
        ["Created"] = "<TIME>",
        ["Scope"] = "local",
        ["Driver"] = "bridge",
        ["EnableIPv6"] = false,
        ["IPAM"] = new JsonObject
        {
            ["Driver"] = "default",
            ["Options"] = GoJson.Map(),
            ["Config"] = new JsonArray(new JsonObject { ["Subnet"] = "10.10.0.0/24", ["Gateway"] = "10.10.0.1" }),
        },
        ["Internal"] = false,
        ["Attachable"] = false,
        ["Ingress"] = false,
        ["ConfigFrom"] = new JsonObject { ["Network"] = "" },
        ["ConfigOnly"] = false,
        ["Containers"] = GoJson.Map(
        [
            Endpoint("<ID4>", "a2", "<ID5>", "02:42:0a:0a:00:03", "10.10.0.3/24"),
            Endpoint("<ID2>", "a1", "<ID3>", "02:42:0a:0a:00:02", "10.10.0.2/24"),
            Endpoint("<ID6>", "a3", "<ID7>", "02:42:0a:0a:00:04", "10.10.0.4/24"),
        ]),
        ["Options"] = GoJson.Map(),
        ["Labels"] = GoJson.Map(),
    };

    private static KeyValuePair<string, JsonNode?> Endpoint(string id, string name, string endpoint, string mac, string ip) =>
        KeyValuePair.Create(id, (JsonNode?)new JsonObject
        {
            ["Name"] = name,
            ["EndpointID"] = endpoint,
            ["MacAddress"] = mac,
            ["IPv4Address"] = ip,
            ["IPv6Address"] = "",
        });

    public static JsonObject WebContainer() => new()
    {
        ["Id"] = "<ID4>",
        ["HostnamePath"] = "/var/lib/docker/containers/<ID4>/hostname",
        ["State"] = new JsonObject { ["Status"] = "running", ["ExitCode"] = 0, ["Error"] = "" },
        ["HostConfig"] = new JsonObject
        {
            ["NetworkMode"] = "default",
            ["Links"] = null,
            ["PortBindings"] = GoJson.Map([KeyValuePair.Create("80/tcp", (JsonNode?)new JsonArray(
                new JsonObject { ["HostIp"] = "", ["HostPort"] = "8080" }))]),
        },
        ["Config"] = new JsonObject
        {
            ["Hostname"] = "<ID4:12>",
            ["Cmd"] = new JsonArray("httpd", "-f", "-p", "80"),
            ["ExposedPorts"] = null,
        },
        ["NetworkSettings"] = new JsonObject
        {
            ["IPAddress"] = "172.17.0.2",
            ["MacAddress"] = "02:42:ac:11:00:02",
            ["Ports"] = GoJson.Map([KeyValuePair.Create("80/tcp", (JsonNode?)new JsonArray(
                new JsonObject { ["HostIp"] = "0.0.0.0", ["HostPort"] = "8080" },
                new JsonObject { ["HostIp"] = "::", ["HostPort"] = "8080" }))]),
            ["Networks"] = GoJson.Map([KeyValuePair.Create("bridge", (JsonNode?)new JsonObject
            {
                ["IPAMConfig"] = null,
                ["Aliases"] = null,
                ["IPAddress"] = "172.17.0.2",
                ["IPPrefixLen"] = 16,
                ["MacAddress"] = "02:42:ac:11:00:02",
            })]),
        },
    };
}
