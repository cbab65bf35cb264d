namespace VNetEmu.Docker;

/// <summary>The dockerd release whose behaviour is emulated (`--docker-version`): rule layouts, MAC addresses,
/// error texts and pool selection differ between them (../shared/reference/docker-semantics.md).</summary>
public enum DockerVersion
{
    /// <summary>20.10.24: the recorded goldens; classic layout.</summary>
    V20_10,

    /// <summary>27.x: classic layout (DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2). The default.</summary>
    V27,

    /// <summary>28.3–28.5: DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE, raw-table drops per endpoint.</summary>
    V28,

    /// <summary>29.x: DOCKER-INTERNAL instead of the isolation chains, no nat RETURN rules.</summary>
    V29,
}
