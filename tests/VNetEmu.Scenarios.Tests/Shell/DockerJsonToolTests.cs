using System.Text.RegularExpressions;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Shell;

/// <summary>The Docker goldens' <c>docker inspect -f "{{json …}}" C | python3 -m json.tool</c> lines, compared
/// with what the real host printed (../shared/reference/docker-goldens, ids masked as the goldens mask them).</summary>
public partial class DockerJsonToolTests
{
    private const string DefaultBridgeGolden = """
        {
            "Bridge": "",
            "SandboxID": "<ID>",
            "HairpinMode": false,
            "LinkLocalIPv6Address": "",
            "LinkLocalIPv6PrefixLen": 0,
            "Ports": {},
            "SandboxKey": "/var/run/docker/netns/<ID:12>",
            "SecondaryIPAddresses": null,
            "SecondaryIPv6Addresses": null,
            "EndpointID": "<ID>",
            "Gateway": "172.17.0.1",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "IPAddress": "172.17.0.2",
            "IPPrefixLen": 16,
            "IPv6Gateway": "",
            "MacAddress": "02:42:ac:11:00:02",
            "Networks": {
                "bridge": {
                    "IPAMConfig": null,
                    "Links": null,
                    "Aliases": null,
                    "NetworkID": "<ID>",
                    "EndpointID": "<ID>",
                    "Gateway": "172.17.0.1",
                    "IPAddress": "172.17.0.2",
                    "IPPrefixLen": 16,
                    "IPv6Gateway": "",
                    "GlobalIPv6Address": "",
                    "GlobalIPv6PrefixLen": 0,
                    "MacAddress": "02:42:ac:11:00:02",
                    "DriverOpts": null
                }
            }
        }
        """;

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex FullId();

    [GeneratedRegex("/netns/[0-9a-f]{12}")]
    private static partial Regex ShortId();

    [Fact]
    public void NetworkSettings_IsFormattedAsOnTheRealHost()
    {
        RunResult r = ShellHarness.Run("""
            docker run -d --name c1 busybox sleep 3600
            docker inspect -f "{{json .NetworkSettings}}" c1 | python3 -m json.tool
            """);
        Assert.True(r.Success, r.Error);
        string output = r.Transcript[(r.Transcript.IndexOf("json.tool\n", StringComparison.Ordinal) + "json.tool\n".Length)..];
        output = ShortId().Replace(FullId().Replace(output, "<ID>"), "/netns/<ID:12>");
        Assert.Equal(DefaultBridgeGolden + "\n", output);
    }

    [Fact]
    public void PublishedPorts_AreFormattedAsOnTheRealHost()
    {
        RunResult r = ShellHarness.Run("""
            docker run -d --name web -p 8080:80 nginx
            docker inspect -f "{{json .NetworkSettings.Ports}}" web | python3 -m json.tool
            """);
        Assert.True(r.Success, r.Error);
        Assert.EndsWith("""
            {
                "80/tcp": [
                    {
                        "HostIp": "0.0.0.0",
                        "HostPort": "8080"
                    },
                    {
                        "HostIp": "::",
                        "HostPort": "8080"
                    }
                ]
            }

            """, r.Transcript);
    }
}
