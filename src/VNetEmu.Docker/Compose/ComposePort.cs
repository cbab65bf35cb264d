namespace VNetEmu.Docker.Compose;

/// <summary>A published port.</summary>
/// <param name="Target">Container port or range.</param>
/// <param name="Published">Host port or range, empty for an ephemeral one.</param>
/// <param name="HostIp">Host address, empty for all.</param>
/// <param name="Protocol">tcp, udp or sctp.</param>
public sealed record ComposePort(string Target, string Published, string HostIp, string Protocol)
{
    /// <summary>The value of docker's <c>-p</c>: <c>[ip:][published:]target[/protocol]</c>.</summary>
    public string DockerSpec
    {
        get
        {
            string ip = HostIp.Contains(':') ? "[" + HostIp + "]" : HostIp;
            string head = HostIp.Length > 0 ? ip + ":" + Published + ":" : Published.Length > 0 ? Published + ":" : "";
            return head + Target + (Protocol == "tcp" ? "" : "/" + Protocol);
        }
    }
}
