namespace VNetEmu.Docker;

/// <summary>How the emulated dockerd was started (`vnetemu run --docker-version V --userland-proxy true|false`).</summary>
public sealed record DockerOptions(DockerVersion Version = DockerVersion.V27, bool UserlandProxy = true)
{
    /// <summary>`docker version`'s server version for each emulated release.</summary>
    public string ServerVersion => Version switch
    {
        DockerVersion.V20_10 => "20.10.24+dfsg1",
        DockerVersion.V27 => "27.5.1",
        DockerVersion.V28 => "28.5.2",
        _ => "29.1.2",
    };

    public string ApiVersion => Version switch
    {
        DockerVersion.V20_10 => "1.41",
        DockerVersion.V27 => "1.47",
        DockerVersion.V28 => "1.51",
        _ => "1.52",
    };

    /// <summary>Parses `20.10`, `27`, `28`, `29` (and full versions such as `27.5.1`).</summary>
    public static bool TryParseVersion(string text, out DockerVersion version)
    {
        version = DockerVersion.V27;
        string major = text.Split('.')[0];
        switch (major)
        {
            case "20" when text.StartsWith("20.10", StringComparison.Ordinal):
                version = DockerVersion.V20_10;
                return true;
            case "27":
                version = DockerVersion.V27;
                return true;
            case "28":
                version = DockerVersion.V28;
                return true;
            case "29":
                version = DockerVersion.V29;
                return true;
            default:
                return false;
        }
    }
}
