namespace VNetEmu.Docker.Compose;

/// <summary>The labels compose v2 puts on what it creates (pkg/api/labels.go) and the compose version it writes.
/// Networks carry them in the daemon (`docker network inspect`); the emulated daemon keeps no container labels
/// yet, so <see cref="ComposeBackend"/> holds the containers' labels by container id.</summary>
public static class ComposeLabels
{
    /// <summary>The compose release emulated: the plugin shipped alongside docker 27.5.1.</summary>
    public const string ComposeVersion = "2.32.4";

    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
    public const string ConfigHash = "com.docker.compose.config-hash";
    public const string ContainerNumber = "com.docker.compose.container-number";
    public const string Network = "com.docker.compose.network";
    public const string WorkingDir = "com.docker.compose.project.working_dir";
    public const string ConfigFiles = "com.docker.compose.project.config_files";
    public const string OneOff = "com.docker.compose.oneoff";
    public const string DependsOn = "com.docker.compose.depends_on";
    public const string Version = "com.docker.compose.version";
    public const string Replace = "com.docker.compose.replace";
}
