namespace VNetEmu.Engine.Namespaces;

/// <summary>The five IPv4 netfilter hooks, in the order a forwarded packet meets them.</summary>
public enum NfHook : byte
{
    PreRouting,
    LocalIn,
    Forward,
    LocalOut,
    PostRouting,
}

/// <summary>What a hook decided. <see cref="Stolen"/>: the filter took ownership (queued or freed it).</summary>
public enum NfVerdict : byte
{
    Accept,
    Drop,
    Stolen,
}
